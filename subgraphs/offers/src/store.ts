import type { CuratedOffer } from '@jobmarket/events';
import { boundedNumber, boundedString, type Queryable, type Store } from '@jobmarket/subgraph-kit';
import {
  NO_CACHE,
  noteReadModelWrite,
  UPSERT_COMMUNES_SQL,
  upsertOffersSql,
  type QueryCache,
} from './filter/index.js';
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

interface Place extends LocationSuggestion {
  key: string | null;
  rank: number;
}

/**
 * Communes, départements and regions whose name (accents and case ignored) is the search, starts
 * with it, has a word starting with it, or (communes, 4+ letters) is close to it (trigram
 * similarity); codes match by prefix. Known places only: those of the offers. Best match first,
 * then most offers. Départements and regions (about 120 rows with their offer counts) come from
 * the result cache; communes are searched in SQL, at most 50 candidates counted.
 */
export async function locationSuggestions(
  db: Queryable,
  search: string,
  first: number | null | undefined,
  cache: QueryCache = NO_CACHE,
): Promise<LocationSuggestion[]> {
  const text = boundedString(search, { argument: 'search', max: LOCATION_LIMITS.search, min: 1 });
  const limit =
    first === null || first === undefined
      ? 10
      : boundedNumber(first, { argument: 'first', min: 1, max: LOCATION_LIMITS.first });
  const { rows: keys } = await db.query<{ key: string | null }>('select jm_key($1::text) as key', [
    text,
  ]);
  const key = keys[0]?.key ?? null;
  if (!key) return [];
  const code = key.toUpperCase().replace(/ /g, '');
  const [communes, areas] = await Promise.all([
    db.query<Place>(
      `select c.kind, c.code, c.label, c.key, c."departementCode", c."regionCode", c.latitude, c.longitude, c.rank,
              (select count(*)::int from offers o where o.commune_code = c.code) as offers
       from (
         select 'COMMUNE' as kind, c.commune_code as code, c.city as label, c.city_name_key as key,
                c.departement_code as "departementCode", c.region_code as "regionCode", c.latitude, c.longitude,
                case when c.city_name_key = $1 or c.commune_code = $2 then 3
                     when c.city_name_key like $1 || '%' or c.commune_code like $2 || '%' then 2
                     when c.city_name_key like '% ' || $1 || '%' then 1 else 0 end
                  + similarity(coalesce(c.city_name_key, ''), $1) as rank
         from communes c
         where c.city is not null
           and (c.city_name_key like $1 || '%' or c.city_name_key like '% ' || $1 || '%' or c.commune_code like $2 || '%'
                or (length($1) >= 4 and left(c.city_name_key, 1) = left($1, 1) and similarity(c.city_name_key, $1) >= 0.45))
         order by rank desc, c.commune_code
         limit 50
       ) as c`,
      [key, code],
    ),
    cache.get('location-areas', () =>
      db.query<Omit<Place, 'rank'>>(
        `select 'DEPARTEMENT' as kind, o.departement_code as code, max(o.departement_name) as label,
                jm_key(max(o.departement_name)) as key, o.departement_code as "departementCode",
                max(o.region_code) as "regionCode", null::float8 as latitude, null::float8 as longitude, count(*)::int as offers
         from offers o where o.departement_code is not null and o.departement_name is not null group by o.departement_code
         union all
         select 'REGION', o.region_code, max(o.region_name), jm_key(max(o.region_name)), null, o.region_code,
                null::float8, null::float8, count(*)::int
         from offers o where o.region_code is not null and o.region_name is not null group by o.region_code`,
      ),
    ),
  ]);
  const areaRank = (place: Omit<Place, 'rank'>): number => {
    const name = place.key ?? '';
    if (name === key || place.code === code) return 3;
    if (name.startsWith(key) || place.code.startsWith(code)) return 2;
    if (name.includes(` ${key}`)) return 1;
    return -1;
  };
  const matches: Place[] = [
    ...communes.rows,
    ...areas.rows
      .map((place) => ({ ...place, rank: areaRank(place) }))
      .filter((place) => place.rank >= 0),
  ];
  return matches
    .sort((a, b) => b.rank - a.rank || b.offers - a.offers || a.code.localeCompare(b.code))
    .slice(0, limit)
    .map(({ rank: _rank, key: _key, ...place }) => ({
      ...place,
      kind: place.kind as LocationKind,
    }));
}
