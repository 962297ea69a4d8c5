-- One row per France Travail offer: its latest payload, flattened and typed. Nothing is
-- interpreted here (that is silver); only renamed, cast and trimmed.
with raw as (
    select
        source_id,
        payload,
        payload_hash,
        first_seen_at,
        last_seen_at,
        min(first_seen_at) over (partition by source_id) as record_first_seen_at,
        max(last_seen_at) over (partition by source_id) as record_last_seen_at,
        row_number() over (
            partition by source_id order by last_seen_at desc, first_seen_at desc, payload_hash
        ) as recency
    from {{ source('bronze', 'raw_offers') }}
    where source = 'francetravail'
)

select
    'francetravail:' || source_id as record_id,
    source_id,
    payload_hash,
    first_seen_at as payload_seen_at,
    record_first_seen_at as first_seen_at,
    record_last_seen_at as last_seen_at,
    nullif(trim({{ json_text('payload', 'intitule') }}), '') as title,
    {{ json_text('payload', 'description') }} as description,
    nullif(trim({{ json_text('payload', 'entreprise.nom') }}), '') as company_name,
    {{ dbt.safe_cast(json_text('payload', 'dateCreation'), dbt.type_timestamp()) }} as created_at,
    {{ dbt.safe_cast(json_text('payload', 'dateActualisation'), dbt.type_timestamp()) }} as updated_at,
    coalesce(
        {{ json_text('payload', 'origineOffre.urlOrigine') }},
        'https://candidat.francetravail.fr/offres/recherche/detail/' || source_id
    ) as url,
    {{ json_text('payload', 'lieuTravail.libelle') }} as location_label,
    {{ json_text('payload', 'lieuTravail.codePostal') }} as postal_code,
    {{ json_text('payload', 'lieuTravail.commune') }} as commune_code,
    {{ json_number('payload', 'lieuTravail.latitude') }} as latitude,
    {{ json_number('payload', 'lieuTravail.longitude') }} as longitude,
    {{ json_text('payload', 'romeCode') }} as rome_code,
    {{ json_text('payload', 'romeLibelle') }} as rome_label,
    {{ json_text('payload', 'appellationlibelle') }} as appellation_label,
    {{ json_text('payload', 'typeContrat') }} as contract_code,
    {{ json_text('payload', 'typeContratLibelle') }} as contract_label,
    {{ json_text('payload', 'natureContrat') }} as contract_nature,
    {{ json_bool('payload', 'alternance') }} as is_alternance,
    {{ json_text('payload', 'dureeTravailLibelle') }} as working_hours_label,
    {{ json_text('payload', 'dureeTravailLibelleConverti') }} as working_time_label,
    {{ json_text('payload', 'experienceExige') }} as experience_code,
    {{ json_text('payload', 'experienceLibelle') }} as experience_label,
    {{ json_text('payload', 'salaire.libelle') }} as salary_label,
    {{ json_text('payload', 'salaire.commentaire') }} as salary_comment,
    {{ json_text('payload', 'secteurActiviteLibelle') }} as sector,
    {{ json_text('payload', 'qualificationLibelle') }} as qualification,
    {{ json_text('payload', 'qualificationCode') }} as qualification_code,
    {{ json_array_length('payload', 'competences') }} as competence_count,
    {{ json_array_length('payload', 'qualitesProfessionnelles') }} as quality_count
from raw
where recency = 1
