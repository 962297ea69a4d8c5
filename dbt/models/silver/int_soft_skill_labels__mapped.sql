-- Every distinct savoir-être label France Travail offers carry (qualitesProfessionnelles), old ROME
-- v3 wording ("Autonomie", "Rigueur", "Travail en équipe") and ROME 4.0 wording ("Faire preuve
-- d'autonomie", "Avoir l'esprit d'équipe") alike, mapped onto the canonical list (seed soft_skills)
-- by normalised label (seed soft_skill_labels), else by a keyword of the label (seed soft_skill_keywords).
with labels as (
    select distinct quality_label
    from {{ ref('stg_francetravail__offer_qualities') }}
    where quality_label is not null
),

by_label as (
    -- distinct: "Être" and "Etre" spellings of one wording normalise alike
    select distinct
        l.quality_label,
        v.soft_skill_id
    from labels as l
    inner join {{ ref('soft_skill_labels') }} as v
        on {{ normalize_words('v.label') }} = {{ normalize_words('l.quality_label') }}
),

by_keyword as (
    select
        l.quality_label,
        min(k.soft_skill_id) as soft_skill_id
    from labels as l
    inner join {{ ref('soft_skill_keywords') }} as k
        on {{ dbt.position("' ' || k.keyword || ' '", normalize_words('l.quality_label')) }} > 0
    where l.quality_label not in (select quality_label from by_label)
    group by l.quality_label
)

select
    l.quality_label,
    coalesce(b.soft_skill_id, k.soft_skill_id) as soft_skill_id,
    case when b.soft_skill_id is not null then 'label' when k.soft_skill_id is not null then 'keyword' end as matched_by
from labels as l
left join by_label as b on b.quality_label = l.quality_label
left join by_keyword as k on k.quality_label = l.quality_label
