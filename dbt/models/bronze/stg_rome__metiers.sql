-- ROME fiches métier (ROME 4.0 codes, e.g. M1811) from the referentials landed by ingest.
select
    code as rome_code,
    label as rome_label,
    {{ json_text('payload', 'code_rome_parent') }} as parent_rome_code
from {{ source('bronze', 'raw_referentials') }}
where name = 'metiers' and code is not null
qualify row_number() over (partition by code order by landed_at desc) = 1
