-- When each source record was first and last seen by ingest, and whether it is still open.
-- Closing rule: a record is closed when ingest has not seen it for more than `close_after_days`
-- days before the latest time ingest saw any record of the same source. A source that stops being
-- ingested therefore closes nothing (no news is not bad news), and a record seen again reopens.
with seen as (
    select
        source || ':' || source_id as record_id,
        source,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from {{ source('bronze', 'raw_offers') }}
    group by source, source_id
),

latest_by_source as (
    select source, max(last_seen_at) as source_last_seen_at
    from seen
    group by source
)

select
    s.record_id,
    s.source,
    s.first_seen_at,
    s.last_seen_at,
    l.source_last_seen_at,
    s.last_seen_at >= {{ dbt.dateadd('day', -1 * var('close_after_days'), 'l.source_last_seen_at') }} as is_active
from seen as s
inner join latest_by_source as l on l.source = s.source
