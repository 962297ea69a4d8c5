-- The hard-skills dictionary text extraction looks for: one row per (term, skill).
-- * tech skills (seed tech_skills): label and aliases, e.g. "Power BI" / "powerbi";
-- * ROME savoirs (bronze referential `competences`): labels of at most four words, as written
--   ("Veille juridique", "Microsoft SQL Server") and without a generic lead-in
--   ("Techniques de soudage" -> "soudage", "Logiciel Chorus" -> "chorus").
-- Terms are normalised like the text (lower case, no accents, words separated by one space);
-- a term that names several skills keeps the tech skill, else the smallest ROME code.
with tech_terms as (
    select
        'tech-' || t.skill_id as skill_id,
        t.label as skill_label,
        'tech' as kind,
        t.label as term_text
    from {{ ref('tech_skills') }} as t
    union all
    select
        'tech-' || t.skill_id as skill_id,
        t.label as skill_label,
        'tech' as kind,
        a.item as term_text
    from {{ ref('tech_skills') }} as t,
        {{ list_items_from('t.aliases', 'a') }}
    where t.aliases is not null and trim(t.aliases) <> ''
),

rome_labels as (
    select
        'rome-' || competence_code as skill_id,
        competence_label as skill_label,
        trim({{ normalize_words('competence_label') }}) as normalized
    from {{ ref('stg_rome__competences') }}
),

rome_terms as (
    select skill_id, skill_label, 'rome' as kind, normalized as term_text, normalized as normalized_label from rome_labels
    union all
    select
        skill_id,
        skill_label,
        'rome' as kind,
        {{ regex_extract('normalized', '^(techniques? d[eu]s? |techniques? d |utilisation d[eu]s? |utilisation d |logiciels? d[eu]s? |logiciels? |progiciels? d[eu] gestion |progiciels? |outils? d[eu]s? |methodes? d[eu]s? |methodes? d |regles? d[eu]s? |procedures? d[eu]s? |normes? d[eu]s? |normes? |principes? d[eu]s? |caracteristiques? d[eu]s? |modalites? d[eu]s? )(la |le |les |l )?(.+)$', 3) }} as term_text,
        normalized as normalized_label
    from rome_labels
),

terms as (
    select
        skill_id,
        skill_label,
        kind,
        trim({{ normalize_words('term_text') }}) as term
    from tech_terms
    union all
    select skill_id, skill_label, kind, term_text as term
    from rome_terms
    -- a lead-in stripped to a single word ("Techniques de construction" -> "construction") is too vague
    where term_text is not null and (term_text = normalized_label or {{ dbt.position("' '", 'term_text') }} > 0)
),

counted as (
    select
        skill_id,
        skill_label,
        kind,
        term,
        length(term) - length(replace(term, ' ', '')) + 1 as term_words
    from terms
    where term is not null and length(term) >= 2
),

eligible as (
    select *
    from counted
    where term_words <= 4
        and (kind = 'tech' or length(term) >= 4)
        and term not in (select term from {{ ref('skill_term_stoplist') }})
),

ranked as (
    select
        *,
        row_number() over (
            partition by term order by case kind when 'tech' then 0 else 1 end, skill_id
        ) as preference
    from eligible
)

select skill_id, skill_label, kind, term, term_words
from ranked
where preference = 1
