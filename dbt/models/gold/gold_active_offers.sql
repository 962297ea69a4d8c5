-- The open silver offers with everything gold needs in one row: the ROME code (the source's, else
-- the classifier's prediction from ml.rome_predictions, flagged `rome_predicted`), its label from the
-- ROME referential, its domaine professionnel (3 characters, e.g. M18) and grand domaine (1 letter).
-- Every gold model reads this one, so the curated documents and the aggregates always agree.
with predictions as (
    select
        record_id,
        rome_code,
        row_number() over (partition by record_id order by predicted_at desc nulls last, score desc nulls last) as recency
    from {{ source('ml', 'rome_predictions') }}
),

offers as (
    select
        s.*,
        coalesce(s.rome_code, p.rome_code) as final_rome_code,
        s.rome_code is null and p.rome_code is not null as rome_predicted
    from {{ ref('silver_offers') }} as s
    left join predictions as p on p.record_id = s.offer_id and p.recency = 1
    where s.is_active
)

select
    o.offer_id,
    o.title,
    o.description,
    o.company_name,
    o.url,
    o.primary_source,
    o.record_count,
    o.created_at,
    o.updated_at,
    o.first_seen_at,
    o.last_seen_at,
    o.location_label,
    o.city,
    o.postal_code,
    o.commune_code,
    o.departement_code,
    o.departement_name,
    o.region_code,
    o.region_name,
    o.latitude,
    o.longitude,
    o.contract_type,
    o.contract_label,
    o.duration_months,
    o.working_time,
    o.final_rome_code as rome_code,
    -- the label the source gave with its code (the ROME version it used), else the referential's
    coalesce(case when not o.rome_predicted then o.rome_label end, m.rome_label) as rome_label,
    o.rome_predicted,
    substr(o.final_rome_code, 1, 3) as domain_code,
    d.domain_label,
    substr(o.final_rome_code, 1, 1) as grand_domaine_code,
    g.grand_domaine_label,
    o.appellation_label,
    o.seniority,
    o.experience_months,
    o.salary_label,
    o.salary_min,
    o.salary_max,
    o.salary_period,
    o.salary_annual_min_eur,
    o.salary_annual_max_eur,
    o.salary_parsed,
    o.remote,
    o.sector,
    o.qualification
from offers as o
left join {{ ref('stg_rome__metiers') }} as m on m.rome_code = o.final_rome_code
left join {{ ref('stg_rome__domaines') }} as d on d.domain_code = substr(o.final_rome_code, 1, 3)
left join {{ ref('rome_grands_domaines') }} as g on g.grand_domaine_code = substr(o.final_rome_code, 1, 1)
