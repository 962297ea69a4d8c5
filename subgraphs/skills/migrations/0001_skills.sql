-- The skills read model: the curated offers' filter columns and skills (fed from
-- jobmarket.offers.curated.v1), the skills catalogue, and the ROME referential (imported at
-- start-up from a referential snapshot, completed by the offers). Same file on PGlite and PostgreSQL.

create extension if not exists unaccent;
create extension if not exists pg_trgm;
create extension if not exists cube;
create extension if not exists earthdistance;


-- The same helpers as the offers subgraph (the shared filter compiles to SQL that uses them).
create function jm_norm(value text) returns text
  language sql immutable parallel safe strict
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

create function jm_key(value text) returns text
  language sql immutable parallel safe strict
  as $$ select nullif(trim(regexp_replace(jm_norm(value), '[^a-z0-9+#]+', ' ', 'g')), '') $$;

-- The columns of READ_MODEL_COLUMNS (subgraphs/offers/src/filter/read-model.ts): what the
-- shared OfferFilter reads.
create table offers (
  id text primary key,
  created_at timestamptz not null,
  curated_at timestamptz not null,
  city text,
  city_name_key text,
  city_key text,
  commune_code text,
  departement_code text,
  departement_name text,
  region_code text,
  region_name text,
  latitude double precision,
  longitude double precision,
  contract_type text not null,
  rome_code text,
  rome_label text,
  domain_code text,
  domain_label text,
  seniority text,
  salary_annual_min double precision,
  salary_annual_max double precision,
  salary_parsed boolean not null default false,
  salary_key double precision,
  remote text not null,
  sources text[] not null,
  skill_ids text[] not null,
  company_norm text
);
create index offers_earth_idx on offers using gist (ll_to_earth(latitude, longitude))
  where latitude is not null and longitude is not null;
create index offers_created_idx on offers (created_at desc);
create index offers_contract_idx on offers (contract_type);
create index offers_rome_idx on offers (rome_code);
create index offers_domain_idx on offers (domain_code);
create index offers_region_idx on offers (region_code);
create index offers_departement_idx on offers (departement_code);
create index offers_commune_idx on offers (commune_code);
create index offers_city_name_idx on offers (city_name_key);
create index offers_skills_idx on offers using gin (skill_ids);
create index offers_company_trgm_idx on offers using gin (company_norm gin_trgm_ops);

-- Which skills each offer asks for, hard (with `required`) and soft, in the offer's order.
create table offer_skills (
  offer_id text not null references offers (id) on delete cascade,
  skill_id text not null,
  kind text not null check (kind in ('HARD', 'SOFT')),
  required boolean not null,
  position integer not null,
  primary key (offer_id, skill_id)
);
create index offer_skills_skill_idx on offer_skills (skill_id, kind);
create index offer_skills_kind_idx on offer_skills (kind, skill_id);

-- The skills catalogue, as the latest offers name and describe them. Never deleted.
create table skills (
  id text primary key,
  kind text not null check (kind in ('HARD', 'SOFT')),
  name text not null,
  description text,
  name_key text generated always as (jm_key(name)) stored
);
create index skills_name_trgm_idx on skills using gin (name_key gin_trgm_ops);
create index skills_name_key_idx on skills (name_key text_pattern_ops);

-- ROME: domaines professionnels, fiches (codes) and appellations (job titles).
create table rome_domains (
  code text primary key,
  label text not null,
  source text not null check (source in ('referential', 'offers'))
);

create table rome_codes (
  code text primary key,
  label text not null,
  parent_code text,
  source text not null check (source in ('referential', 'offers')),
  label_key text generated always as (jm_key(label)) stored
);
create index rome_codes_label_trgm_idx on rome_codes using gin (label_key gin_trgm_ops);

create table rome_appellations (
  code text primary key,
  rome_code text not null,
  label text not null,
  short_label text,
  label_key text generated always as (jm_key(label)) stored
);
create index rome_appellations_rome_idx on rome_appellations (rome_code);
create index rome_appellations_label_trgm_idx on rome_appellations using gin (label_key gin_trgm_ops);

-- Which referential files were imported, by checksum (start-up imports only what changed).
create table referential_imports (
  name text primary key,
  checksum text not null,
  rows integer not null,
  imported_at timestamptz not null default now()
);

-- Where each commune is (for `near: { communeCode }` in the shared filter). Never deleted.
create table communes (
  commune_code text primary key,
  city text,
  city_name_key text,
  postal_code text,
  departement_code text,
  departement_name text,
  region_code text,
  region_name text,
  latitude double precision not null,
  longitude double precision not null
);
