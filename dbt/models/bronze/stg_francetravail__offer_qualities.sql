-- One row per item of an offer's `qualitesProfessionnelles` (latest payload): the savoir-être
-- the recruiter picked, with France Travail's label and description as written.
select
    o.record_id,
    {{ json_item_index('q') }} as position,
    trim({{ json_text('q.value', 'libelle') }}) as quality_label,
    {{ json_text('q.value', 'description') }} as quality_description
from {{ ref('stg_francetravail__offers') }} as o
inner join {{ source('bronze', 'raw_offers') }} as r
    on r.source = 'francetravail' and r.source_id = o.source_id and r.payload_hash = o.payload_hash,
    {{ json_each_from('r.payload', 'qualitesProfessionnelles', 'q') }}
where o.quality_count > 0
