import type { CuratedOffer } from '@jobmarket/events';
import type { Queryable, Store } from '@jobmarket/subgraph-kit';
import {
  noteReadModelWrite,
  UPSERT_COMMUNES_SQL,
  upsertOffersSql,
} from '@jobmarket/subgraph-offers/filter';
import { SkillKind, type Skill } from './types.js';

/**
 * The skills read model: per curated offer, its filter columns (the shared READ_MODEL_COLUMNS) and
 * its skills; the skills catalogue; ROME codes and domains the offers carry.
 */

const UPSERT_OFFERS_SQL = `${upsertOffersSql('offers', [
  {
    name: 'hard_skill_ids',
    expr: `array(select distinct x->>'id' from jsonb_array_elements(d->'hardSkills') as x)`,
  },
  {
    name: 'soft_skill_ids',
    expr: `array(select distinct x->>'id' from jsonb_array_elements(d->'softSkills') as x)`,
  },
  {
    name: 'required_skill_ids',
    expr: `array(select distinct x->>'id' from jsonb_array_elements(d->'hardSkills') as x where (x->>'required')::boolean)`,
  },
])}\nreturning id`;

/** The skills of the offers whose row was written (ids in $2), replacing what they had. */
const INSERT_OFFER_SKILLS_SQL = `insert into offer_skills (offer_id, skill_id, kind, required, position)
select distinct on (offer_id, skill_id) offer_id, skill_id, kind, required, position
from (
  select d->>'id' as offer_id, x.value->>'id' as skill_id, 'HARD' as kind,
         coalesce((x.value->>'required')::boolean, false) as required, x.ordinality::int as position
  from jsonb_array_elements($1::jsonb) as e(d)
  cross join jsonb_array_elements(d->'hardSkills') with ordinality as x(value, ordinality)
  union all
  select d->>'id', x.value->>'id', 'SOFT', false, 1000 + x.ordinality::int
  from jsonb_array_elements($1::jsonb) as e(d)
  cross join jsonb_array_elements(d->'softSkills') with ordinality as x(value, ordinality)
) as s
where offer_id = any($2::text[])
order by offer_id, skill_id, position`;

const UPSERT_SKILLS_SQL = `insert into skills (id, kind, name, description)
select distinct on (id) id, kind, name, description
from (
  select x->>'id' as id, 'HARD' as kind, x->>'label' as name, null::text as description, 1 as priority
  from jsonb_array_elements($1::jsonb) as e(d) cross join jsonb_array_elements(d->'hardSkills') as x
  union all
  select x->>'id', 'SOFT', x->>'label', x->>'description', 0
  from jsonb_array_elements($1::jsonb) as e(d) cross join jsonb_array_elements(d->'softSkills') as x
) as s
order by id, priority
on conflict (id) do update set kind = excluded.kind, name = excluded.name,
  description = coalesce(excluded.description, skills.description)`;

/** ROME codes and domains the offers carry, when the referential does not know them already. */
const UPSERT_ROME_CODES_SQL = `insert into rome_codes (code, label, source)
select distinct on (d->'rome'->>'code') d->'rome'->>'code', d->'rome'->>'label', 'offers'
from jsonb_array_elements($1::jsonb) as e(d)
where d->'rome'->>'code' is not null and d->'rome'->>'label' is not null
order by d->'rome'->>'code'
on conflict (code) do nothing`;

const UPSERT_ROME_DOMAINS_SQL = `insert into rome_domains (code, label, source)
select distinct on (d->'rome'->>'domainCode') d->'rome'->>'domainCode', d->'rome'->>'domainLabel', 'offers'
from jsonb_array_elements($1::jsonb) as e(d)
where d->'rome'->>'domainCode' is not null and d->'rome'->>'domainLabel' is not null
order by d->'rome'->>'domainCode'
on conflict (code) do nothing`;

/** Inserts or replaces curated offers and their skills (idempotent; never overwrites a newer version). */
export async function upsertOffers(db: Queryable, offers: readonly CuratedOffer[]): Promise<void> {
  if (offers.length === 0) return;
  noteReadModelWrite();
  const json = JSON.stringify([...new Map(offers.map((offer) => [offer.id, offer])).values()]);
  const { rows } = await db.query<{ id: string }>(UPSERT_OFFERS_SQL, [json]);
  const written = rows.map((row) => row.id);
  if (written.length > 0) {
    await db.query('delete from offer_skills where offer_id = any($1::text[])', [written]);
    await db.query(INSERT_OFFER_SKILLS_SQL, [json, written]);
  }
  await db.query(UPSERT_SKILLS_SQL, [json]);
  await db.query(UPSERT_ROME_CODES_SQL, [json]);
  await db.query(UPSERT_ROME_DOMAINS_SQL, [json]);
  await db.query(UPSERT_COMMUNES_SQL, [json]);
}

/** Deletes a closed offer and its skills (tombstone); a missing id is fine. */
export async function removeOffer(db: Queryable, id: string): Promise<void> {
  noteReadModelWrite();
  await db.query('delete from offers where id = $1', [id]);
}

export async function loadOffers(
  store: Store,
  offers: readonly CuratedOffer[],
  batchSize = 500,
): Promise<number> {
  for (let start = 0; start < offers.length; start += batchSize) {
    const batch = offers.slice(start, start + batchSize);
    await store.transaction((tx) => upsertOffers(tx, batch));
  }
  // A bulk load changes the statistics a lot; PGlite has no autovacuum to notice.
  await store.exec('analyze');
  return offers.length;
}

interface SkillRow {
  id: string;
  kind: SkillKind;
  name: string;
  description: string | null;
}

export async function skillsByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, Skill>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<SkillRow>(
    'select id, kind, name, description from skills where id = any($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export interface OfferSkillRow {
  offer_id: string;
  skill_id: string;
  kind: SkillKind;
  required: boolean;
  name: string;
  description: string | null;
}

/** The skills of each offer, in the offer's order (hard first). */
export async function skillsOfOffers(
  db: Queryable,
  offerIds: readonly string[],
): Promise<Map<string, OfferSkillRow[]>> {
  const result = new Map<string, OfferSkillRow[]>();
  if (offerIds.length === 0) return result;
  const { rows } = await db.query<OfferSkillRow>(
    `select os.offer_id, os.skill_id, os.kind, os.required, s.name, s.description
     from offer_skills os join skills s on s.id = os.skill_id
     where os.offer_id = any($1::text[])
     order by os.offer_id, os.position`,
    [offerIds],
  );
  for (const id of offerIds) result.set(id, []);
  for (const row of rows) result.get(row.offer_id)?.push(row);
  return result;
}
