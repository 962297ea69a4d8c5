-- Soft skills (savoir-être) of each source record on the canonical list (seed soft_skills):
-- the qualitesProfessionnelles France Travail gives (origin 'source', mapped in
-- int_soft_skill_labels__mapped) and, for records that give none, the keywords of the canonical
-- list found in the title and description (origin 'text': "autonome", "rigoureux", "esprit d'équipe").
with source_skills as (
    select distinct q.record_id, m.soft_skill_id
    from {{ ref('stg_francetravail__offer_qualities') }} as q
    inner join {{ ref('int_soft_skill_labels__mapped') }} as m on m.quality_label = q.quality_label
    where m.soft_skill_id is not null
),

records as (
    select record_id, {{ normalize_words("coalesce(title, '') || ' ' || coalesce(description, '')") }} as text_words
    from {{ ref('int_offer_records') }}
    where record_id not in (select record_id from source_skills)
),

text_skills as (
    select distinct r.record_id, k.soft_skill_id
    from records as r
    inner join {{ ref('soft_skill_keywords') }} as k
        on {{ dbt.position("' ' || k.keyword || ' '", 'r.text_words') }} > 0
)

select record_id, soft_skill_id, 'source' as origin from source_skills
union all
select record_id, soft_skill_id, 'text' as origin from text_skills
