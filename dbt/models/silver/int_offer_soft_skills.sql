{{
    config(
        materialized='incremental',
        unique_key='record_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
-- Soft skills (savoir-être) of each source record on the canonical list (seed soft_skills):
-- the qualitesProfessionnelles France Travail gives (origin 'source', mapped in
-- int_soft_skill_labels__mapped) and, for records that give none, the keywords of the canonical
-- list found in the title and description (origin 'text': "autonome", "rigoureux", "esprit d'équipe").
-- Incremental like int_offer_records: only records whose payload changed are re-read.
with records as (
    select
        record_id,
        payload_seen_at,
        {{ normalize_words("coalesce(title, '') || ' ' || coalesce(description, '')") }} as text_words
    from {{ ref('int_offer_records') }}
    {% if is_incremental() %}
    where payload_seen_at > (select coalesce(max(payload_seen_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }})
    {% endif %}
),

source_skills as (
    select distinct q.record_id, m.soft_skill_id
    from {{ ref('stg_francetravail__offer_qualities') }} as q
    inner join {{ ref('int_soft_skill_labels__mapped') }} as m on m.quality_label = q.quality_label
    inner join records as r on r.record_id = q.record_id
    where m.soft_skill_id is not null
),

keywords as (
    select
        soft_skill_id,
        keyword,
        length(keyword) - length(replace(keyword, ' ', '')) + 1 as keyword_words
    from {{ ref('soft_skill_keywords') }}
),

text_records as (
    select record_id, text_words
    from records
    where record_id not in (select record_id from source_skills)
),

grams as (
    {{ word_ngrams('text_records', 'record_id', 'text_words', 4) }}
),

text_skills as (
    select distinct g.record_id, k.soft_skill_id
    from grams as g
    inner join keywords as k on k.keyword = g.gram and k.keyword_words = g.n
)

select s.record_id, s.soft_skill_id, 'source' as origin, r.payload_seen_at
from source_skills as s
inner join records as r on r.record_id = s.record_id
union all
select t.record_id, t.soft_skill_id, 'text' as origin, r.payload_seen_at
from text_skills as t
inner join records as r on r.record_id = t.record_id
