import type { CuratedOffer } from '@jobmarket/events';
import { boundedNumber, boundedString, type Queryable, type Store } from '@jobmarket/subgraph-kit';
import { noteReadModelWrite, UPSERT_COMMUNES_SQL, upsertOffersSql } from './filter/index.js';
import { LocationKind, type LocationSuggestion, type Offer } from './types.js';

/**
 * The offers read model: upserts and deletes from `offers.curated`, and the look-ups that are not
 * searches (offer by id, location suggestions).
 */

const UPSERT_OFFERS_SQL = upsertOffersSql('offers', [
  { name: 'document', expr: 'd' },
  { name: 'title', expr: `d->>'title'` },
  { name: 'company', expr: `d->>'company'` },
  { name: 'description', expr: `d->>'description'` },
]);

const UPSERT_SKILL_LABELS_SQL = `insert into skill_labels (id, label, kind)
select distinct on (id) id, label, kind
from (
  select x->>'id' as id, x->>'label' as label, 'HARD' as kind
  from jsonb_array_elements($1::jsonb) as e(d) cross join jsonb_array_elements(d->'hardSkills') as x
  union all
  select x->>'id', x->>'label', 'SOFT'
  from jsonb_array_elements($1::jsonb) as e(d) cross join jsonb_array_elements(d->'softSkills') as x
) as s
order by id, kind
on conflict (id) do update set label = excluded.label, kind = excluded.kind`;

const UPSERT_SEARCH_WORDS_SQL = `insert into search_words (word)
select distinct w
from jsonb_array_elements($1::jsonb) as e(d)
cross join unnest(string_to_array(jm_key(coalesce(d->>'title', '') || ' ' || coalesce(d->>'company', '')), ' ')) as w
where length(w) between 2 and 40
on conflict (word) do nothing`;

/** Last version of each id (a batch may carry an offer twice). */
function lastById(offers: readonly CuratedOffer[]): CuratedOffer[] {
  return [...new Map(offers.map((offer) => [offer.id, offer])).values()];
}

/** Inserts or replaces curated offers (idempotent; an older curatedAt never overwrites a newer). */
export async function upsertOffers(db: Queryable, offers: readonly CuratedOffer[]): Promise<void> {
  if (offers.length === 0) return;
  noteReadModelWrite();
  const json = JSON.stringify(lastById(offers));
  await db.query(UPSERT_OFFERS_SQL, [json]);
  await db.query(UPSERT_COMMUNES_SQL, [json]);
  await db.query(UPSERT_SKILL_LABELS_SQL, [json]);
  await db.query(UPSERT_SEARCH_WORDS_SQL, [json]);
}

/** Deletes a closed offer (tombstone); a missing id is fine. */
export async function removeOffer(db: Queryable, id: string): Promise<void> {
  noteReadModelWrite();
  await db.query('delete from offers where id = $1', [id]);
}

/** Loads curated offers in batches of at most `batchSize`, one transaction per batch. */
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

export async function offersByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, Offer>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; document: Offer }>(
    'select id, document from offers where id = any($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.document]));
}

export const LOCATION_LIMITS = { search: 100, first: 20 } as const;

/**
 * Communes, départements and regions whose name (accents and case ignored) starts with, contains
 * a word starting with, or is close to (trigram) the search; codes match by prefix. Known places
 * only: those of the offers. Most offers first among equally good matches.
 */
export async function locationSuggestions(
  db: Queryable,
  search: string,
  first: number | null | undefined,
): Promise<LocationSuggestion[]> {
  const text = boundedString(search, { argument: 'search', max: LOCATION_LIMITS.search, min: 1 });
  const limit =
    first === null || first === undefined
      ? 10
      : boundedNumber(first, { argument: 'first', min: 1, max: LOCATION_LIMITS.first });
  const { rows } = await db.query<LocationSuggestion & { rank: number }>(
    `with q as (select jm_key($1::text) as key, upper(coalesce(jm_key($1::text), '')) as code),
     places as (
       select 'COMMUNE' as kind, c.commune_code as code, c.city as label, c.city_name_key as key,
              c.departement_code, c.region_code, c.latitude, c.longitude,
              (select count(*)::int from offers o where o.commune_code = c.commune_code) as offers
       from communes c, q
       where c.city_name_key like q.key || '%' or c.city_name_key like '% ' || q.key || '%'
          or c.commune_code like q.code || '%'
          or (length(q.key) >= 4 and left(c.city_name_key, 1) = left(q.key, 1) and similarity(c.city_name_key, q.key) >= 0.45)
       union all
       select 'DEPARTEMENT', o.departement_code, max(o.departement_name), jm_key(max(o.departement_name)),
              o.departement_code, max(o.region_code), null::float8, null::float8, count(*)::int
       from offers o where o.departement_code is not null group by o.departement_code
       union all
       select 'REGION', o.region_code, max(o.region_name), jm_key(max(o.region_name)),
              null, o.region_code, null::float8, null::float8, count(*)::int
       from offers o where o.region_code is not null group by o.region_code
     )
     select p.kind, p.code, p.label, p.departement_code as "departementCode", p.region_code as "regionCode",
            p.latitude, p.longitude, p.offers,
            case when p.key = q.key or p.code = q.code then 3
                 when p.key like q.key || '%' or p.code like q.code || '%' then 2
                 when p.key like '% ' || q.key || '%' then 1 else 0 end
              + similarity(coalesce(p.key, ''), coalesce(q.key, '')) as rank
     from places p, q
     where p.label is not null and q.key is not null
       and (p.key like q.key || '%' or p.key like '% ' || q.key || '%' or p.code like q.code || '%'
            or (length(q.key) >= 4 and left(p.key, 1) = left(q.key, 1) and similarity(p.key, q.key) >= 0.45))
     order by rank desc, p.offers desc, p.code
     limit ${limit}`,
    [text],
  );
  return rows.map(({ rank: _rank, ...row }) => ({ ...row, kind: row.kind as LocationKind }));
}
