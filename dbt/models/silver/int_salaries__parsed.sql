{%- set b = var('salary_bounds') -%}
-- Every distinct salary as the sources state it, parsed once: France Travail's `salaire.libelle`
-- strings ("Mensuel de 1833.0 Euros à 2250.0 Euros sur 12.0 mois", "Horaire de 11,98 Euros") and
-- Adzuna's salary_min/max (annual, unless predicted by Adzuna, in which case they are ignored).
-- Values outside the sanity bounds of their period are re-read as the period they fit (hourly
-- amounts labelled monthly, annual amounts labelled monthly, "35" meaning 35 k€ a year), and
-- dropped when they fit none; `parsed` is false for whatever yields no usable amount.
with francetravail as (
    select distinct
        'francetravail' as source,
        salary_label as salary_text,
        {{ normalize_text('salary_label') }} as normalized
    from {{ ref('stg_francetravail__offers') }}
    where nullif(trim(salary_label), '') is not null
),

francetravail_read as (
    select
        source,
        salary_text,
        {{ regex_extract('normalized', '^ *(horaire|mensuel|annuel|cachet|autre) de', 1) }} as period_word,
        {{ regex_extract('normalized', '^ *[a-z]+ de ([0-9][0-9 ]*([.,][0-9]+)?) euros', 1) }} as min_text,
        {{ regex_extract('normalized', ' a ([0-9][0-9 ]*([.,][0-9]+)?) euros', 1) }} as max_text,
        {{ regex_extract('normalized', 'sur ([0-9]+([.,][0-9]+)?) mois', 1) }} as months_text
    from francetravail
),

francetravail_values as (
    select
        source,
        salary_text,
        case period_word
            when 'horaire' then 'HOURLY'
            when 'mensuel' then 'MONTHLY'
            when 'annuel' then 'ANNUAL'
            when 'cachet' then 'PER_PERFORMANCE'
        end as declared_period,
        {{ dbt.safe_cast("replace(replace(min_text, ' ', ''), ',', '.')", type_double()) }} as raw_min,
        {{ dbt.safe_cast("replace(replace(max_text, ' ', ''), ',', '.')", type_double()) }} as raw_max,
        {{ dbt.safe_cast("replace(months_text, ',', '.')", type_double()) }} as months
    from francetravail_read
),

adzuna as (
    select distinct
        'adzuna' as source,
        cast(salary_min as {{ dbt.type_string() }}) || '-' || cast(coalesce(salary_max, salary_min) as {{ dbt.type_string() }}) as salary_text,
        'ANNUAL' as declared_period,
        salary_min as raw_min,
        coalesce(salary_max, salary_min) as raw_max,
        cast(null as {{ type_double() }}) as months
    from {{ ref('stg_adzuna__jobs') }}
    where salary_min is not null and not salary_is_predicted
),

stated as (
    select * from francetravail_values
    union all
    select * from adzuna
),

ordered as (
    select
        source,
        salary_text,
        declared_period,
        case when raw_max is not null and raw_max < raw_min then raw_max else raw_min end as amount_min,
        case when raw_max is not null and raw_max < raw_min then raw_min else coalesce(raw_max, raw_min) end as amount_max,
        case when months is null or months < 1 or months > 16 then 12 else months end as months
    from stated
),

classified as (
    select
        *,
        case
            when amount_min is null or amount_min <= 0 then null
            when declared_period = 'PER_PERFORMANCE' then null
            -- the amounts fit the period the source states
            when declared_period = 'HOURLY' and amount_min >= {{ b.HOURLY[0] }} and amount_max <= {{ b.HOURLY[1] }} then 'HOURLY'
            when declared_period = 'MONTHLY' and amount_min >= {{ b.MONTHLY[0] }} and amount_max <= {{ b.MONTHLY[1] }} then 'MONTHLY'
            when declared_period = 'ANNUAL' and amount_min >= {{ b.ANNUAL[0] }} and amount_max <= {{ b.ANNUAL[1] }} then 'ANNUAL'
            -- an annual figure written in k€ ("Annuel de 35,00 Euros"); up to 20 it is an hourly rate
            -- ("Annuel de 12,00 Euros": the minimum wage is about 12 EUR an hour), read below
            when declared_period = 'ANNUAL' and amount_max > 20 and amount_min * 1000 >= {{ b.ANNUAL[0] }} and amount_max * 1000 <= {{ b.ANNUAL[1] }} then 'ANNUAL_K'
            -- otherwise (wrong or missing period): the period whose bounds the amounts fit
            when amount_min >= {{ b.HOURLY[0] }} and amount_max <= {{ b.HOURLY[1] }} then 'HOURLY'
            when amount_min >= {{ b.MONTHLY[0] }} and amount_max < {{ b.ANNUAL[0] }} then 'MONTHLY'
            when amount_min >= {{ b.ANNUAL[0] }} and amount_max <= {{ b.ANNUAL[1] }} then 'ANNUAL'
        end as read_as
    from ordered
)

select
    source,
    salary_text,
    declared_period,
    case when read_as = 'ANNUAL_K' then 'ANNUAL' else read_as end as period,
    case when read_as = 'ANNUAL_K' then amount_min * 1000 when read_as is not null then amount_min end as amount_min,
    case when read_as = 'ANNUAL_K' then amount_max * 1000 when read_as is not null then amount_max end as amount_max,
    case when read_as = 'MONTHLY' then months end as months_paid,
    round(case
        when read_as = 'HOURLY' then amount_min * {{ var('hours_per_year') }}
        when read_as = 'MONTHLY' then amount_min * months
        when read_as = 'ANNUAL' then amount_min
        when read_as = 'ANNUAL_K' then amount_min * 1000
    end, 2) as annual_min_eur,
    round(case
        when read_as = 'HOURLY' then amount_max * {{ var('hours_per_year') }}
        when read_as = 'MONTHLY' then amount_max * months
        when read_as = 'ANNUAL' then amount_max
        when read_as = 'ANNUAL_K' then amount_max * 1000
    end, 2) as annual_max_eur,
    read_as is not null as parsed,
    read_as is not null and (read_as = 'ANNUAL_K' or read_as <> coalesce(declared_period, '')) as period_corrected
from classified
