-- One row per distinct real-world offer: the records deduplication put together (int_offer_clusters)
-- merged into one. Fields come from the representative record (the earliest), except where another
-- record of the offer knows better: the longest description (France Travail's full text beats
-- Adzuna's 500-character snippet), the first known company, ROME code, salary, contract duration,
-- working time, seniority and coordinates. Open while any of its records is open (int_offer_activity).
with records as (
    -- narrow: the long texts are fetched once, by id, after the merge
    select
        c.offer_id,
        r.record_id,
        r.created_at,
        r.updated_at,
        coalesce(length(r.description), 0) as description_length,
        r.company_name,
        r.rome_code,
        r.rome_label,
        r.salary_parsed,
        r.latitude,
        r.commune_code,
        r.departement_code,
        r.duration_months,
        r.working_time,
        r.seniority,
        r.experience_months,
        r.contract_type,
        r.contract_type_origin,
        r.remote,
        a.first_seen_at,
        a.last_seen_at,
        a.is_active,
        -- a unique rank within the offer (representative first) breaks every tie below, so the
        -- merge, and with it the published document, is the same at every run
        row_number() over (
            partition by c.offer_id
            order by case when r.record_id = c.offer_id then 0 else 1 end, r.created_at, r.record_id
        ) as pos
    from {{ ref('int_offer_records') }} as r
    inner join {{ ref('int_offer_clusters') }} as c on c.record_id = r.record_id
    inner join {{ ref('int_offer_activity') }} as a on a.record_id = r.record_id
),

merged as (
    select
        offer_id,
        count(*) as record_count,
        max_by(record_id, description_length * 1000 - pos) as description_record_id,
        max_by(company_name, case when company_name is not null then 1000000 - pos else -pos end) as company_name,
        max_by(rome_code, case when rome_code is not null then 1000000 - pos else -pos end) as rome_code,
        max_by(rome_label, case when rome_code is not null then 1000000 - pos else -pos end) as rome_label,
        max_by(record_id, case when salary_parsed then 1000000 - pos else -pos end) as salary_record_id,
        max_by(record_id, case when latitude is not null then 1000000 - pos else -pos end) as coordinates_record_id,
        max_by(record_id, case when commune_code is not null then 2000000 - pos when departement_code is not null then 1000000 - pos else -pos end) as location_record_id,
        max_by(duration_months, case when duration_months is not null then 1000000 - pos else -pos end) as duration_months,
        max_by(working_time, case when working_time is not null then 1000000 - pos else -pos end) as working_time,
        max_by(seniority, case when seniority is not null then 1000000 - pos else -pos end) as seniority,
        max_by(experience_months, case when experience_months is not null then 1000000 - pos else -pos end) as experience_months,
        max_by(contract_type, case when contract_type_origin = 'stated' then 2000000 - pos when contract_type <> 'AUTRE' then 1000000 - pos else -pos end) as contract_type,
        min(created_at) as created_at,
        max(coalesce(updated_at, created_at)) as updated_at,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        max(case when is_active then 1 else 0 end) = 1 as is_active,
        max(case when remote = 'FULL' then 2 when remote = 'PARTIAL' then 1 else 0 end) as remote_level
    from records
    group by offer_id
)

select
    m.offer_id,
    rep.title,
    txt.description,
    m.company_name,
    rep.url,
    rep.source as primary_source,
    m.record_count,
    m.created_at,
    m.updated_at,
    m.first_seen_at,
    m.last_seen_at,
    m.is_active,
    loc.location_label,
    loc.city,
    loc.postal_code,
    loc.commune_code,
    loc.departement_code,
    d.departement_name,
    loc.region_code,
    reg.region_name,
    coo.latitude,
    coo.longitude,
    m.contract_type,
    coalesce(rep.contract_label, ct.label_fr) as contract_label,
    m.duration_months,
    m.working_time,
    m.rome_code,
    m.rome_label,
    rep.appellation_label,
    m.seniority,
    m.experience_months,
    sal.salary_label,
    sal.salary_min,
    sal.salary_max,
    sal.salary_period,
    sal.salary_annual_min_eur,
    sal.salary_annual_max_eur,
    coalesce(sal.salary_parsed, false) as salary_parsed,
    case m.remote_level when 2 then 'FULL' when 1 then 'PARTIAL' else 'NONE' end as remote,
    rep.sector,
    rep.qualification
from merged as m
inner join {{ ref('int_offer_records') }} as rep on rep.record_id = m.offer_id
inner join {{ ref('int_offer_records') }} as txt on txt.record_id = m.description_record_id
inner join {{ ref('int_offer_records') }} as loc on loc.record_id = m.location_record_id
inner join {{ ref('int_offer_records') }} as coo on coo.record_id = m.coordinates_record_id
inner join {{ ref('int_offer_records') }} as sal on sal.record_id = m.salary_record_id
left join {{ ref('departements') }} as d on d.departement_code = loc.departement_code
left join {{ ref('regions') }} as reg on reg.region_code = loc.region_code
left join {{ ref('contract_types') }} as ct on ct.contract_type = m.contract_type
