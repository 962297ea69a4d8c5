{#- Every row satisfies `expression` (SQL over the model's columns); on a column, the expression is
    written about that column, e.g. "rome_code is null or length(rome_code) = 5". -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
