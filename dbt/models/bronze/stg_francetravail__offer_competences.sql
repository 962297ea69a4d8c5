-- One row per item of an offer's `competences` (latest payload): the savoir-faire and savoirs
-- France Travail attached to the offer, with E (exigé) / S (souhaité).
select
    o.record_id,
    {{ json_item_index('c') }} as position,
    nullif(trim({{ json_text('c.value', 'code') }}), '') as competence_code,
    trim({{ json_text('c.value', 'libelle') }}) as competence_label,
    {{ json_text('c.value', 'exigence') }} as requirement
from {{ ref('stg_francetravail__offers') }} as o
inner join {{ source('bronze', 'raw_offers') }} as r
    on r.source = 'francetravail' and r.source_id = o.source_id and r.payload_hash = o.payload_hash,
    {{ json_each_from('r.payload', 'competences', 'c') }}
where o.competence_count > 0
