/**
 * Every SQL statement the bronze operations run, for each dialect. The two engines share almost
 * all of it (MERGE, UPDATE ... FROM, CAST(? AS TIMESTAMP)); the differences are the JSON type
 * (DuckDB `JSON`, Snowflake `VARIANT`) and how JSON text becomes a value (`CAST(x AS JSON)` vs
 * `PARSE_JSON(x)`), and Snowflake not enforcing unique keys (the statements never rely on it).
 * Kept as plain functions so the Snowflake SQL is testable without a Snowflake account.
 */
import type { Dialect } from './types.js';

export const BRONZE = 'bronze';

/** Columns of the staging tables the bulk operations load first (all text: casts happen in SQL). */
export const STAGING = {
  offers: { table: 'jm_stage_offers', columns: ['source', 'source_id', 'payload', 'payload_hash'] },
  outbox: {
    table: 'jm_stage_outbox',
    columns: [
      'event_id',
      'topic',
      'message_key',
      'message_value',
      'headers',
      'run_id',
      'created_at',
    ],
  },
  referentials: {
    table: 'jm_stage_referentials',
    columns: ['source', 'name', 'code', 'label', 'payload'],
  },
  ids: { table: 'jm_stage_ids', columns: ['id'] },
} as const;

export type StagingKind = keyof typeof STAGING;

export function jsonType(dialect: Dialect): string {
  return dialect === 'snowflake' ? 'VARIANT' : 'JSON';
}

/** Turns an expression holding JSON text into the dialect's JSON value. */
export function jsonValue(dialect: Dialect, expression: string): string {
  return dialect === 'snowflake' ? `PARSE_JSON(${expression})` : `CAST(${expression} AS JSON)`;
}

/** Turns a JSON column back into text when reading. */
export function jsonText(dialect: Dialect, column: string): string {
  return dialect === 'snowflake' ? `TO_JSON(${column})` : `CAST(${column} AS VARCHAR)`;
}

/** The bronze DDL: idempotent (IF NOT EXISTS), run by `migrate`. */
export function bronzeDdl(dialect: Dialect): string[] {
  const json = jsonType(dialect);
  // Snowflake accepts but does not enforce PRIMARY KEY / UNIQUE; the statements below never
  // depend on enforcement (every insert is guarded by NOT EXISTS or MERGE).
  return [
    `CREATE SCHEMA IF NOT EXISTS ${BRONZE}`,
    `CREATE TABLE IF NOT EXISTS ${BRONZE}.raw_offers (
  source VARCHAR NOT NULL,
  source_id VARCHAR NOT NULL,
  payload ${json} NOT NULL,
  payload_hash VARCHAR NOT NULL,
  first_seen_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  run_id VARCHAR NOT NULL,
  last_run_id VARCHAR NOT NULL,
  PRIMARY KEY (source, source_id, payload_hash)
)`,
    `CREATE TABLE IF NOT EXISTS ${BRONZE}.raw_referentials (
  source VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  label VARCHAR,
  payload ${json} NOT NULL,
  landed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (source, name, code)
)`,
    `CREATE TABLE IF NOT EXISTS ${BRONZE}.ingest_runs (
  run_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL,
  window_start TIMESTAMP,
  window_end TIMESTAMP,
  dry_run BOOLEAN NOT NULL,
  counts ${json},
  error VARCHAR,
  PRIMARY KEY (run_id, source)
)`,
    `CREATE TABLE IF NOT EXISTS ${BRONZE}.ingest_state (
  source VARCHAR NOT NULL PRIMARY KEY,
  watermark TIMESTAMP,
  last_run_id VARCHAR,
  last_success_run_id VARCHAR,
  last_success_at TIMESTAMP,
  quota ${json},
  updated_at TIMESTAMP NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${BRONZE}.offers_outbox (
  event_id VARCHAR NOT NULL PRIMARY KEY,
  topic VARCHAR NOT NULL,
  message_key VARCHAR,
  message_value ${json} NOT NULL,
  headers ${json},
  run_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  published_at TIMESTAMP,
  sending_at TIMESTAMP
)`,
    // Added after the first files were created; a no-op on tables created above.
    `ALTER TABLE ${BRONZE}.offers_outbox ADD COLUMN IF NOT EXISTS sending_at TIMESTAMP`,
    `CREATE TABLE IF NOT EXISTS ${BRONZE}.rejected_offers (
  source VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  payload VARCHAR,
  rejected_at TIMESTAMP NOT NULL
)`,
  ];
}

/** Session-scoped staging tables, created once per connection (outside any transaction: DDL commits on Snowflake). */
export function stagingDdl(_dialect: Dialect): string[] {
  return Object.values(STAGING).map(
    ({ table, columns }) =>
      `CREATE TEMPORARY TABLE IF NOT EXISTS ${table} (${columns.map((c) => `${c} VARCHAR`).join(', ')})`,
  );
}

export function clearStaging(kind: StagingKind): string {
  return `DELETE FROM ${STAGING[kind].table}`;
}

export function insertStagingRow(kind: StagingKind, rows = 1): string {
  const { table, columns } = STAGING[kind];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

const S = STAGING.offers.table;

/** Staged offers that are not landed yet, with NEW or CHANGED. */
export function classifyStagedOffers(): string {
  return `SELECT s.source, s.source_id, s.payload_hash,
  CASE WHEN k.source_id IS NULL THEN 'NEW' ELSE 'CHANGED' END AS change
FROM ${S} s
LEFT JOIN (
  SELECT DISTINCT r.source, r.source_id
  FROM ${BRONZE}.raw_offers r
  JOIN ${S} t ON r.source = t.source AND r.source_id = t.source_id
) k ON k.source = s.source AND k.source_id = s.source_id
WHERE NOT EXISTS (
  SELECT 1 FROM ${BRONZE}.raw_offers e
  WHERE e.source = s.source AND e.source_id = s.source_id AND e.payload_hash = s.payload_hash
)`;
}

/** Moves last_seen of the staged payloads already landed. Params: last_seen_at, last_run_id. */
export function touchLandedOffers(): string {
  return `UPDATE ${BRONZE}.raw_offers AS r
SET last_seen_at = CAST(? AS TIMESTAMP), last_run_id = ?
FROM ${S} s
WHERE r.source = s.source AND r.source_id = s.source_id AND r.payload_hash = s.payload_hash`;
}

/** Inserts the staged payloads not landed yet. Params: first_seen_at, last_seen_at, run_id, last_run_id. */
export function insertNewOffers(dialect: Dialect): string {
  return `INSERT INTO ${BRONZE}.raw_offers (source, source_id, payload, payload_hash, first_seen_at, last_seen_at, run_id, last_run_id)
SELECT s.source, s.source_id, ${jsonValue(dialect, 's.payload')}, s.payload_hash,
  CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?
FROM ${S} s
WHERE NOT EXISTS (
  SELECT 1 FROM ${BRONZE}.raw_offers e
  WHERE e.source = s.source AND e.source_id = s.source_id AND e.payload_hash = s.payload_hash
)`;
}

const O = STAGING.outbox.table;

export function countNewOutbox(): string {
  return `SELECT COUNT(*) AS n FROM ${O} s
WHERE NOT EXISTS (SELECT 1 FROM ${BRONZE}.offers_outbox o WHERE o.event_id = s.event_id)`;
}

export function insertNewOutbox(dialect: Dialect): string {
  return `INSERT INTO ${BRONZE}.offers_outbox (event_id, topic, message_key, message_value, headers, run_id, created_at, published_at)
SELECT s.event_id, s.topic, s.message_key, ${jsonValue(dialect, 's.message_value')}, ${jsonValue(dialect, 's.headers')},
  s.run_id, CAST(s.created_at AS TIMESTAMP), NULL
FROM ${O} s
WHERE NOT EXISTS (SELECT 1 FROM ${BRONZE}.offers_outbox o WHERE o.event_id = s.event_id)`;
}

const R = STAGING.referentials.table;

/** Params: landed_at. Rows of the staging table already landed get the new label and payload. */
export function updateReferentials(dialect: Dialect): string {
  return `UPDATE ${BRONZE}.raw_referentials AS t
SET label = s.label, payload = ${jsonValue(dialect, 's.payload')}, landed_at = CAST(? AS TIMESTAMP)
FROM ${R} AS s
WHERE t.source = s.source AND t.name = s.name AND t.code = s.code`;
}

/** Params: landed_at. */
export function insertNewReferentials(dialect: Dialect): string {
  return `INSERT INTO ${BRONZE}.raw_referentials (source, name, code, label, payload, landed_at)
SELECT s.source, s.name, s.code, s.label, ${jsonValue(dialect, 's.payload')}, CAST(? AS TIMESTAMP)
FROM ${R} AS s
WHERE NOT EXISTS (
  SELECT 1 FROM ${BRONZE}.raw_referentials e
  WHERE e.source = s.source AND e.name = s.name AND e.code = s.code
)`;
}

/*
 * Single-row upserts are an UPDATE then an INSERT ... WHERE NOT EXISTS, in one transaction, rather
 * than MERGE: the same SQL on DuckDB, Snowflake and the fakesnow emulator (whose MERGE cannot run
 * inside a transaction that already wrote), and every bind is CAST so no engine has to guess a type.
 */

/** Params: watermark, last_run_id, last_success_run_id, last_success_at, quota, updated_at, source. */
export function updateIngestState(dialect: Dialect): string {
  return `UPDATE ${BRONZE}.ingest_state
SET watermark = CAST(? AS TIMESTAMP), last_run_id = CAST(? AS VARCHAR), last_success_run_id = CAST(? AS VARCHAR),
  last_success_at = CAST(? AS TIMESTAMP), quota = ${jsonValue(dialect, 'CAST(? AS VARCHAR)')}, updated_at = CAST(? AS TIMESTAMP)
WHERE source = CAST(? AS VARCHAR)`;
}

/** Params: source, watermark, last_run_id, last_success_run_id, last_success_at, quota, updated_at, source. */
export function insertIngestState(dialect: Dialect): string {
  return `INSERT INTO ${BRONZE}.ingest_state (source, watermark, last_run_id, last_success_run_id, last_success_at, quota, updated_at)
SELECT CAST(? AS VARCHAR), CAST(? AS TIMESTAMP), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP),
  ${jsonValue(dialect, 'CAST(? AS VARCHAR)')}, CAST(? AS TIMESTAMP)
WHERE NOT EXISTS (SELECT 1 FROM ${BRONZE}.ingest_state WHERE source = CAST(? AS VARCHAR))`;
}

export function selectIngestState(dialect: Dialect): string {
  return `SELECT source, watermark, last_run_id, last_success_run_id, last_success_at,
  ${jsonText(dialect, 'quota')} AS quota, updated_at
FROM ${BRONZE}.ingest_state WHERE source = CAST(? AS VARCHAR)`;
}

/** Params: finished_at, status, window_start, window_end, dry_run, counts, error, run_id, source. */
export function updateIngestRun(dialect: Dialect): string {
  return `UPDATE ${BRONZE}.ingest_runs
SET finished_at = CAST(? AS TIMESTAMP), status = CAST(? AS VARCHAR), window_start = CAST(? AS TIMESTAMP),
  window_end = CAST(? AS TIMESTAMP), dry_run = CAST(? AS BOOLEAN), counts = ${jsonValue(dialect, 'CAST(? AS VARCHAR)')},
  error = CAST(? AS VARCHAR)
WHERE run_id = CAST(? AS VARCHAR) AND source = CAST(? AS VARCHAR)`;
}

/** Params: run_id, source, started_at, finished_at, status, window_start, window_end, dry_run, counts, error, run_id, source. */
export function insertIngestRun(dialect: Dialect): string {
  return `INSERT INTO ${BRONZE}.ingest_runs (run_id, source, started_at, finished_at, status, window_start, window_end, dry_run, counts, error)
SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), CAST(? AS VARCHAR),
  CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), CAST(? AS BOOLEAN), ${jsonValue(dialect, 'CAST(? AS VARCHAR)')}, CAST(? AS VARCHAR)
WHERE NOT EXISTS (SELECT 1 FROM ${BRONZE}.ingest_runs WHERE run_id = CAST(? AS VARCHAR) AND source = CAST(? AS VARCHAR))`;
}

export function insertRejected(): string {
  return `INSERT INTO ${BRONZE}.rejected_offers (source, run_id, reason, payload, rejected_at)
VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP))`;
}

export function selectPendingOutbox(dialect: Dialect, topics: number): string {
  const filter =
    topics > 0 ? ` AND topic IN (${Array.from({ length: topics }, () => '?').join(', ')})` : '';
  return `SELECT event_id, topic, message_key, ${jsonText(dialect, 'message_value')} AS message_value,
  ${jsonText(dialect, 'headers')} AS headers, run_id, created_at, published_at
FROM ${BRONZE}.offers_outbox
WHERE published_at IS NULL${filter}
ORDER BY created_at, event_id
LIMIT ?`;
}

export function countPendingOutbox(topics: number): string {
  const filter =
    topics > 0 ? ` AND topic IN (${Array.from({ length: topics }, () => '?').join(', ')})` : '';
  return `SELECT COUNT(*) AS n FROM ${BRONZE}.offers_outbox WHERE published_at IS NULL${filter}`;
}

/** Params: published_at; the ids are staged in jm_stage_ids. */
export function markStagedPublished(): string {
  return `UPDATE ${BRONZE}.offers_outbox AS o SET published_at = CAST(? AS TIMESTAMP)
FROM ${STAGING.ids.table} s WHERE o.event_id = s.id AND o.published_at IS NULL`;
}

/** Params: sending_at; the ids are staged in jm_stage_ids. */
export function markStagedSending(): string {
  return `UPDATE ${BRONZE}.offers_outbox AS o SET sending_at = CAST(? AS TIMESTAMP)
FROM ${STAGING.ids.table} s WHERE o.event_id = s.id AND o.published_at IS NULL`;
}

/** Messages whose sending started but was never recorded as done (the job died in between). */
export function selectInDoubtOutbox(): string {
  return `SELECT event_id, topic FROM ${BRONZE}.offers_outbox
WHERE published_at IS NULL AND sending_at IS NOT NULL ORDER BY created_at, event_id`;
}

/** UTC timestamp text both engines cast to TIMESTAMP without time-zone surprises. */
export function timestampText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
