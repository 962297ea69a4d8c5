-- Every open offer that knows its INSEE commune knows its département (and its region).
select offer_id, commune_code, departement_code, region_code
from {{ ref('silver_offers') }}
where is_active and commune_code is not null and (departement_code is null or region_code is null)
