-- Which silver offer each source record belongs to. Matched pairs (int_offer_duplicate_pairs) are
-- edges; each record points to the first record of its neighbourhood (earliest created, France
-- Travail before Adzuna, then record id), and that pointer is followed once more, so chains of up
-- to three records collapse onto one representative. The silver offer id is the representative's
-- record id, e.g. "francetravail:183DSTK": stable while that record lives.
with records as (
    select
        record_id,
        row_number() over (
            order by created_at nulls last, case source when 'francetravail' then 0 else 1 end, record_id
        ) as record_order
    from {{ ref('int_offer_records') }}
),

edges as (
    select record_a as record_id, record_b as neighbour_id from {{ ref('int_offer_duplicate_pairs') }} where is_duplicate
    union all
    select record_b as record_id, record_a as neighbour_id from {{ ref('int_offer_duplicate_pairs') }} where is_duplicate
    union all
    select record_id, record_id as neighbour_id from records
),

first_hop as (
    select
        e.record_id,
        min(r.record_order) as representative_order
    from edges as e
    inner join records as r on r.record_id = e.neighbour_id
    group by e.record_id
),

first_hop_ids as (
    select f.record_id, r.record_id as representative_id
    from first_hop as f
    inner join records as r on r.record_order = f.representative_order
)

select
    f.record_id,
    coalesce(s.representative_id, f.representative_id) as offer_id
from first_hop_ids as f
left join first_hop_ids as s on s.record_id = f.representative_id
