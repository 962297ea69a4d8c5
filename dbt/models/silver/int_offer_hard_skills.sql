{{
    config(
        materialized='incremental',
        unique_key='record_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
-- Hard skills of each source record: the compétences France Travail attached to the offer
-- (origin 'source', required when exigence = E) and the dictionary skills found in its title and
-- description (origin 'text'). Text matching joins the record's word n-grams (1 to 4 words, macro
-- word_ngrams) on the dictionary terms, so its cost grows with the text, not with text x dictionary.
-- Incremental like int_offer_records: only records whose payload changed are re-read.
with records as (
    select record_id, payload_seen_at, {{ normalize_words("coalesce(title, '') || ' ' || coalesce(description, '')") }} as text_words
    from {{ ref('int_offer_records') }}
    {% if is_incremental() %}
    where payload_seen_at > (select coalesce(max(payload_seen_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }})
    {% endif %}
),

all_grams as (
    {{ word_ngrams('records', 'record_id', 'text_words', 4) }}
),

text_matches as (
    select g.record_id, d.skill_id, d.skill_label, min(g.pos) as first_position
    from all_grams as g
    inner join {{ ref('int_skill_dictionary') }} as d
        on d.term = g.gram and d.term_words = g.n
    group by g.record_id, d.skill_id, d.skill_label
),

source_skills as (
    select
        c.record_id,
        case when c.competence_code is not null then 'rome-' || c.competence_code else 'ft-' || {{ dbt.hash('c.competence_label') }} end as skill_id,
        c.competence_label as skill_label,
        max(case when c.requirement = 'E' then 1 else 0 end) = 1 as required
    from {{ ref('stg_francetravail__offer_competences') }} as c
    where c.record_id in (select record_id from records) and c.competence_label is not null
    group by 1, 2, 3
)

select
    s.record_id,
    s.skill_id,
    s.skill_label,
    s.required,
    'source' as origin,
    cast(null as {{ dbt.type_int() }}) as first_position,
    r.payload_seen_at
from source_skills as s
inner join records as r on r.record_id = s.record_id
union all
select
    t.record_id,
    t.skill_id,
    t.skill_label,
    false as required,
    'text' as origin,
    t.first_position,
    r.payload_seen_at
from text_matches as t
inner join records as r on r.record_id = t.record_id
where not exists (
    select 1 from source_skills as s where s.record_id = t.record_id and s.skill_id = t.skill_id
)
