{#- A SELECT giving one row per word n-gram (1 to max_n words) of a space-separated text column:
    (<id_column>, pos, n, gram). The text must already be normalize_words()'d. Joining n-grams on
    dictionary terms costs O(words), where "text contains term" for every term costs
    O(texts x terms). DuckDB builds them with list functions (no sort); other engines with lead(). -#}
{% macro word_ngrams(relation, id_column, text_column, max_n=4) -%}
  {{ return(adapter.dispatch('word_ngrams', 'jobmarket')(relation, id_column, text_column, max_n)) }}
{%- endmacro %}

{% macro default__word_ngrams(relation, id_column, text_column, max_n) -%}
with ngram_words as (
    select r.{{ id_column }}, w.word, w.pos
    from {{ relation }} as r,
        {{ words_from('r.' ~ text_column, 'w') }}
),
ngram_leads as (
    select
        {{ id_column }},
        pos,
        word as g1
        {%- for n in range(2, max_n + 1) %},
        word
        {%- for k in range(1, n) %} || ' ' || lead(word, {{ k }}) over (partition by {{ id_column }} order by pos){% endfor %} as g{{ n }}
        {%- endfor %}
    from ngram_words
)
{%- for n in range(1, max_n + 1) %}
select {{ id_column }}, pos, {{ n }} as n, g{{ n }} as gram from ngram_leads where g{{ n }} is not null
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}

{% macro duckdb__word_ngrams(relation, id_column, text_column, max_n) -%}
with ngram_lists as (
    select {{ id_column }}, string_split(trim({{ text_column }}), ' ') as w
    from {{ relation }}
)
{%- for n in range(1, max_n + 1) %}
select
    {{ id_column }},
    unnest(range(1, len(w) - {{ n - 1 }} + 1)) as pos,
    {{ n }} as n,
    unnest(list_transform(range(1, len(w) - {{ n - 1 }} + 1), i -> {% for k in range(n) %}w[i + {{ k }}]{% if not loop.last %} || ' ' || {% endif %}{% endfor %})) as gram
from ngram_lists
where len(w) >= {{ n }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}
