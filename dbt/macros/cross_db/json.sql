{#- Reading and building JSON. bronze.raw_offers.payload is JSON on DuckDB and VARIANT on Snowflake.
    Paths are dotted, with [n] for array items: 'lieuTravail.libelle', 'location.area[2]'. -#}

{% macro json_text(column, path) -%}{{ return(adapter.dispatch('json_text', 'jobmarket')(column, path)) }}{%- endmacro %}
{% macro default__json_text(column, path) -%}json_extract_string({{ column }}, '$.{{ path }}'){%- endmacro %}
{% macro snowflake__json_text(column, path) -%}get_path({{ column }}, '{{ path }}')::varchar{%- endmacro %}

{% macro json_number(column, path) -%}{{ return(adapter.dispatch('json_number', 'jobmarket')(column, path)) }}{%- endmacro %}
{% macro default__json_number(column, path) -%}try_cast(json_extract_string({{ column }}, '$.{{ path }}') as double){%- endmacro %}
{% macro snowflake__json_number(column, path) -%}try_to_double(get_path({{ column }}, '{{ path }}')::varchar){%- endmacro %}

{% macro json_bool(column, path) -%}{{ return(adapter.dispatch('json_bool', 'jobmarket')(column, path)) }}{%- endmacro %}
{% macro default__json_bool(column, path) -%}try_cast(json_extract_string({{ column }}, '$.{{ path }}') as boolean){%- endmacro %}
{% macro snowflake__json_bool(column, path) -%}try_to_boolean(get_path({{ column }}, '{{ path }}')::varchar){%- endmacro %}

{#- Number of items of a JSON array (0 when absent). -#}
{% macro json_array_length(column, path) -%}{{ return(adapter.dispatch('json_array_length', 'jobmarket')(column, path)) }}{%- endmacro %}
{% macro default__json_array_length(column, path) -%}coalesce(json_array_length({{ column }}, '$.{{ path }}'), 0){%- endmacro %}
{% macro snowflake__json_array_length(column, path) -%}coalesce(array_size(get_path({{ column }}, '{{ path }}')), 0){%- endmacro %}

{#- FROM-clause item that yields one row per item of a JSON array: `<alias>.value` is the item,
    json_item_index(alias) its 0-based position. Use as `from t, {{ json_each_from('t.payload', 'competences', 'c') }}`. -#}
{% macro json_each_from(column, path, alias) -%}{{ return(adapter.dispatch('json_each_from', 'jobmarket')(column, path, alias)) }}{%- endmacro %}
{% macro default__json_each_from(column, path, alias) -%}json_each({{ column }}, '$.{{ path }}') as {{ alias }}{%- endmacro %}
{% macro snowflake__json_each_from(column, path, alias) -%}lateral flatten(input => get_path({{ column }}, '{{ path }}')) as {{ alias }}{%- endmacro %}

{% macro json_item_index(alias) -%}{{ return(adapter.dispatch('json_item_index', 'jobmarket')(alias)) }}{%- endmacro %}
{% macro default__json_item_index(alias) -%}cast({{ alias }}.key as integer){%- endmacro %}
{% macro snowflake__json_item_index(alias) -%}{{ alias }}.index{%- endmacro %}

{#- Building documents: json_object(['k', expr, ...]) keeps nulls; nested values must be JSON already. -#}
{% macro json_object(pairs) -%}{{ return(adapter.dispatch('json_object', 'jobmarket')(pairs)) }}{%- endmacro %}
{% macro default__json_object(pairs) -%}json_object({{ pairs | join(', ') }}){%- endmacro %}
{% macro snowflake__json_object(pairs) -%}object_construct_keep_null({{ pairs | join(', ') }}){%- endmacro %}

{#- Aggregate JSON values into an ordered JSON array. -#}
{% macro json_array_agg(expr, order_by) -%}{{ return(adapter.dispatch('json_array_agg', 'jobmarket')(expr, order_by)) }}{%- endmacro %}
{% macro default__json_array_agg(expr, order_by) -%}to_json(list({{ expr }} order by {{ order_by }})){%- endmacro %}
{% macro snowflake__json_array_agg(expr, order_by) -%}array_agg({{ expr }}) within group (order by {{ order_by }}){%- endmacro %}

{% macro json_empty_array() -%}{{ return(adapter.dispatch('json_empty_array', 'jobmarket')()) }}{%- endmacro %}
{% macro default__json_empty_array() -%}cast('[]' as json){%- endmacro %}
{% macro snowflake__json_empty_array() -%}array_construct(){%- endmacro %}

{#- A JSON value as compact text (what the transform job publishes). -#}
{% macro json_to_text(expr) -%}{{ return(adapter.dispatch('json_to_text', 'jobmarket')(expr)) }}{%- endmacro %}
{% macro default__json_to_text(expr) -%}cast({{ expr }} as varchar){%- endmacro %}
{% macro snowflake__json_to_text(expr) -%}to_json({{ expr }}){%- endmacro %}

{#- A timestamp as ISO-8601 UTC text with milliseconds and a Z, as JSON Schema date-time wants. -#}
{% macro iso_timestamp(expr) -%}{{ return(adapter.dispatch('iso_timestamp', 'jobmarket')(expr)) }}{%- endmacro %}
{% macro default__iso_timestamp(expr) -%}strftime({{ expr }}, '%Y-%m-%dT%H:%M:%S.%gZ'){%- endmacro %}
{% macro snowflake__iso_timestamp(expr) -%}to_varchar({{ expr }}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"'){%- endmacro %}
