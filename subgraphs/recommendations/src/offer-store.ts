/**
 * The read model: every curated offer the subgraph has seen (migrations/0001), written by the
 * `offers.curated` feed and read back by every instance's index sync.
 *
 * Each write takes the next value of `reco_offer_seq` under a transaction-scoped advisory lock, so
 * rows commit in sequence order and a reader that remembers the last sequence it applied never
 * misses a change (several instances may share one PostgreSQL; PGlite has one writer anyway).
 */
import type { CuratedOffer } from '@jobmarket/events';
import { fromCuratedOffer, type OfferView } from '@jobmarket/recommender';
import type { Queryable, Store } from '@jobmarket/subgraph-kit';

const SEQUENCE_LOCK = 4004;

/** Inserts or replaces an offer (idempotent: the same document again changes nothing but the sequence). */
export async function upsertOffer(tx: Queryable, id: string, offer: CuratedOffer): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [SEQUENCE_LOCK]);
  await tx.query(
    `insert into reco_offers (id, document, active, seq, updated_at)
     values ($1, $2::jsonb, true, nextval('reco_offer_seq'), now())
     on conflict (id) do update
       set document = excluded.document, active = true, seq = excluded.seq, updated_at = now()`,
    [id, JSON.stringify(offer)],
  );
}

/** A tombstone: the offer closed (a missing or already closed id is fine). */
export async function removeOffer(tx: Queryable, id: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [SEQUENCE_LOCK]);
  await tx.query(
    `update reco_offers set document = null, active = false, seq = nextval('reco_offer_seq'), updated_at = now()
     where id = $1 and active`,
    [id],
  );
}

/** Loads offers directly (tests, benchmarks), in one transaction per batch. */
export async function loadOffers(
  store: Store,
  offers: readonly CuratedOffer[],
  batchSize = 500,
): Promise<number> {
  for (let start = 0; start < offers.length; start += batchSize) {
    const batch = offers.slice(start, start + batchSize);
    await store.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [SEQUENCE_LOCK]);
      await tx.query(
        `insert into reco_offers (id, document, active, seq, updated_at)
         select d->>'id', d, true, nextval('reco_offer_seq'), now()
         from jsonb_array_elements($1::jsonb) with ordinality as t(d, n)
         order by n
         on conflict (id) do update
           set document = excluded.document, active = true, seq = excluded.seq, updated_at = now()`,
        [JSON.stringify(batch)],
      );
    });
  }
  return offers.length;
}

export interface OfferChanges {
  upserts: OfferView[];
  removals: string[];
  /** The sequence of the last row read (pass it back as `after`). */
  last: number;
}

/** Changes after sequence `after`, in order, at most `limit` rows. */
export async function changesSince(
  store: Queryable,
  after: number,
  limit: number,
): Promise<OfferChanges> {
  const { rows } = await store.query<{
    id: string;
    active: boolean;
    document: CuratedOffer | string | null;
    seq: string | number;
  }>(`select id, active, document, seq from reco_offers where seq > $1 order by seq limit $2`, [
    after,
    limit,
  ]);
  const upserts: OfferView[] = [];
  const removals: string[] = [];
  let last = after;
  for (const row of rows) {
    last = Number(row.seq);
    if (row.active && row.document) {
      const document =
        typeof row.document === 'string'
          ? (JSON.parse(row.document) as CuratedOffer)
          : row.document;
      upserts.push(fromCuratedOffer(document));
    } else removals.push(row.id);
  }
  return { upserts, removals, last };
}

/** The newest sequence written (0 when empty). */
export async function latestSequence(store: Queryable): Promise<number> {
  const { rows } = await store.query<{ seq: string | number | null }>(
    'select max(seq) as seq from reco_offers',
  );
  return Number(rows[0]?.seq ?? 0);
}
