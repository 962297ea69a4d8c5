/**
 * One transform run: drain the offers.ingested events that arrived since the last committed offset
 * (bounded), run dbt on the warehouse, publish the curated offers that changed and tombstones for
 * those that closed, publish warehouse.refreshed, record what was published, and only then let the
 * drain commit. Any failure (dbt model or test, publishing) throws out of the drain handler: no
 * offset is committed, and the next run reads the same events again.
 */
import { randomBytes } from 'node:crypto';
import { TOPICS, type EventBus, type WarehouseRefreshed } from '@jobmarket/events';
import type { Logger } from '@jobmarket/telemetry';
import {
  openWarehouse,
  parseWarehouseUrl,
  withWarehouseLockFor,
  type Warehouse,
} from '@jobmarket/warehouse';
import {
  changedOffers,
  closedOffers,
  ensureState,
  recordPublished,
  toCuratedOffer,
} from './curated.js';
import { DbtError, lastLines, runDbt, tally, type DbtNodeResult, type DbtProject } from './dbt.js';
import { classifyMissingRome, type RomeClassifier } from './rome-seam.js';

export interface TransformOptions {
  readonly bus: EventBus;
  /** WAREHOUSE_URL (unset = the embedded DuckDB file). */
  readonly warehouseUrl: string | undefined;
  readonly dbt: Omit<DbtProject, 'target'>;
  readonly logger: Logger;
  readonly groupId?: string;
  readonly maxEvents?: number;
  readonly publishBatchSize?: number;
  /** When given, Adzuna offers get a predicted ROME code between silver and gold (see rome-seam.ts). */
  readonly classifier?: RomeClassifier;
  /** dbt --full-refresh (rebuilds the incremental models). */
  readonly fullRefresh?: boolean;
  /** Run dbt and publish even when no offers.ingested event is pending (e.g. after a new classifier). */
  readonly rebuild?: boolean;
  readonly runId?: string;
  /** Test hook: runs after publishing, before the state is recorded and offsets committed. */
  readonly beforeCommit?: () => Promise<void> | void;
}

export interface TransformSummary {
  job: 'transform';
  runId: string;
  /** idle: nothing to consume, dbt not run. */
  status: 'succeeded' | 'idle' | 'failed';
  eventsConsumed: number;
  offersCurated: number;
  tombstones: number;
  dbt: {
    status: 'success' | 'error' | 'skipped';
    durationMs: number;
    models: number;
    modelsFailed: number;
    tests: { passed: number; failed: number; warned: number; skipped: number };
  };
  counts: { silverOffers: number; activeOffers: number };
  romePredicted: number;
  committed: boolean;
  durationMs: number;
  error?: string;
}

export function newTransformRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

const lower = (row: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

async function count(db: Warehouse, relation: string): Promise<number | null> {
  try {
    const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${relation}`);
    return Number(lower(row).n);
  } catch {
    return null;
  }
}

/** schema.name of a relation dbt reports as database.schema.name. */
function shortRelation(relation: string | null): string | null {
  if (!relation) return null;
  return relation.split('.').slice(-2).join('.');
}

export async function runTransform(options: TransformOptions): Promise<TransformSummary> {
  const started = new Date();
  const runId = options.runId ?? newTransformRunId(started);
  const logger = options.logger.child({ runId });
  const target = parseWarehouseUrl(options.warehouseUrl);
  const project: DbtProject = { ...options.dbt, target };
  const summary: TransformSummary = {
    job: 'transform',
    runId,
    status: 'idle',
    eventsConsumed: 0,
    offersCurated: 0,
    tombstones: 0,
    dbt: {
      status: 'skipped',
      durationMs: 0,
      models: 0,
      modelsFailed: 0,
      tests: { passed: 0, failed: 0, warned: 0, skipped: 0 },
    },
    counts: { silverOffers: 0, activeOffers: 0 },
    romePredicted: 0,
    committed: false,
    durationMs: 0,
  };

  const transformAndPublish = async (eventsConsumed: number) => {
    const results: DbtNodeResult[] = [];
    const build = async (args: string[]) => {
      try {
        const run = await runDbt(project, args, logger);
        results.push(...run.results);
        summary.dbt.durationMs += run.durationMs;
      } catch (error) {
        if (error instanceof DbtError) {
          results.push(...error.results);
          const t = tally(results);
          summary.dbt = {
            status: 'error',
            durationMs: summary.dbt.durationMs,
            models: t.models.length,
            modelsFailed: t.models.filter((m) => m.status === 'error').length,
            tests: t.tests,
          };
          // dbt's own words, in the job log: the failing nodes and the end of its output.
          logger.error(
            { dbtExitCode: error.exitCode, dbtOutput: lastLines(error.output, 60) },
            error.message,
          );
        }
        throw error;
      }
    };
    const fullRefresh = options.fullRefresh ? ['--full-refresh'] : [];

    if (options.classifier) {
      await build(['build', '--exclude', 'tag:gold', ...fullRefresh]);
      const db = await openWarehouse({ url: options.warehouseUrl, lock: false, migrate: false });
      try {
        summary.romePredicted = await classifyMissingRome(db, options.classifier);
        logger.info(
          { predicted: summary.romePredicted, model: options.classifier.version },
          'ROME codes predicted',
        );
      } finally {
        await db.close();
      }
      await build(['build', '--select', 'tag:gold', ...fullRefresh]);
    } else {
      await build(['build', ...fullRefresh]);
    }
    const t = tally(results);
    summary.dbt = {
      status: 'success',
      durationMs: summary.dbt.durationMs,
      models: t.models.length,
      modelsFailed: 0,
      tests: t.tests,
    };

    const db = await openWarehouse({ url: options.warehouseUrl, lock: false, migrate: false });
    try {
      await ensureState(db);
      summary.counts.silverOffers = (await count(db, 'silver.silver_offers')) ?? 0;
      summary.counts.activeOffers = (await count(db, 'gold.gold_active_offers')) ?? 0;

      const producer = options.bus.producer();
      try {
        const curatedAt = new Date();
        const batchSize = options.publishBatchSize ?? 500;
        for await (const page of changedOffers(db, Math.max(batchSize, 1000))) {
          for (let start = 0; start < page.length; start += batchSize) {
            const batch = page.slice(start, start + batchSize);
            await producer.send(
              TOPICS.offersCurated,
              batch.map((change) => ({
                key: change.offerId,
                value: toCuratedOffer(change, curatedAt),
              })),
            );
            summary.offersCurated += batch.length;
          }
          logger.info({ published: summary.offersCurated }, 'curated offers published');
        }
        const closed = await closedOffers(db);
        for (let start = 0; start < closed.length; start += batchSize) {
          const batch = closed.slice(start, start + batchSize);
          await producer.send(
            TOPICS.offersCurated,
            batch.map((offerId) => ({ key: offerId, value: null })),
          );
          summary.tombstones += batch.length;
        }
        if (closed.length > 0) logger.info({ tombstones: closed.length }, 'tombstones published');

        const models: WarehouseRefreshed['models'] = [];
        for (const model of t.models) {
          const relation = shortRelation(model.relation);
          const rows = model.status === 'success' && relation ? await count(db, relation) : null;
          models.push({ name: model.name, status: model.status, rows });
        }
        const refreshed: WarehouseRefreshed = {
          runId,
          startedAt: started.toISOString(),
          finishedAt: new Date().toISOString(),
          eventsConsumed,
          models,
          tests: t.tests,
          counts: {
            silverOffers: summary.counts.silverOffers,
            activeOffers: summary.counts.activeOffers,
            curatedPublished: summary.offersCurated,
            tombstones: summary.tombstones,
          },
        };
        await producer.send(TOPICS.warehouseRefreshed, [{ key: runId, value: refreshed }]);
      } finally {
        await producer.disconnect();
      }
      await options.beforeCommit?.();
      await recordPublished(db, runId, new Date());
    } finally {
      await db.close();
    }
  };

  try {
    await options.bus.provisionTopics();
    const drained = await options.bus.drain({
      groupId: options.groupId ?? 'transform',
      topic: TOPICS.offersIngested,
      maxMessages: options.maxEvents ?? 200_000,
      handler: async (events) => {
        summary.eventsConsumed = events.length;
        logger.info({ events: events.length }, 'offers.ingested events drained; transforming');
        await withWarehouseLockFor(options.warehouseUrl, () => transformAndPublish(events.length), {
          purpose: `transform ${runId} (dbt build, publish)`,
          logger,
        });
      },
    });
    summary.committed = drained.committed;
    summary.status = drained.committed ? 'succeeded' : 'idle';
    if (!drained.committed && options.rebuild) {
      logger.info('no offers.ingested event pending; rebuilding anyway (--rebuild)');
      await withWarehouseLockFor(options.warehouseUrl, () => transformAndPublish(0), {
        purpose: `transform ${runId} (rebuild: dbt build, publish)`,
        logger,
      });
      summary.status = 'succeeded';
    } else if (!drained.committed) logger.info('no offers.ingested event pending; dbt not run');
  } catch (error) {
    summary.status = 'failed';
    summary.error = error instanceof Error ? error.message : String(error);
    if (!(error instanceof DbtError)) logger.error({ err: error }, 'transform failed');
  }
  summary.durationMs = Date.now() - started.getTime();
  return summary;
}
