-- One curated document per open offer: the curated topic holds exactly the open offers.
select o.offer_id
from {{ ref('gold_active_offers') }} as o
left join {{ ref('gold_curated_offers') }} as c on c.offer_id = o.offer_id
where c.offer_id is null
