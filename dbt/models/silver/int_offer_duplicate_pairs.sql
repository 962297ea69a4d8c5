-- Candidate pairs of source records that may be the same real-world offer (the same job posted on
-- France Travail and Adzuna, or twice on one source), with the evidence and the decision.
-- Blocking (pairs are only compared inside a block): same normalised company and same title
-- prefix, or, when a side has no company, same commune/city and same title prefix; always the same
-- département when both sides know it. Decision: created within `dedup_window_days` days, titles
-- similar (Jaro-Winkler >= `dedup_title_similarity`), the descriptions' first 300 characters
-- similar (>= `dedup_description_similarity`), and the same place: the same city, or no city on a
-- side. The same text posted for several communes is several offers (one per place), and an
-- agency's same title with a different text in one town is several missions.
-- Measured on hand-labelled pairs: docs/data-quality.md.
with records as (
    select
        record_id,
        source,
        created_at,
        title_key,
        company_key,
        description_key,
        departement_code,
        {{ normalize_words('city') }} as city_key,
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
        abs({{ dbt.datediff('a.created_at', 'b.created_at', 'day') }}) as days_apart,
        {{ text_similarity('a.title_key', 'b.title_key') }} as title_similarity,
        case when a.description_key is not null and b.description_key is not null
            then {{ text_similarity('a.description_key', 'b.description_key') }} end as description_similarity,
        a.company_key is not null and a.company_key = b.company_key as same_company,
        a.city_key is not null and a.city_key = b.city_key as same_city,
        a.city_key is null or b.city_key is null as city_missing,
        a.title_key = b.title_key as same_title
    from candidates as c
    inner join records as a on a.record_id = c.record_a
    inner join records as b on b.record_id = c.record_b
)

select
    *,
    coalesce(days_apart, 0) <= {{ var('dedup_window_days') }}
        and title_similarity >= {{ var('dedup_title_similarity') }}
        and coalesce(description_similarity, 0) >= {{ var('dedup_description_similarity') }}
        and (same_city or city_missing) as is_duplicate
from scored
