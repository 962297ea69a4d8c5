-- Open offers per city (INSEE commune when known, else the city as written) within its département.
with offers as (
    select
        departement_code,
        commune_code,
        city,
        coalesce(commune_code, {{ normalize_words('city') }}) as city_key
    from {{ ref('gold_active_offers') }}
    where city is not null
)

select
    departement_code,
    city_key,
    max(commune_code) as commune_code,
    -- the spelling most offers use
    max_by(city, city_count) as city,
    sum(city_count) as offers
from (
    select departement_code, city_key, commune_code, city, count(*) as city_count
    from offers
    group by departement_code, city_key, commune_code, city
) as spellings
group by departement_code, city_key
