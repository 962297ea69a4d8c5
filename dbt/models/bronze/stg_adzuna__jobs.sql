-- One row per Adzuna job: its latest payload, flattened and typed (Adzuna's __CLASS__ keys dropped).
with raw as (
    select
        source_id,
        payload,
        payload_hash,
        first_seen_at,
        min(first_seen_at) over (partition by source_id) as record_first_seen_at,
        max(last_seen_at) over (partition by source_id) as record_last_seen_at,
        row_number() over (
            partition by source_id order by last_seen_at desc, first_seen_at desc, payload_hash
        ) as recency
    from {{ source('bronze', 'raw_offers') }}
    where source = 'adzuna'
)

select
    'adzuna:' || source_id as record_id,
    source_id,
    payload_hash,
    first_seen_at as payload_seen_at,
    record_first_seen_at as first_seen_at,
    record_last_seen_at as last_seen_at,
    -- Adzuna may wrap search hits in <strong> tags.
    nullif(trim({{ regex_replace_all(json_text('payload', 'title'), '</?strong>', '') }}), '') as title,
    {{ json_text('payload', 'description') }} as description,
    nullif(trim({{ json_text('payload', 'company.display_name') }}), '') as company_name,
    {{ dbt.safe_cast(json_text('payload', 'created'), dbt.type_timestamp()) }} as created_at,
    {{ json_text('payload', 'redirect_url') }} as url,
    {{ json_text('payload', 'location.display_name') }} as location_label,
    {{ json_text('payload', 'location.area[1]') }} as area_region,
    {{ json_text('payload', 'location.area[2]') }} as area_departement,
    {{ json_text('payload', 'location.area[3]') }} as area_city,
    {{ json_text('payload', 'location.area[4]') }} as area_locality,
    {{ json_number('payload', 'latitude') }} as latitude,
    {{ json_number('payload', 'longitude') }} as longitude,
    {{ json_text('payload', 'category.tag') }} as category_tag,
    {{ json_text('payload', 'category.label') }} as category_label,
    {{ json_text('payload', 'contract_type') }} as contract_type,
    {{ json_text('payload', 'contract_time') }} as contract_time,
    {{ json_number('payload', 'salary_min') }} as salary_min,
    {{ json_number('payload', 'salary_max') }} as salary_max,
    {{ json_text('payload', 'salary_is_predicted') }} in ('1', 'true') as salary_is_predicted
from raw
where recency = 1
