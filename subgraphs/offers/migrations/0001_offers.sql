-- The offers read model, fed from jobmarket.offers.curated.v1 (one row per open offer).
-- Same file on PGlite and PostgreSQL. See docs/search.md for how search uses these indexes.

create extension if not exists unaccent;
create extension if not exists pg_trgm;
create extension if not exists cube;
create extension if not exists earthdistance;


-- Lower case without accents ("Ingénieur" -> "ingenieur", "œ" -> "oe"). unaccent() is only STABLE
-- (it reads its dictionary), so this wrapper names the dictionary and is declared IMMUTABLE, so
-- it can feed generated columns and expression indexes.
create function jm_norm(value text) returns text
  language sql immutable parallel safe strict
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

-- A matching key: jm_norm, then every run of characters other than letters, digits, + and #
-- becomes one space, trimmed ("Saint-Étienne" -> "saint etienne"); null when nothing is left.
-- The same words as dbt's normalize_words macro (without its padding spaces).
create function jm_key(value text) returns text
  language sql immutable parallel safe strict
  as $$ select nullif(trim(regexp_replace(jm_norm(value), '[^a-z0-9+#]+', ' ', 'g')), '') $$;

-- French full-text search with accents folded before stemming: "développeurs" and "developpeur"
-- are the same lexeme.
create text search configuration jm_french (copy = french);
alter text search configuration jm_french
  alter mapping for hword, hword_part, word with unaccent, french_stem;

create table offers (
  id text primary key,
  document jsonb not null,
  title text not null,
  company text,
  description text,
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
  company_norm text,
  -- Title weighs most (A), then the company (B), then the description (C). Slashes become spaces
  -- first: the parser reads "Développeuse/Développeur" as a word and a file path ("/D").
  search tsvector generated always as (
    setweight(to_tsvector('jm_french', translate(coalesce(title, ''), '/', ' ')), 'A') ||
    setweight(to_tsvector('jm_french', translate(coalesce(company, ''), '/', ' ')), 'B') ||
    setweight(to_tsvector('jm_french', translate(coalesce(left(description, 20000), ''), '/', ' ')), 'C')
  ) stored,
  title_norm text generated always as (jm_norm(title)) stored,
  -- Title and company only: what the relevance score reads (small, kept in the row).
  head_search tsvector generated always as (
    setweight(to_tsvector('jm_french', translate(coalesce(title, ''), '/', ' ')), 'A') ||
    setweight(to_tsvector('jm_french', translate(coalesce(company, ''), '/', ' ')), 'B')
  ) stored
) with (toast_tuple_target = 128);
-- toast_tuple_target: the document, description and full tsvector (kilobytes each) go out of
-- line, so a heap page holds ~30 offers instead of ~2 and filter, facet and ranking scans read a
-- fraction of the pages. What those scans read per row stays in the row (storage main).
alter table offers
  alter column title_norm set storage main,
  alter column head_search set storage main,
  alter column skill_ids set storage main,
  alter column sources set storage main,
  alter column company_norm set storage main,
  alter column city set storage main;

create index offers_search_idx on offers using gin (search);
create index offers_company_trgm_idx on offers using gin (company_norm gin_trgm_ops);
create index offers_earth_idx on offers using gist (ll_to_earth(latitude, longitude))
  where latitude is not null and longitude is not null;
create index offers_created_idx on offers (created_at desc, id desc);
create index offers_salary_idx on offers (salary_key desc nulls last, created_at desc, id desc);
create index offers_contract_idx on offers (contract_type);
create index offers_seniority_idx on offers (seniority);
create index offers_rome_idx on offers (rome_code);
create index offers_domain_idx on offers (domain_code);
create index offers_region_idx on offers (region_code);
create index offers_departement_idx on offers (departement_code);
create index offers_commune_idx on offers (commune_code);
create index offers_city_name_idx on offers (city_name_key);
create index offers_city_key_idx on offers (city_key);
create index offers_skills_idx on offers using gin (skill_ids);
create index offers_sources_idx on offers using gin (sources);

-- The words of titles and company names (lower case, no accents): the lexicon misspelt query
-- words are corrected against (see src/text.ts). Never deleted.
create table search_words (
  word text primary key
);
create index search_words_shape_idx on search_words (left(word, 1), length(word));

-- Where each commune is, learned from the offers' own locations (for `near: { communeCode }` and
-- location suggestions). Never deleted.
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
create index communes_name_trgm_idx on communes using gin (city_name_key gin_trgm_ops);

-- Skill labels as the offers give them, for the skills facet. Never deleted.
create table skill_labels (
  id text primary key,
  label text not null,
  kind text not null check (kind in ('HARD', 'SOFT'))
);
