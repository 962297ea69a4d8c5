-- ROME domaines professionnels (3 characters, e.g. M18 "Systèmes d'information et de télécommunication").
select
    code as domain_code,
    label as domain_label
from {{ source('bronze', 'raw_referentials') }}
where name = 'domaines' and length(code) = 3
qualify row_number() over (partition by code order by landed_at desc) = 1
