{#- Text helpers. Regular expressions are written without backslashes (POSIX classes and
    bracket expressions only) so that the same pattern means the same on RE2 (DuckDB) and
    Snowflake, where a backslash inside a string literal is itself an escape. -#}

{#- Lower case, accents removed (é -> e, œ -> oe): the form every matching uses. -#}
{% macro normalize_text(expr) -%}{{ return(adapter.dispatch('normalize_text', 'jobmarket')(expr)) }}{%- endmacro %}
{% macro default__normalize_text(expr) -%}replace(replace(lower(strip_accents({{ expr }})), 'œ', 'oe'), 'æ', 'ae'){%- endmacro %}
{% macro snowflake__normalize_text(expr) -%}
replace(replace(translate(lower({{ expr }}), 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy'), 'œ', 'oe'), 'æ', 'ae')
{%- endmacro %}

{#- normalize_text, then every run of characters other than letters, digits, + and # becomes one
    space, with a space on each side, so that ' word ' matching finds whole words. -#}
{% macro normalize_words(expr) -%}
' ' || trim({{ regex_replace_all(normalize_text(expr), "[^a-z0-9+#]+", " ") }}) || ' '
{%- endmacro %}

{% macro regex_extract(expr, pattern, group=0) -%}{{ return(adapter.dispatch('regex_extract', 'jobmarket')(expr, pattern, group)) }}{%- endmacro %}
{% macro default__regex_extract(expr, pattern, group) -%}nullif(regexp_extract({{ expr }}, '{{ pattern }}', {{ group }}), ''){%- endmacro %}
{% macro snowflake__regex_extract(expr, pattern, group) -%}regexp_substr({{ expr }}, '{{ pattern }}', 1, 1, 'e', {{ group if group > 0 else 0 }}){%- endmacro %}

{% macro regex_matches(expr, pattern) -%}{{ return(adapter.dispatch('regex_matches', 'jobmarket')(expr, pattern)) }}{%- endmacro %}
{% macro default__regex_matches(expr, pattern) -%}coalesce(regexp_matches({{ expr }}, '{{ pattern }}'), false){%- endmacro %}
{% macro snowflake__regex_matches(expr, pattern) -%}coalesce(regexp_instr({{ expr }}, '{{ pattern }}') > 0, false){%- endmacro %}

{% macro regex_replace_all(expr, pattern, replacement) -%}{{ return(adapter.dispatch('regex_replace_all', 'jobmarket')(expr, pattern, replacement)) }}{%- endmacro %}
{% macro default__regex_replace_all(expr, pattern, replacement) -%}regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g'){%- endmacro %}
{% macro snowflake__regex_replace_all(expr, pattern, replacement) -%}regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}'){%- endmacro %}

{#- Similarity of two strings in [0, 1] (Jaro-Winkler on both engines). -#}
{% macro text_similarity(a, b) -%}{{ return(adapter.dispatch('text_similarity', 'jobmarket')(a, b)) }}{%- endmacro %}
{% macro default__text_similarity(a, b) -%}jaro_winkler_similarity({{ a }}, {{ b }}){%- endmacro %}
{% macro snowflake__text_similarity(a, b) -%}(jarowinkler_similarity({{ a }}, {{ b }}) / 100.0){%- endmacro %}

{#- One row per word of a space-separated text: FROM-clause item with <alias>.word and <alias>.pos (1-based). -#}
{% macro words_from(expr, alias) -%}{{ return(adapter.dispatch('words_from', 'jobmarket')(expr, alias)) }}{%- endmacro %}
{% macro default__words_from(expr, alias) -%}unnest(string_split(trim({{ expr }}), ' ')) with ordinality as {{ alias }}(word, pos){%- endmacro %}
{% macro snowflake__words_from(expr, alias) -%}
lateral (select value::varchar as word, index as pos from table(split_to_table(trim({{ expr }}), ' '))) as {{ alias }}
{%- endmacro %}

{#- Splits a '|'-separated list into rows: FROM-clause item with <alias>.item. -#}
{% macro list_items_from(expr, alias) -%}{{ return(adapter.dispatch('list_items_from', 'jobmarket')(expr, alias)) }}{%- endmacro %}
{% macro default__list_items_from(expr, alias) -%}unnest(string_split({{ expr }}, '|')) as {{ alias }}(item){%- endmacro %}
{% macro snowflake__list_items_from(expr, alias) -%}lateral (select value::varchar as item from table(split_to_table({{ expr }}, '|'))) as {{ alias }}{%- endmacro %}

{#- Double-precision float (dbt.type_float() is single precision on DuckDB). -#}
{% macro type_double() -%}{{ return(adapter.dispatch('type_double', 'jobmarket')()) }}{%- endmacro %}
{% macro default__type_double() -%}double{%- endmacro %}
{% macro snowflake__type_double() -%}float{%- endmacro %}
