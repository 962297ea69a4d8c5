-- No two open silver offers come from the same source record (source + source id).
select s.source, s.source_id, count(distinct s.offer_id) as offers
from {{ ref('silver_offer_sources') }} as s
inner join {{ ref('silver_offers') }} as o on o.offer_id = s.offer_id
where o.is_active
group by s.source, s.source_id
having count(distinct s.offer_id) > 1
