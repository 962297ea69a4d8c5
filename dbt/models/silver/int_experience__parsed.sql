-- Every distinct France Travail experience requirement (experienceExige D/S/E + experienceLibelle:
-- "Débutant accepté", "6 Mois", "3 An(s)", "Expérience exigée de 2 An(s)", "2 An(s) - en cuisine")
-- read as months of experience and the seniority they imply:
-- DEBUTANT (accepted beginners, 0 months), JUNIOR (< 2 years), CONFIRME (2 to < 5 years), SENIOR (5 years +).
with distinct_values as (
    select distinct
        experience_code,
        experience_label,
        {{ normalize_words('experience_label') }} as normalized
    from {{ ref('stg_francetravail__offers') }}
),

read as (
    select
        experience_code,
        experience_label,
        normalized,
        {{ regex_extract('normalized', '^ (debutant accepte|debutant)', 1) }} is not null as says_beginner,
        -- the duration is the first number of the label (what follows a " - " is free text)
        {{ dbt.safe_cast(regex_extract('normalized', '^ (experience (exigee|souhaitee) de )?([0-9]+) ans? ', 3), dbt.type_int()) }} as years,
        {{ dbt.safe_cast(regex_extract('normalized', '^ (experience (exigee|souhaitee) de )?([0-9]+) mois ', 3), dbt.type_int()) }} as months
    from distinct_values
)

select
    experience_code,
    experience_label,
    case
        when experience_code = 'D' or says_beginner then 0
        when years is not null then years * 12
        else months
    end as experience_months,
    case
        when experience_code = 'D' or says_beginner then 'DEBUTANT'
        when coalesce(years * 12, months) is null then null
        when coalesce(years * 12, months) = 0 then 'DEBUTANT'
        when coalesce(years * 12, months) < 24 then 'JUNIOR'
        when coalesce(years * 12, months) < 60 then 'CONFIRME'
        else 'SENIOR'
    end as experience_seniority,
    case experience_code when 'D' then 'ACCEPTED_BEGINNER' when 'S' then 'WISHED' when 'E' then 'REQUIRED' end as experience_requirement
from read
