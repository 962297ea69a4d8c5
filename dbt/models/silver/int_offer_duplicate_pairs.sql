-- Candidate pairs of source records that may be the same real-world offer (the same job posted on
-- France Travail and Adzuna, or twice on one source), with the evidence and the decision.
--
-- Blocking (pairs are only compared inside a block): the same normalised company and title prefix,
-- or, when a side has no company, the same city and title prefix; always the same département when
-- both sides know it.
-- Decision (thresholds in dbt_project.yml, measured on hand-labelled pairs in docs/data-quality.md):
--   * created within `dedup_window_days` days;
--   * the same normalised title, or Jaro-Winkler >= `dedup_title_similarity` (so "Consultant SAP
--     QM" and "Consultant SAP EWM" stay apart);
--   * the first 500 normalised characters of the descriptions similar (>= `dedup_description_similarity`;
--     500 because agencies open every ad with the same company boilerplate);
--   * the same place: the same city, or no city on either side, or no city on one side when that
--     record is not a copy fanned out to several towns (an agency posting one text for 20 towns plus
--     a town-less copy: the copy cannot be given to any one of them).
with records as (
    select
        record_id,
        source,
        created_at,
        title_key,
        company_key,
        description_key,
        departement_code,
        nullif(trim({{ normalize_words('city') }}), '') as city_key,
        substr(title_key, 1, 6) as title_prefix
    from {{ ref('int_offer_records') }}
    where title_key is not null and title_key <> ''
),

by_company as (
    select a.record_id as record_a, b.record_id as record_b
    from records as a
    inner join records as b
        on a.company_key = b.company_key
        and a.title_prefix = b.title_prefix
        and a.record_id < b.record_id
    where a.company_key is not null
        and (a.departement_code = b.departement_code or a.departement_code is null or b.departement_code is null)
),

by_place as (
    select a.record_id as record_a, b.record_id as record_b
    from records as a
    inner join records as b
        on a.departement_code = b.departement_code
        and a.city_key = b.city_key
        and a.title_prefix = b.title_prefix
        and a.record_id < b.record_id
    where (a.company_key is null or b.company_key is null)
),

candidates as (
    select record_a, record_b from by_company
    union
    select record_a, record_b from by_place
),

scored as (
    select
        c.record_a,
        c.record_b,
        a.source as source_a,
        b.source as source_b,
        a.city_key as city_a,
        b.city_key as city_b,
        abs({{ dbt.datediff('a.created_at', 'b.created_at', 'day') }}) as days_apart,
        {{ text_similarity('a.title_key', 'b.title_key') }} as title_similarity,
        case when a.description_key is not null and b.description_key is not null
            then {{ text_similarity('a.description_key', 'b.description_key') }} end as description_similarity,
        coalesce(a.company_key = b.company_key, false) as same_company,
        coalesce(a.city_key = b.city_key, false) as same_city,
        a.title_key = b.title_key as same_title
    from candidates as c
    inner join records as a on a.record_id = c.record_a
    inner join records as b on b.record_id = c.record_b
),

similar_pairs as (
    select
        *,
        coalesce(days_apart, 0) <= {{ var('dedup_window_days') }}
            and (same_title or title_similarity >= {{ var('dedup_title_similarity') }})
            and coalesce(description_similarity, 0) >= {{ var('dedup_description_similarity') }} as is_similar
    from scored
),

-- for a record without a city: how many distinct towns its similar records name
fan_out as (
    select record_id, count(distinct other_city) as towns
    from (
        select record_a as record_id, city_b as other_city from similar_pairs where is_similar and city_a is null
        union all
        select record_b as record_id, city_a as other_city from similar_pairs where is_similar and city_b is null
    ) as sides
    group by record_id
)

select
    s.record_a,
    s.record_b,
    s.source_a,
    s.source_b,
    s.days_apart,
    s.title_similarity,
    s.description_similarity,
    s.same_company,
    s.same_city,
    s.same_title,
    s.city_a is null or s.city_b is null as city_missing,
    s.is_similar
        and (
            s.same_city
            or (s.city_a is null and s.city_b is null)
            or (s.city_a is null and coalesce(fa.towns, 0) <= 1)
            or (s.city_b is null and coalesce(fb.towns, 0) <= 1)
        ) as is_duplicate
from similar_pairs as s
left join fan_out as fa on fa.record_id = s.record_a
left join fan_out as fb on fb.record_id = s.record_b
