-- The source records behind each silver offer: one row per (offer, source record), with the
-- record's URL. An offer deduplicated from France Travail and Adzuna has two rows.
select
    c.offer_id,
    r.record_id,
    r.source,
    r.source_id,
    r.url,
    r.created_at,
    a.is_active
from {{ ref('int_offer_clusters') }} as c
inner join {{ ref('int_offer_records') }} as r on r.record_id = c.record_id
inner join {{ ref('int_offer_activity') }} as a on a.record_id = r.record_id
