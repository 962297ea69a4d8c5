-- Every distinct place as the sources write it, read into city, postal code, INSEE commune and
-- département code. France Travail: "<dept> - <commune or area>" labels ("75 - Paris 15e
-- Arrondissement", "2A - Ajaccio", "974 - LA POSSESSION", "01 - Ain") plus codePostal / commune;
-- the département comes from the label prefix, else the INSEE commune, else the postal code.
-- Adzuna: location.area = [country, region, département, city, locality]; the département is
-- matched by name on the seed, the commune by name on the communes France Travail offers named.
with francetravail as (
    select distinct location_label, postal_code, commune_code
    from {{ ref('stg_francetravail__offers') }}
),

francetravail_read as (
    select
        location_label,
        postal_code,
        commune_code,
        upper({{ regex_extract('location_label', '^ *([0-9]{2,3}|2[AaBb]) - ', 1) }}) as label_departement,
        trim({{ regex_extract('location_label', '^ *([0-9]{2,3}|2[AaBb]) - (.+)$', 2) }}) as label_place,
        case
            when commune_code like '97%' then substr(commune_code, 1, 3)
            when commune_code is not null then substr(commune_code, 1, 2)
        end as commune_departement,
        case
            when postal_code like '97%' then substr(postal_code, 1, 3)
            when postal_code like '20%' and postal_code < '20200' then '2A'
            when postal_code like '20%' then '2B'
            when postal_code is not null then substr(postal_code, 1, 2)
        end as postal_departement
    from francetravail
),

francetravail_located as (
    select
        'francetravail' as source,
        {{ dbt.concat(["coalesce(location_label, '')", "'|'", "coalesce(postal_code, '')", "'|'", "coalesce(commune_code, '')"]) }} as location_key,
        location_label,
        r.label_place,
        postal_code,
        commune_code,
        coalesce(r.label_departement, r.commune_departement, r.postal_departement) as departement_code
    from francetravail_read as r
),

francetravail_final as (
    select
        l.source,
        l.location_key,
        l.location_label,
        -- a département-level label ("01 - Ain", "75 - Paris (Dept.)", "59 - Nord") names no city
        case
            when l.label_place is null then null
            when {{ normalize_text('l.label_place') }} like '%(dept.)%' then null
            when l.departement_code <> '75' and {{ normalize_words('l.label_place') }} = {{ normalize_words('d.departement_name') }} then null
            else l.label_place
        end as city,
        l.postal_code,
        l.commune_code,
        l.departement_code
    from francetravail_located as l
    left join {{ ref('departements') }} as d on d.departement_code = l.departement_code
),

adzuna as (
    select min(location_label) as location_label, area_region, area_departement, area_city, area_locality
    from {{ ref('stg_adzuna__jobs') }}
    group by area_region, area_departement, area_city, area_locality
),

adzuna_located as (
    select
        'adzuna' as source,
        {{ dbt.concat(["coalesce(a.area_region, '')", "'|'", "coalesce(a.area_departement, '')", "'|'", "coalesce(a.area_city, '')", "'|'", "coalesce(a.area_locality, '')"]) }} as location_key,
        a.location_label,
        case
            when d.departement_code = '75' then 'Paris'
            when a.area_locality is not null then a.area_locality
            else a.area_city
        end as city,
        d.departement_code,
        r.region_code
    from adzuna as a
    left join {{ ref('departements') }} as d
        on {{ normalize_words('d.departement_name') }} = {{ normalize_words('a.area_departement') }}
    left join {{ ref('regions') }} as r
        on {{ normalize_words('r.adzuna_name') }} = {{ normalize_words('a.area_region') }}
),

-- Communes France Travail offers name, by département and normalised name, when unambiguous.
observed_communes as (
    select
        departement_code,
        {{ normalize_words('city') }} as city_key,
        min(commune_code) as commune_code,
        min(postal_code) as postal_code
    from francetravail_final
    where city is not null and commune_code is not null
    group by departement_code, {{ normalize_words('city') }}
    having count(distinct commune_code) = 1
),

adzuna_final as (
    select
        a.source,
        a.location_key,
        a.location_label,
        a.city,
        c.postal_code,
        c.commune_code,
        a.departement_code,
        a.region_code
    from adzuna_located as a
    left join observed_communes as c
        on c.departement_code = a.departement_code and c.city_key = {{ normalize_words('a.city') }}
)

select
    source, location_key, location_label, city, postal_code, commune_code, departement_code,
    cast(null as {{ dbt.type_string() }}) as region_code
from francetravail_final
union all
select source, location_key, location_label, city, postal_code, commune_code, departement_code, region_code
from adzuna_final
