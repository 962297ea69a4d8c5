-- Salary quartiles (annual gross EUR, the middle of each offer's range) by ROME code x region x
-- seniority, over open offers with a parsed salary. `offers` says how much each row rests on.
with salaries as (
    select
        rome_code,
        region_code,
        coalesce(seniority, 'UNKNOWN') as seniority,
        (salary_annual_min_eur + coalesce(salary_annual_max_eur, salary_annual_min_eur)) / 2.0 as annual_mid_eur
    from {{ ref('gold_active_offers') }}
    where salary_parsed and salary_annual_min_eur is not null and rome_code is not null
)

select
    rome_code,
    region_code,
    seniority,
    count(*) as offers,
    round(min(annual_mid_eur), 0) as min_eur,
    round({{ percentile_cont('annual_mid_eur', 0.25) }}, 0) as q1_eur,
    round({{ percentile_cont('annual_mid_eur', 0.5) }}, 0) as median_eur,
    round({{ percentile_cont('annual_mid_eur', 0.75) }}, 0) as q3_eur,
    round(max(annual_mid_eur), 0) as max_eur
from salaries
group by rome_code, region_code, seniority
