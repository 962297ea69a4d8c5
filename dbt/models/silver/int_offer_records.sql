{{
    config(
        materialized='incremental',
        unique_key='record_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
-- One row per source record (a France Travail offer or an Adzuna job) with every field read and
-- normalised: location, contract, experience and seniority, salary, remote work, and the keys
-- deduplication compares. Incremental: a run only reads the records whose payload landed after
-- the newest one already read (payload_seen_at, the first_seen_at of the payload version; every
-- ingest run lands under the warehouse lock with one fetch time, so a run is never half-read).
-- First/last seen times are refreshed for all records downstream (int_offer_activity), so an
-- unchanged offer costs nothing here.
with francetravail as (
    select
        record_id,
        'francetravail' as source,
        source_id,
        payload_hash,
        payload_seen_at,
        title,
        description,
        company_name,
        created_at,
        updated_at,
        url,
        location_label,
        {{ dbt.concat(["coalesce(location_label, '')", "'|'", "coalesce(postal_code, '')", "'|'", "coalesce(commune_code, '')"]) }} as location_key,
        latitude,
        longitude,
        rome_code,
        rome_label,
        appellation_label,
        {{ dbt.concat(["coalesce(contract_code, '')", "'|'", "coalesce(contract_label, '')", "'|'", "coalesce(contract_nature, '')", "'|'", "coalesce(cast(is_alternance as " ~ dbt.type_string() ~ "), '')", "'|'", "coalesce(working_time_label, '')"]) }} as contract_key,
        experience_code,
        experience_label,
        salary_label as salary_text,
        salary_label,
        sector,
        qualification
    from {{ ref('stg_francetravail__offers') }}
    {% if is_incremental() %}
    where payload_seen_at > (select coalesce(max(payload_seen_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }})
    {% endif %}
),

adzuna as (
    select
        record_id,
        'adzuna' as source,
        source_id,
        payload_hash,
        payload_seen_at,
        title,
        description,
        company_name,
        created_at,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at,
        url,
        location_label,
        {{ dbt.concat(["coalesce(area_region, '')", "'|'", "coalesce(area_departement, '')", "'|'", "coalesce(area_city, '')", "'|'", "coalesce(area_locality, '')"]) }} as location_key,
        latitude,
        longitude,
        cast(null as {{ dbt.type_string() }}) as rome_code,
        cast(null as {{ dbt.type_string() }}) as rome_label,
        cast(null as {{ dbt.type_string() }}) as appellation_label,
        {{ dbt.concat(["coalesce(contract_type, '')", "'|'", "coalesce(contract_time, '')"]) }} as contract_key,
        cast(null as {{ dbt.type_string() }}) as experience_code,
        cast(null as {{ dbt.type_string() }}) as experience_label,
        case when salary_min is not null and not salary_is_predicted
            then cast(salary_min as {{ dbt.type_string() }}) || '-' || cast(coalesce(salary_max, salary_min) as {{ dbt.type_string() }})
        end as salary_text,
        cast(null as {{ dbt.type_string() }}) as salary_label,
        case when category_tag is not null and category_tag <> 'unknown' then category_label end as sector,
        cast(null as {{ dbt.type_string() }}) as qualification
    from {{ ref('stg_adzuna__jobs') }}
    {% if is_incremental() %}
    where payload_seen_at > (select coalesce(max(payload_seen_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }})
    {% endif %}
),

records as (
    select * from francetravail
    union all
    select * from adzuna
),

words as (
    select
        records.*,
        {{ normalize_words('title') }} as title_words,
        {{ normalize_words("coalesce(title, '') || ' ' || coalesce(description, '')") }} as text_words
    from records
),

title_contract as (
    select w.record_id, min(k.priority) as priority
    from words as w
    inner join {{ ref('contract_keywords') }} as k
        on {{ dbt.position("' ' || k.keyword || ' '", 'w.title_words') }} > 0
    group by w.record_id
),

text_contract as (
    select w.record_id, min(k.priority) as priority
    from words as w
    inner join {{ ref('contract_keywords') }} as k
        on {{ dbt.position("' ' || k.keyword || ' '", 'w.text_words') }} > 0
    where k.contract_type in ('CDI', 'CDD', 'INTERIM', 'ALTERNANCE', 'STAGE')
    group by w.record_id
),

title_seniority as (
    select
        w.record_id,
        max(case k.seniority when 'DEBUTANT' then 1 when 'JUNIOR' then 2 when 'CONFIRME' then 3 when 'SENIOR' then 4 end) as level
    from words as w
    inner join {{ ref('seniority_keywords') }} as k
        on {{ dbt.position("' ' || k.keyword || ' '", 'w.title_words') }} > 0
    group by w.record_id
),

text_seniority as (
    select
        w.record_id,
        max(case k.seniority when 'DEBUTANT' then 1 when 'JUNIOR' then 2 when 'CONFIRME' then 3 when 'SENIOR' then 4 end) as level
    from words as w
    inner join {{ ref('seniority_keywords') }} as k
        on k.in_text and {{ dbt.position("' ' || k.keyword || ' '", 'w.text_words') }} > 0
    group by w.record_id
),

read as (
    select
        w.*,
        c.stated_contract_type,
        c.contract_label,
        c.duration_months,
        c.working_time,
        tck.contract_type as title_contract_type,
        xck.contract_type as text_contract_type,
        e.experience_months as stated_experience_months,
        e.experience_seniority,
        -- "3 ans d'expérience", "expérience de 2 ans", "expérience significative de 5 ans" in the text
        {{ dbt.safe_cast(regex_extract('w.text_words', ' ([0-9]{1,2}) (ans?|annees?) (minimum )?(d |de )?experiences? ', 1), dbt.type_int()) }} as text_years,
        {{ dbt.safe_cast(regex_extract('w.text_words', ' experiences? ([a-z]+ ){0,2}(de |d au moins |minimum )([0-9]{1,2}) (ans?|annees?) ', 3), dbt.type_int()) }} as text_years_after,
        case ts.level when 1 then 'DEBUTANT' when 2 then 'JUNIOR' when 3 then 'CONFIRME' when 4 then 'SENIOR' end as title_seniority,
        case xs.level when 1 then 'DEBUTANT' when 2 then 'JUNIOR' when 3 then 'CONFIRME' when 4 then 'SENIOR' end as text_seniority,
        s.period as salary_period,
        s.amount_min as salary_min,
        s.amount_max as salary_max,
        s.annual_min_eur as salary_annual_min_eur,
        s.annual_max_eur as salary_annual_max_eur,
        coalesce(s.parsed, false) as salary_parsed,
        l.city,
        l.postal_code,
        l.commune_code,
        l.departement_code,
        l.region_code as location_region_code
    from words as w
    left join {{ ref('int_contracts__mapped') }} as c on c.source = w.source and c.contract_key = w.contract_key
    left join title_contract as tc on tc.record_id = w.record_id
    left join (select contract_type, min(priority) as priority from {{ ref('contract_keywords') }} group by contract_type) as tck
        on tck.priority = tc.priority
    left join text_contract as xc on xc.record_id = w.record_id
    left join (select contract_type, min(priority) as priority from {{ ref('contract_keywords') }} group by contract_type) as xck
        on xck.priority = xc.priority
    left join {{ ref('int_experience__parsed') }} as e
        on w.source = 'francetravail'
        and coalesce(e.experience_code, '~') = coalesce(w.experience_code, '~')
        and coalesce(e.experience_label, '~') = coalesce(w.experience_label, '~')
    left join title_seniority as ts on ts.record_id = w.record_id
    left join text_seniority as xs on xs.record_id = w.record_id
    left join {{ ref('int_salaries__parsed') }} as s on s.source = w.source and s.salary_text = w.salary_text
    left join {{ ref('int_locations__parsed') }} as l on l.source = w.source and l.location_key = w.location_key
),

final as (
    select
        r.*,
        coalesce(r.stated_experience_months, case when coalesce(r.text_years, r.text_years_after) <= 40 then coalesce(r.text_years, r.text_years_after) * 12 end) as experience_months
    from read as r
)

select
    f.record_id,
    f.source,
    f.source_id,
    f.payload_hash,
    f.payload_seen_at,
    f.title,
    f.description,
    f.company_name,
    f.url,
    f.created_at,
    f.updated_at,
    f.location_label,
    f.city,
    f.postal_code,
    f.commune_code,
    f.departement_code,
    coalesce(d.region_code, f.location_region_code) as region_code,
    case when f.latitude between -90 and 90 and f.longitude between -180 and 180 and not (f.latitude = 0 and f.longitude = 0) then f.latitude end as latitude,
    case when f.latitude between -90 and 90 and f.longitude between -180 and 180 and not (f.latitude = 0 and f.longitude = 0) then f.longitude end as longitude,
    f.rome_code,
    f.rome_label,
    f.appellation_label,
    case
        when f.stated_contract_type is not null and not (f.source = 'adzuna' and coalesce(f.title_contract_type, '') in ('INTERIM', 'ALTERNANCE', 'STAGE')) then f.stated_contract_type
        when f.title_contract_type is not null then f.title_contract_type
        when f.text_contract_type is not null then f.text_contract_type
        else 'AUTRE'
    end as contract_type,
    case
        when f.stated_contract_type is not null and not (f.source = 'adzuna' and coalesce(f.title_contract_type, '') in ('INTERIM', 'ALTERNANCE', 'STAGE')) then 'stated'
        when f.title_contract_type is not null then 'title'
        when f.text_contract_type is not null then 'description'
        else 'none'
    end as contract_type_origin,
    f.contract_label,
    f.duration_months,
    f.working_time,
    f.experience_months,
    coalesce(
        f.title_seniority,
        f.experience_seniority,
        case
            when f.experience_months is null then null
            when f.experience_months = 0 then 'DEBUTANT'
            when f.experience_months < 24 then 'JUNIOR'
            when f.experience_months < 60 then 'CONFIRME'
            else 'SENIOR'
        end,
        f.text_seniority
    ) as seniority,
    case
        when f.title_seniority is not null then 'title'
        when f.experience_seniority is not null then 'experience'
        when f.experience_months is not null then 'description'
        when f.text_seniority is not null then 'description'
    end as seniority_origin,
    f.salary_label,
    f.salary_min,
    f.salary_max,
    f.salary_period,
    f.salary_annual_min_eur,
    f.salary_annual_max_eur,
    f.salary_parsed,
    case
        when {{ regex_matches('f.text_words', ' (pas de|sans|aucun|non) (teletravail|remote) ') }} then 'NONE'
        when {{ regex_matches('f.text_words', ' (full remote|100 remote|full teletravail|100 teletravail|teletravail (complet|total|integral)|entierement (a distance|en teletravail)|fully remote) ') }} then 'FULL'
        when {{ regex_matches('f.text_words', ' (teletravail|remote|hybride|home office|travail a distance) ') }} then 'PARTIAL'
        else 'NONE'
    end as remote,
    f.sector,
    f.qualification,
    -- deduplication keys
    trim({{ regex_replace_all(regex_replace_all('f.title_words', ' (h f d|f h d|h f x|f h x|h f|f h|hf|fh|hfd) ', ' '), ' +', ' ') }}) as title_key,
    nullif(trim({{ regex_replace_all(normalize_words('f.company_name'), ' (sas|sasu|sa|sarl|eurl|sci|scop|groupe|group|france) ', ' ') }}), '') as company_key,
    substr(trim({{ normalize_words('f.description') }}), 1, 500) as description_key
from final as f
left join {{ ref('departements') }} as d on d.departement_code = f.departement_code
