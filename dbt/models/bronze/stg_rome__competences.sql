-- ROME savoirs and savoir-faire (code OGR + label): the base of the skills dictionary.
select
    code as competence_code,
    trim(label) as competence_label
from {{ source('bronze', 'raw_referentials') }}
where name = 'competences' and code is not null and label is not null
qualify row_number() over (partition by code order by landed_at desc) = 1
