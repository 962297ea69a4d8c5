{#- No two rows share the same values of `columns` (like dbt_utils.unique_combination_of_columns,
    without a package: `dbt deps` needs a network this project does not assume). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as duplicates
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
