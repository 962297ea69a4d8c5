/**
 * The columns of the curated offer that filters, facets and statistics read, as SQL expressions
 * over one curated offer `d` (jsonb). The offers and skills subgraphs both keep these columns in
 * their `offers` table (their migrations declare them, with the SQL functions `jm_norm`/`jm_key`),
 * so one filter compiles to the same SQL in both stores.
 */
export const READ_MODEL_COLUMNS: readonly { name: string; expr: string }[] = [
  { name: 'id', expr: `d->>'id'` },
  { name: 'created_at', expr: `date_trunc('milliseconds', (d->>'createdAt')::timestamptz)` },
  { name: 'curated_at', expr: `(d->>'curatedAt')::timestamptz` },
  { name: 'city', expr: `d->'location'->>'city'` },
  { name: 'city_name_key', expr: `jm_key(d->'location'->>'city')` },
  {
    name: 'city_key',
    expr: `case when d->'location'->>'city' is not null then coalesce(d->'location'->>'communeCode', jm_key(d->'location'->>'city')) end`,
  },
  { name: 'commune_code', expr: `d->'location'->>'communeCode'` },
  { name: 'departement_code', expr: `d->'location'->>'departementCode'` },
  { name: 'departement_name', expr: `d->'location'->>'departementName'` },
  { name: 'region_code', expr: `d->'location'->>'regionCode'` },
  { name: 'region_name', expr: `d->'location'->>'regionName'` },
  { name: 'latitude', expr: `(d->'location'->>'latitude')::float8` },
  { name: 'longitude', expr: `(d->'location'->>'longitude')::float8` },
  { name: 'contract_type', expr: `d->'contract'->>'type'` },
  { name: 'rome_code', expr: `d->'rome'->>'code'` },
  { name: 'rome_label', expr: `d->'rome'->>'label'` },
  { name: 'domain_code', expr: `d->'rome'->>'domainCode'` },
  { name: 'domain_label', expr: `d->'rome'->>'domainLabel'` },
  { name: 'seniority', expr: `d->>'seniority'` },
  { name: 'salary_annual_min', expr: `(d->'salary'->>'annualMinEur')::float8` },
  { name: 'salary_annual_max', expr: `(d->'salary'->>'annualMaxEur')::float8` },
  { name: 'salary_parsed', expr: `coalesce((d->'salary'->>'parsed')::boolean, false)` },
  {
    name: 'salary_key',
    expr: `coalesce((d->'salary'->>'annualMaxEur')::float8, (d->'salary'->>'annualMinEur')::float8)`,
  },
  { name: 'remote', expr: `d->>'remote'` },
  {
    name: 'sources',
    expr: `array(select distinct s->>'source' from jsonb_array_elements(d->'sources') as s order by 1)`,
  },
  {
    name: 'skill_ids',
    expr: `array(select x->>'id' from jsonb_array_elements(d->'hardSkills') as x union select x->>'id' from jsonb_array_elements(d->'softSkills') as x order by 1)`,
  },
  { name: 'company_norm', expr: `jm_norm(d->>'company')` },
];

/**
 * `insert ... on conflict do update` of a batch of curated offers given as ONE jsonb array
 * parameter (`$1`), keeping a newer version already stored (curated_at). `extra` adds
 * subgraph-specific columns.
 */
export function upsertOffersSql(
  table: string,
  extra: readonly { name: string; expr: string }[] = [],
): string {
  const columns = [...READ_MODEL_COLUMNS, ...extra];
  const names = columns.map((column) => column.name);
  return `insert into ${table} (${names.join(', ')})
select ${columns.map((column) => column.expr).join(',\n       ')}
from jsonb_array_elements($1::jsonb) as e(d)
on conflict (id) do update set ${names
    .filter((name) => name !== 'id')
    .map((name) => `${name} = excluded.${name}`)
    .join(', ')}
where ${table}.curated_at <= excluded.curated_at`;
}

/**
 * Remembers where each commune is (from the offers' own locations), for `near: { communeCode }`
 * and location suggestions. Communes are never deleted: a commune stays where it is.
 */
export const UPSERT_COMMUNES_SQL = `insert into communes (commune_code, city, city_name_key, postal_code, departement_code, departement_name, region_code, region_name, latitude, longitude)
select distinct on (d->'location'->>'communeCode')
       d->'location'->>'communeCode', d->'location'->>'city', jm_key(d->'location'->>'city'),
       d->'location'->>'postalCode', d->'location'->>'departementCode', d->'location'->>'departementName',
       d->'location'->>'regionCode', d->'location'->>'regionName',
       (d->'location'->>'latitude')::float8, (d->'location'->>'longitude')::float8
from jsonb_array_elements($1::jsonb) as e(d)
where d->'location'->>'communeCode' is not null
  and d->'location'->>'latitude' is not null and d->'location'->>'longitude' is not null
order by d->'location'->>'communeCode'
on conflict (commune_code) do update set
  city = excluded.city, city_name_key = excluded.city_name_key, postal_code = excluded.postal_code,
  departement_code = excluded.departement_code, departement_name = excluded.departement_name,
  region_code = excluded.region_code, region_name = excluded.region_name,
  latitude = excluded.latitude, longitude = excluded.longitude`;
