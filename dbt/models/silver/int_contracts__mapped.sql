-- Every distinct contract description of the sources, mapped onto the normalised contract types
-- (seed contract_types) through the seed contract_mapping: France Travail typeContrat codes (CDI,
-- CDD, MIS, SAI, LIB, CCE, FRA, DDI, DIN, TTI...), natureContrat (apprenticeship and
-- professionalisation contracts are ALTERNANCE whatever the code) and Adzuna's contract_type;
-- plus the duration in months ("CDD - 6 Mois", "Intérim - 5 Jour(s)") and the working time.
-- Offers with no stated type are refined later from title words (int_offer_records).
with francetravail as (
    select distinct contract_code, contract_label, contract_nature, is_alternance, working_time_label
    from {{ ref('stg_francetravail__offers') }}
),

francetravail_mapped as (
    select
        'francetravail' as source,
        {{ dbt.concat(["coalesce(f.contract_code, '')", "'|'", "coalesce(f.contract_label, '')", "'|'", "coalesce(f.contract_nature, '')", "'|'", "coalesce(cast(f.is_alternance as " ~ dbt.type_string() ~ "), '')", "'|'", "coalesce(f.working_time_label, '')"]) }} as contract_key,
        f.contract_code as stated_code,
        case
            when nature.contract_type is not null then nature.contract_type
            when f.is_alternance then 'ALTERNANCE'
            else code.contract_type
        end as stated_contract_type,
        f.contract_label,
        {{ normalize_words('f.contract_label') }} as normalized_label,
        wt.working_time
    from francetravail as f
    left join {{ ref('contract_mapping') }} as code
        on code.source = 'francetravail' and code.field = 'typeContrat' and code.value = f.contract_code
    left join {{ ref('contract_mapping') }} as nature
        on nature.source = 'francetravail' and nature.field = 'natureContrat' and nature.value = f.contract_nature
    left join {{ ref('working_time_mapping') }} as wt
        on wt.source = 'francetravail' and wt.value = f.working_time_label
),

francetravail_final as (
    select
        source,
        contract_key,
        stated_code,
        stated_contract_type,
        contract_label,
        round(coalesce(
            {{ dbt.safe_cast(regex_extract('normalized_label', ' ([0-9]+) mois ', 1), type_double()) }},
            {{ dbt.safe_cast(regex_extract('normalized_label', ' ([0-9]+) jour', 1), type_double()) }} / 30.0
        ), 2) as duration_months,
        working_time
    from francetravail_mapped
),

adzuna as (
    select distinct contract_type, contract_time
    from {{ ref('stg_adzuna__jobs') }}
)

select * from francetravail_final
union all
select
    'adzuna' as source,
    {{ dbt.concat(["coalesce(a.contract_type, '')", "'|'", "coalesce(a.contract_time, '')"]) }} as contract_key,
    a.contract_type as stated_code,
    m.contract_type as stated_contract_type,
    cast(null as {{ dbt.type_string() }}) as contract_label,
    cast(null as {{ type_double() }}) as duration_months,
    wt.working_time
from adzuna as a
left join {{ ref('contract_mapping') }} as m
    on m.source = 'adzuna' and m.field = 'contract_type' and m.value = a.contract_type
left join {{ ref('working_time_mapping') }} as wt
    on wt.source = 'adzuna' and wt.value = a.contract_time
