-- Open offers per region (seed regions), including regions with none.
select
    r.region_code,
    r.region_name,
    count(o.offer_id) as offers
from {{ ref('regions') }} as r
left join {{ ref('gold_active_offers') }} as o on o.region_code = r.region_code
group by r.region_code, r.region_name
