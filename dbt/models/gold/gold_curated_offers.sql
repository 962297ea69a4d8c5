-- The curated offer documents jobs/transform publishes to jobmarket.offers.curated.v1: one row per
-- open offer, `document` being the CuratedOffer JSON (packages/events, schema curated-offer) field for
-- field except `curatedAt`, which the job stamps when it publishes. `content_hash` (MD5 of the
-- document) is how the job tells a changed offer from an unchanged one.
with sources as (
    select
        s.offer_id,
        {{ json_array_agg(json_object(["'source'", 's.source', "'sourceId'", 's.source_id', "'url'", 's.url']), 's.source, s.source_id') }} as sources
    from {{ ref('silver_offer_sources') }} as s
    inner join {{ ref('gold_active_offers') }} as o on o.offer_id = s.offer_id
    group by s.offer_id
),

hard_skills as (
    select
        h.offer_id,
        {{ json_array_agg(json_object(["'id'", 'h.skill_id', "'label'", 'h.skill_label', "'required'", 'h.required']), "case h.origin when 'source' then 0 else 1 end, h.first_position, h.skill_id") }} as hard_skills
    from {{ ref('silver_offer_hard_skills') }} as h
    inner join {{ ref('gold_active_offers') }} as o on o.offer_id = h.offer_id
    group by h.offer_id
),

soft_skills as (
    select
        s.offer_id,
        {{ json_array_agg(json_object(["'id'", 's.soft_skill_id', "'label'", 'k.label', "'description'", 'k.description']), "case s.origin when 'source' then 0 else 1 end, s.soft_skill_id") }} as soft_skills
    from {{ ref('silver_offer_soft_skills') }} as s
    inner join {{ ref('soft_skills') }} as k on k.soft_skill_id = s.soft_skill_id
    inner join {{ ref('gold_active_offers') }} as o on o.offer_id = s.offer_id
    group by s.offer_id
),

documents as (
    select
        o.offer_id,
        o.rome_predicted,
        {{ json_object([
            "'id'", 'o.offer_id',
            "'title'", 'o.title',
            "'description'", 'o.description',
            "'company'", 'o.company_name',
            "'url'", 'o.url',
            "'sources'", 'src.sources',
            "'createdAt'", iso_timestamp('o.created_at'),
            "'updatedAt'", iso_timestamp('o.updated_at'),
            "'location'", json_object([
                "'label'", 'o.location_label',
                "'city'", 'o.city',
                "'postalCode'", 'o.postal_code',
                "'communeCode'", 'o.commune_code',
                "'departementCode'", 'o.departement_code',
                "'departementName'", 'o.departement_name',
                "'regionCode'", 'o.region_code',
                "'regionName'", 'o.region_name',
                "'latitude'", 'o.latitude',
                "'longitude'", 'o.longitude',
            ]),
            "'contract'", json_object([
                "'type'", 'o.contract_type',
                "'label'", 'o.contract_label',
                "'durationMonths'", 'o.duration_months',
                "'workingTime'", 'o.working_time',
            ]),
            "'rome'", json_object([
                "'code'", 'o.rome_code',
                "'label'", 'o.rome_label',
                "'domainCode'", 'o.domain_code',
                "'domainLabel'", 'o.domain_label',
                "'predicted'", 'o.rome_predicted',
            ]),
            "'seniority'", 'o.seniority',
            "'experienceMonths'", 'cast(o.experience_months as ' ~ dbt.type_int() ~ ')',
            "'salary'", json_object([
                "'min'", 'o.salary_min',
                "'max'", 'o.salary_max',
                "'period'", 'o.salary_period',
                "'annualMinEur'", 'o.salary_annual_min_eur',
                "'annualMaxEur'", 'o.salary_annual_max_eur',
                "'label'", 'o.salary_label',
                "'parsed'", 'o.salary_parsed',
            ]),
            "'remote'", 'o.remote',
            "'hardSkills'", 'coalesce(hs.hard_skills, ' ~ json_empty_array() ~ ')',
            "'softSkills'", 'coalesce(ss.soft_skills, ' ~ json_empty_array() ~ ')',
            "'sector'", 'o.sector',
            "'qualification'", 'o.qualification',
        ]) }} as document
    from {{ ref('gold_active_offers') }} as o
    inner join sources as src on src.offer_id = o.offer_id
    left join hard_skills as hs on hs.offer_id = o.offer_id
    left join soft_skills as ss on ss.offer_id = o.offer_id
    where o.title is not null
)

select
    offer_id,
    {{ json_to_text('document') }} as document,
    md5({{ json_to_text('document') }}) as content_hash,
    rome_predicted
from documents
