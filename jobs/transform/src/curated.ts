/**
 * What "changed in this run" means: the job keeps, in the warehouse, the content hash of every
 * curated offer it published (transform_state.published_offers). After dbt, an open offer whose
 * gold document hash differs from the published one (or that was never published) is published
 * again; a published offer that is no longer in gold (closed, or merged into another by
 * deduplication) gets a tombstone. A re-run over the same data publishes nothing.
 */
import type { CuratedOffer } from '@jobmarket/events';
import type { Warehouse, WarehouseOps } from '@jobmarket/warehouse';

export const STATE_SCHEMA = 'transform_state';
export const PUBLISHED_TABLE = `${STATE_SCHEMA}.published_offers`;
export const GOLD_CURATED = 'gold.gold_curated_offers';

export const stateDdl = [
  `CREATE SCHEMA IF NOT EXISTS ${STATE_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${PUBLISHED_TABLE} (
  offer_id VARCHAR NOT NULL,
  content_hash VARCHAR NOT NULL,
  published_at TIMESTAMP NOT NULL,
  run_id VARCHAR NOT NULL
)`,
];

/** Lower-cases the column names (Snowflake reports them in upper case). */
function lower<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])) as T;
}

export async function ensureState(db: WarehouseOps): Promise<void> {
  for (const statement of stateDdl) await db.execute(statement);
}

export interface CuratedChange {
  readonly offerId: string;
  readonly contentHash: string;
  /** The gold document (CuratedOffer without curatedAt). */
  readonly document: Omit<CuratedOffer, 'curatedAt'>;
}

/** Counts of the gold and state tables, for the summary. */
export async function countCurated(db: WarehouseOps): Promise<{ gold: number; published: number }> {
  const [gold] = await db.query(`SELECT COUNT(*) AS n FROM ${GOLD_CURATED}`);
  const [published] = await db.query(`SELECT COUNT(*) AS n FROM ${PUBLISHED_TABLE}`);
  return {
    gold: Number(lower<{ n: unknown }>(gold ?? {}).n ?? 0),
    published: Number(lower<{ n: unknown }>(published ?? {}).n ?? 0),
  };
}

/** Open offers whose document is new or changed since it was last published, in pages, by id. */
export async function* changedOffers(
  db: WarehouseOps,
  pageSize: number,
): AsyncGenerator<CuratedChange[]> {
  let after = '';
  for (;;) {
    const rows = await db.query(
      `SELECT g.offer_id, g.content_hash, g.document
       FROM ${GOLD_CURATED} AS g
       LEFT JOIN ${PUBLISHED_TABLE} AS p ON p.offer_id = g.offer_id
       WHERE (p.offer_id IS NULL OR p.content_hash <> g.content_hash) AND g.offer_id > ?
       ORDER BY g.offer_id
       LIMIT ${Math.floor(pageSize)}`,
      [after],
    );
    if (rows.length === 0) return;
    const page = rows.map((raw) => {
      const row = lower<{ offer_id: string; content_hash: string; document: string }>(raw);
      return {
        offerId: row.offer_id,
        contentHash: row.content_hash,
        document: JSON.parse(row.document) as Omit<CuratedOffer, 'curatedAt'>,
      };
    });
    yield page;
    after = page[page.length - 1]!.offerId;
    if (rows.length < pageSize) return;
  }
}

/** Published offers that are not open in gold any more: each gets a tombstone. */
export async function closedOffers(db: WarehouseOps): Promise<string[]> {
  const rows = await db.query(
    `SELECT p.offer_id
     FROM ${PUBLISHED_TABLE} AS p
     LEFT JOIN ${GOLD_CURATED} AS g ON g.offer_id = p.offer_id
     WHERE g.offer_id IS NULL
     ORDER BY p.offer_id`,
  );
  return rows.map((raw) => lower<{ offer_id: string }>(raw).offer_id);
}

/**
 * Records that gold, as it is now, has been published: the state becomes exactly the gold offers
 * with their hashes (published_at kept for the unchanged ones). Run after every publish succeeded.
 */
export async function recordPublished(
  db: Pick<Warehouse, 'execute' | 'transaction'>,
  runId: string,
  at: Date,
): Promise<void> {
  const next = `${STATE_SCHEMA}.published_offers_next`;
  await db.execute(`DROP TABLE IF EXISTS ${next}`);
  await db.execute(
    `CREATE TABLE ${next} AS
     SELECT g.offer_id,
            g.content_hash,
            CASE WHEN p.content_hash = g.content_hash THEN p.published_at ELSE CAST(? AS TIMESTAMP) END AS published_at,
            CASE WHEN p.content_hash = g.content_hash THEN p.run_id ELSE ? END AS run_id
     FROM ${GOLD_CURATED} AS g
     LEFT JOIN ${PUBLISHED_TABLE} AS p ON p.offer_id = g.offer_id`,
    [at, runId],
  );
  await db.transaction(async (tx) => {
    await tx.execute(`DELETE FROM ${PUBLISHED_TABLE}`);
    await tx.execute(
      `INSERT INTO ${PUBLISHED_TABLE} SELECT offer_id, content_hash, published_at, run_id FROM ${next}`,
    );
  });
  await db.execute(`DROP TABLE ${next}`);
}

/** Adds curatedAt: the curated offer as published. */
export function toCuratedOffer(change: CuratedChange, curatedAt: Date): CuratedOffer {
  return { ...change.document, curatedAt: curatedAt.toISOString() } as CuratedOffer;
}
