-- Open offers per département (seed departements), including départements with none.
select
    d.departement_code,
    d.departement_name,
    d.region_code,
    count(o.offer_id) as offers
from {{ ref('departements') }} as d
left join {{ ref('gold_active_offers') }} as o on o.departement_code = d.departement_code
group by d.departement_code, d.departement_name, d.region_code
