{#- Continuous percentile (linear interpolation), as an aggregate. -#}
{% macro percentile_cont(expr, fraction) -%}{{ return(adapter.dispatch('percentile_cont', 'jobmarket')(expr, fraction)) }}{%- endmacro %}
{% macro default__percentile_cont(expr, fraction) -%}quantile_cont({{ expr }}, {{ fraction }}){%- endmacro %}
{% macro snowflake__percentile_cont(expr, fraction) -%}percentile_cont({{ fraction }}) within group (order by {{ expr }}){%- endmacro %}
