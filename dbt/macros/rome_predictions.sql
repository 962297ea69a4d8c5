{#- The seam for the ROME classifier (packages/recommender). Offers whose source gives no ROME code
    (Adzuna) get a predicted code that jobs/transform writes into ml.rome_predictions between the
    silver and the gold dbt invocations; dbt only reads it (source `ml.rome_predictions`). These
    on-run-start hooks make sure the table exists, empty, so the project builds before any
    prediction was ever made. One statement per hook: Snowflake runs one statement per call. -#}
{% macro ml_schema() -%}
  {%- if target.type == 'snowflake' -%}{{ target.database }}.ml{%- else -%}ml{%- endif -%}
{%- endmacro %}

{% macro create_ml_schema() -%}
create schema if not exists {{ ml_schema() }}
{%- endmacro %}

{% macro create_rome_predictions_table() -%}
create table if not exists {{ ml_schema() }}.rome_predictions (
  record_id varchar not null,
  rome_code varchar not null,
  score double,
  model_version varchar,
  predicted_at timestamp
)
{%- endmacro %}
