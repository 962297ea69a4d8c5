-- Every parsed salary of a silver offer lies within the sanity bounds of its period.
{%- set b = var('salary_bounds') %}
select offer_id, salary_period, salary_min, salary_max
from {{ ref('silver_offers') }}
where salary_parsed
    and (
        salary_period is null
        or salary_min > salary_max
        {%- for period, bounds in b.items() %}
        or (salary_period = '{{ period }}' and (salary_min < {{ bounds[0] }} or salary_max > {{ bounds[1] }}))
        {%- endfor %}
    )
