/**
 * The warehouse port: what the batch jobs (ingest, transform, retrain) need from the warehouse,
 * whatever engine is behind it. Two adapters implement it (DuckDB, Snowflake); `openWarehouse`
 * picks one from `WAREHOUSE_URL`. SQL passed to `query`/`execute` uses `?` placeholders; the
 * bronze operations hide every dialect difference (JSON vs VARIANT, upserts, bulk loads).
 */

export type Dialect = 'duckdb' | 'snowflake';

/** A value bound to a `?` placeholder. Dates are bound as UTC timestamps. */
export type SqlValue = string | number | boolean | null | Date;

/** One version of one raw offer, ready to land. */
export interface RawOfferInput {
  /** `francetravail` or `adzuna`. */
  readonly source: string;
  readonly sourceId: string;
  /** The canonical JSON text (see the ingest job's `canonicalJson`); stored as JSON / VARIANT. */
  readonly payload: string;
  /** sha256 hex of `payload`. */
  readonly payloadHash: string;
}

export type OfferChange = 'NEW' | 'CHANGED' | 'UNCHANGED';

export interface LandOffersInput {
  readonly runId: string;
  /** When these payloads were fetched: first_seen_at of new rows, last_seen_at of every row. */
  readonly seenAt: Date;
  /** Distinct by (source, sourceId, payloadHash); duplicates in one call are landed once. */
  readonly offers: readonly RawOfferInput[];
}

export interface LandedOffer {
  readonly source: string;
  readonly sourceId: string;
  readonly payloadHash: string;
  /** NEW: the source id was unknown; CHANGED: known, with other payload hashes only. */
  readonly change: Exclude<OfferChange, 'UNCHANGED'>;
}

export interface LandOffersResult {
  /** Rows inserted (NEW + CHANGED). */
  readonly inserted: number;
  readonly new: number;
  readonly changed: number;
  /** Payloads already landed: only last_seen_at / last_run_id moved. */
  readonly unchanged: number;
  /** The inserted versions, for the outbox. */
  readonly landed: readonly LandedOffer[];
}

/** A message to publish later (the transactional outbox). */
export interface OutboxMessage {
  /** Deterministic id: enqueuing the same id twice keeps the first (so nothing is published twice). */
  readonly eventId: string;
  /** Kafka topic name without the environment prefix, e.g. `jobmarket.offers.ingested.v1`. */
  readonly topic: string;
  readonly key: string | null;
  /** The event value; stored as JSON text. */
  readonly value: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly runId: string;
  readonly createdAt: Date;
}

export interface StoredOutboxMessage extends OutboxMessage {
  readonly publishedAt: Date | null;
}

export interface ReferentialRow {
  readonly source: string;
  /** e.g. `metiers`, `appellations`, `departements`. */
  readonly name: string;
  readonly code: string;
  readonly label: string | null;
  /** JSON text of the whole item. */
  readonly payload: string;
}

/** Per-source ingest state. `quota` and `cursor` are free-form JSON owned by the source client. */
export interface IngestState {
  readonly source: string;
  /** Everything created before this instant has been fetched completely. */
  readonly watermark: Date | null;
  readonly lastRunId: string | null;
  readonly lastSuccessRunId: string | null;
  readonly lastSuccessAt: Date | null;
  readonly quota: Record<string, unknown> | null;
  readonly updatedAt: Date;
}

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'skipped';

export interface IngestRunRecord {
  readonly runId: string;
  readonly source: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly status: RunStatus;
  readonly windowStart: Date | null;
  readonly windowEnd: Date | null;
  readonly dryRun: boolean;
  /** fetched, landed, unchanged, published, rejected, unfetched, ... */
  readonly counts: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export interface RejectedOffer {
  readonly source: string;
  readonly runId: string;
  readonly reason: string;
  /** The payload as received (text), whatever it was. */
  readonly payload: string;
  readonly rejectedAt: Date;
}

/** Operations available both on the warehouse and inside one of its transactions. */
export interface WarehouseOps {
  /** Runs a statement that returns rows; column names as the engine reports them (lower case on DuckDB, upper case on Snowflake unless quoted). */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<Row[]>;
  execute(sql: string, params?: readonly SqlValue[]): Promise<void>;

  /** Lands raw offers in bronze.raw_offers: new hashes become rows, known ones move last_seen. */
  landOffers(input: LandOffersInput): Promise<LandOffersResult>;
  /** Adds messages to bronze.offers_outbox; an event id already there is kept as it is. Returns how many were added. */
  enqueueOutbox(messages: readonly OutboxMessage[]): Promise<number>;
  /** Upserts bronze.raw_referentials by (source, name, code). Returns the number of rows written. */
  upsertReferentials(rows: readonly ReferentialRow[], landedAt: Date): Promise<number>;
  getIngestState(source: string): Promise<IngestState | undefined>;
  putIngestState(state: IngestState): Promise<void>;
  /** Upserts bronze.ingest_runs by (run_id, source). */
  recordRun(run: IngestRunRecord): Promise<void>;
  recordRejected(rows: readonly RejectedOffer[]): Promise<void>;
}

export interface Warehouse extends WarehouseOps {
  readonly dialect: Dialect;
  /** Where it is, without credentials (for logs). */
  readonly location: string;
  /** Creates schema `bronze` and its tables if missing (idempotent). */
  migrate(): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: WarehouseOps) => Promise<T>): Promise<T>;
  /** Unpublished outbox messages, oldest first. */
  pendingOutbox(limit: number, topics?: readonly string[]): Promise<StoredOutboxMessage[]>;
  countPendingOutbox(topics?: readonly string[]): Promise<number>;
  markPublished(eventIds: readonly string[], publishedAt: Date): Promise<void>;
  /** Records that these messages are about to be sent (so a crash before markPublished is detectable). */
  markSending(eventIds: readonly string[], sendingAt: Date): Promise<void>;
  /** Unpublished messages whose sending started: maybe on Kafka already. */
  inDoubtOutbox(): Promise<{ eventId: string; topic: string }[]>;
  /** Closes the connection and releases the cross-process lock, if held. Idempotent. */
  close(): Promise<void>;
}
