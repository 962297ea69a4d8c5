/**
 * The bronze operations written once over a small driver interface; the DuckDB and Snowflake
 * adapters only provide the driver (connect, run, bulk-load a staging table, close).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as sql from './sql.js';
import type {
  Dialect,
  IngestRunRecord,
  IngestState,
  LandOffersInput,
  LandOffersResult,
  LandedOffer,
  OutboxMessage,
  ReferentialRow,
  RejectedOffer,
  SqlValue,
  StoredOutboxMessage,
  Warehouse,
  WarehouseOps,
} from './types.js';

export type Row = Record<string, unknown>;

/** What an adapter provides. Column names of returned rows must be lower case. */
export interface Driver {
  readonly dialect: Dialect;
  readonly location: string;
  all(statement: string, params: readonly SqlValue[]): Promise<Row[]>;
  run(statement: string, params: readonly SqlValue[]): Promise<void>;
  /** Replaces the content of a staging table with `rows` (text or null values, in `columns` order). */
  load(kind: sql.StagingKind, rows: readonly (string | null)[][]): Promise<void>;
  close(): Promise<void>;
}

/** Binds Dates as UTC timestamp text (every timestamp parameter is wrapped in CAST(? AS TIMESTAMP)). */
export function bindable(params: readonly SqlValue[]): (string | number | boolean | null)[] {
  return params.map((value) => (value instanceof Date ? sql.timestampText(value) : value));
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return new Date(value.getTime()); // a plain Date, not a driver subclass
  if (typeof value === 'string')
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  if (typeof value === 'object' && value !== null && 'toJSON' in value) {
    return new Date(String((value as { toJSON(): unknown }).toJSON()));
  }
  return new Date(String(value));
}

function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as unknown;
  return value;
}

function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A one-at-a-time gate: a connection runs one statement at a time, and a transaction owns it until it ends. */
class Gate {
  private tail: Promise<void> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const CHUNK = 1_000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size)
    out.push(items.slice(index, index + size));
  return out;
}

function createOps(driver: Driver): WarehouseOps {
  const { dialect } = driver;
  const ops: WarehouseOps = {
    async query<R extends Row = Row>(statement: string, params: readonly SqlValue[] = []) {
      return (await driver.all(statement, bindable(params))) as R[];
    },
    async execute(statement, params = []) {
      await driver.run(statement, bindable(params));
    },

    async landOffers({ runId, seenAt, offers }: LandOffersInput): Promise<LandOffersResult> {
      const unique = new Map<string, (string | null)[]>();
      for (const offer of offers) {
        unique.set(`${offer.source}\u0000${offer.sourceId}\u0000${offer.payloadHash}`, [
          offer.source,
          offer.sourceId,
          offer.payload,
          offer.payloadHash,
        ]);
      }
      if (unique.size === 0) return { inserted: 0, new: 0, changed: 0, unchanged: 0, landed: [] };
      await driver.load('offers', [...unique.values()]);
      const rows = await driver.all(sql.classifyStagedOffers(), []);
      const landed: LandedOffer[] = rows.map((row) => ({
        source: String(row.source),
        sourceId: String(row.source_id),
        payloadHash: String(row.payload_hash),
        change: row.change === 'NEW' ? 'NEW' : 'CHANGED',
      }));
      const seen = sql.timestampText(seenAt);
      if (landed.length < unique.size) await driver.run(sql.touchLandedOffers(), [seen, runId]);
      if (landed.length > 0)
        await driver.run(sql.insertNewOffers(dialect), [seen, seen, runId, runId]);
      const created = landed.filter((offer) => offer.change === 'NEW').length;
      return {
        inserted: landed.length,
        new: created,
        changed: landed.length - created,
        unchanged: unique.size - landed.length,
        landed,
      };
    },

    async enqueueOutbox(messages: readonly OutboxMessage[]) {
      if (messages.length === 0) return 0;
      await driver.load(
        'outbox',
        messages.map((message) => [
          message.eventId,
          message.topic,
          message.key,
          JSON.stringify(message.value),
          message.headers ? JSON.stringify(message.headers) : null,
          message.runId,
          sql.timestampText(message.createdAt),
        ]),
      );
      const [count] = await driver.all(sql.countNewOutbox(), []);
      await driver.run(sql.insertNewOutbox(dialect), []);
      return Number(count?.n ?? 0);
    },

    async upsertReferentials(rows: readonly ReferentialRow[], landedAt: Date) {
      let written = 0;
      const at = sql.timestampText(landedAt);
      for (const part of chunks(rows, 5_000)) {
        await driver.load(
          'referentials',
          part.map((row) => [row.source, row.name, row.code, row.label, row.payload]),
        );
        await driver.run(sql.updateReferentials(dialect), [at]);
        await driver.run(sql.insertNewReferentials(dialect), [at]);
        written += part.length;
      }
      return written;
    },

    async getIngestState(source: string) {
      const [row] = await driver.all(sql.selectIngestState(dialect), [source]);
      if (!row) return undefined;
      return {
        source: String(row.source),
        watermark: toDate(row.watermark),
        lastRunId: toText(row.last_run_id),
        lastSuccessRunId: toText(row.last_success_run_id),
        lastSuccessAt: toDate(row.last_success_at),
        quota: toJson(row.quota) as Record<string, unknown> | null,
        updatedAt: toDate(row.updated_at) ?? new Date(0),
      } satisfies IngestState;
    },

    async putIngestState(state: IngestState) {
      const values = bindable([
        state.watermark,
        state.lastRunId,
        state.lastSuccessRunId,
        state.lastSuccessAt,
        state.quota === null ? null : JSON.stringify(state.quota),
        state.updatedAt,
      ]);
      await driver.run(sql.updateIngestState(dialect), [...values, state.source]);
      await driver.run(sql.insertIngestState(dialect), [state.source, ...values, state.source]);
    },

    async recordRun(run: IngestRunRecord) {
      const values = bindable([
        run.finishedAt,
        run.status,
        run.windowStart,
        run.windowEnd,
        run.dryRun,
        JSON.stringify(run.counts),
        run.error,
      ]);
      await driver.run(sql.updateIngestRun(dialect), [...values, run.runId, run.source]);
      const [startedAt] = bindable([run.startedAt]);
      await driver.run(sql.insertIngestRun(dialect), [
        run.runId,
        run.source,
        startedAt ?? null,
        ...values,
        run.runId,
        run.source,
      ]);
    },

    async recordRejected(rows: readonly RejectedOffer[]) {
      for (const row of rows) {
        await driver.run(
          sql.insertRejected(),
          bindable([row.source, row.runId, row.reason, row.payload, row.rejectedAt]),
        );
      }
    },
  };
  return ops;
}

async function inOwnTransaction<T>(driver: Driver, work: () => Promise<T>): Promise<T> {
  await driver.run('BEGIN TRANSACTION', []);
  try {
    const result = await work();
    await driver.run('COMMIT', []);
    return result;
  } catch (error) {
    await driver.run('ROLLBACK', []).catch(() => undefined);
    throw error;
  }
}

export interface CreateWarehouseOptions {
  /** Runs after close (releases the cross-process lock). */
  onClose?: () => Promise<void> | void;
}

/** Wraps a driver into the Warehouse port. */
export async function createWarehouse(
  driver: Driver,
  { onClose }: CreateWarehouseOptions = {},
): Promise<Warehouse> {
  const gate = new Gate();
  const ops = createOps(driver);
  let closed: Promise<void> | undefined;
  // Set inside `transaction(work)`: calling the warehouse (not `tx`) there would wait for itself.
  const insideTransaction = new AsyncLocalStorage<true>();

  const gated =
    <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
    (...args: A): Promise<T> => {
      if (insideTransaction.getStore()) {
        // Called from inside `transaction(work)` on the warehouse object rather than `tx`;
        // other callers simply wait for the transaction to finish.
        throw new Error(
          'use the transaction object passed to transaction(work), not the warehouse, inside a transaction',
        );
      }
      return gate.run(async () => {
        // A multi-statement operation outside a transaction gets its own (Snowflake would
        // otherwise autocommit each statement).
        if (mutates.has(fn as never)) return inOwnTransaction(driver, () => fn(...args));
        return fn(...args);
      });
    };

  const dialect = driver.dialect;
  const mutates = new Set<unknown>([
    ops.landOffers,
    ops.enqueueOutbox,
    ops.upsertReferentials,
    ops.recordRejected,
    ops.putIngestState,
    ops.recordRun,
  ]);

  const warehouse: Warehouse = {
    dialect,
    location: driver.location,
    query: gated(ops.query) as Warehouse['query'],
    execute: gated(ops.execute),
    landOffers: gated(ops.landOffers),
    enqueueOutbox: gated(ops.enqueueOutbox),
    upsertReferentials: gated(ops.upsertReferentials),
    getIngestState: gated(ops.getIngestState),
    putIngestState: gated(ops.putIngestState),
    recordRun: gated(ops.recordRun),
    recordRejected: gated(ops.recordRejected),

    migrate: () =>
      gate.run(async () => {
        for (const statement of sql.bronzeDdl(dialect)) await driver.run(statement, []);
        for (const statement of sql.stagingDdl(dialect)) await driver.run(statement, []);
      }),

    transaction<T>(work: (tx: WarehouseOps) => Promise<T>): Promise<T> {
      return gate.run(async () => {
        return insideTransaction.run(true, () => inOwnTransaction(driver, () => work(ops)));
      });
    },

    pendingOutbox: (limit, topics = []) =>
      gate.run(async () => {
        const rows = await driver.all(sql.selectPendingOutbox(dialect, topics.length), [
          ...topics,
          limit,
        ]);
        return rows.map((row): StoredOutboxMessage => ({
          eventId: String(row.event_id),
          topic: String(row.topic),
          key: toText(row.message_key),
          value: toJson(row.message_value),
          headers: (toJson(row.headers) as Record<string, string> | null) ?? undefined,
          runId: String(row.run_id),
          createdAt: toDate(row.created_at) ?? new Date(0),
          publishedAt: toDate(row.published_at),
        }));
      }),

    countPendingOutbox: (topics = []) =>
      gate.run(async () => {
        const [row] = await driver.all(sql.countPendingOutbox(topics.length), [...topics]);
        return Number(row?.n ?? 0);
      }),

    markPublished: (eventIds, publishedAt) =>
      gate.run(async () => {
        if (eventIds.length === 0) return;
        await inOwnTransaction(driver, async () => {
          for (const part of chunks(eventIds, 5_000)) {
            await driver.load(
              'ids',
              part.map((id) => [id]),
            );
            await driver.run(sql.markStagedPublished(), [sql.timestampText(publishedAt)]);
          }
        });
      }),

    markSending: (eventIds, sendingAt) =>
      gate.run(async () => {
        if (eventIds.length === 0) return;
        await inOwnTransaction(driver, async () => {
          for (const part of chunks(eventIds, 5_000)) {
            await driver.load(
              'ids',
              part.map((id) => [id]),
            );
            await driver.run(sql.markStagedSending(), [sql.timestampText(sendingAt)]);
          }
        });
      }),

    inDoubtOutbox: () =>
      gate.run(async () =>
        (await driver.all(sql.selectInDoubtOutbox(), [])).map((row) => ({
          eventId: String(row.event_id),
          topic: String(row.topic),
        })),
      ),

    close() {
      closed ??= gate
        .run(() => driver.close())
        .finally(async () => {
          await onClose?.();
        });
      return closed;
    },
  };
  return warehouse;
}
