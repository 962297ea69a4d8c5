/**
 * One ingest run: for each source, fetch → identify → land in bronze (rows, outbox events,
 * rejects and the source's state in one transaction per batch), then publish the outbox.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@jobmarket/telemetry';
import type { IngestState, RawOfferInput, RunStatus, Warehouse } from '@jobmarket/warehouse';
import {
  offerIngestedMessage,
  publishOutbox,
  rejectedOfferMessage,
  OFFERS_INGESTED_TOPIC,
  type Publisher,
  type PublishOptions,
} from './outbox.js';
import { identify, type OfferSourceName } from './payload.js';
import { warehouseReferentials } from './referentials.js';
import {
  SourceNotConfiguredError,
  type Checkpoint,
  type OfferSource,
  type RawItem,
  type SourceContext,
  type SourceStats,
} from './sources/types.js';

export interface IngestHooks {
  /** After every source landed, before publishing (tests kill the job here). */
  afterLanding?: () => Promise<void> | void;
  afterPublishBatch?: PublishOptions['afterBatch'];
  beforeMark?: PublishOptions['beforeMark'];
}

export interface IngestOptions {
  readonly sources: readonly OfferSource[];
  readonly warehouse: Warehouse;
  /** Where the outbox goes; undefined when Kafka could not be reached (events stay pending). */
  readonly publisher: Publisher | undefined;
  /** Why there is no publisher, for the summary. */
  readonly publisherError?: string;
  readonly logger: Logger;
  readonly dryRun?: boolean;
  readonly since?: Date;
  readonly until?: Date;
  readonly runId?: string;
  /** Offers per landing transaction (default 1000). */
  readonly batchSize?: number;
  readonly publishBatchSize?: number;
  readonly progressEveryMs?: number;
  /** The Kafka name of the ingested topic (with prefix), quoted in dead letters. */
  readonly topicName?: string;
  readonly hooks?: IngestHooks;
}

export interface SourceSummary {
  source: string;
  status: RunStatus;
  windowStart: string | null;
  windowEnd: string | null;
  /** Distinct payloads received (exact duplicates within the run counted once). */
  fetched: number;
  /** New rows in bronze.raw_offers (new offers + changed payloads). */
  landed: number;
  new: number;
  changed: number;
  unchanged: number;
  duplicates: number;
  /** Payloads that could not be identified (sent to the DLQ). */
  rejected: number;
  /** Offers known to exist that could not be fetched. */
  unfetched: number;
  published: number;
  requests: number;
  retries: number;
  durationMs: number;
  bySource: Partial<
    Record<OfferSourceName, { fetched: number; landed: number; unchanged: number }>
  >;
  notes: string[];
  error?: string;
}

export interface IngestSummary {
  source: string;
  runId: string;
  status: 'succeeded' | 'partial' | 'failed' | 'skipped';
  dryRun: boolean;
  fetched: number;
  landed: number;
  unchanged: number;
  published: number;
  /** rejected + unfetched: offers of the window that are not in bronze. */
  failed: number;
  rejected: number;
  unfetched: number;
  /** Outbox messages still unpublished at the end (published by the next run). */
  pendingEvents: number;
  durationMs: number;
  /** Fetching and landing, all sources. */
  landMs: number;
  /** Publishing the outbox. */
  publishMs: number;
  offersPerSecond: number;
  publishError?: string;
  sources: Record<string, SourceSummary>;
}

export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

function emptySummary(source: OfferSource): SourceSummary {
  return {
    source: source.name,
    status: 'running',
    windowStart: null,
    windowEnd: null,
    fetched: 0,
    landed: 0,
    new: 0,
    changed: 0,
    unchanged: 0,
    duplicates: 0,
    rejected: 0,
    unfetched: 0,
    published: 0,
    requests: 0,
    retries: 0,
    durationMs: 0,
    bySource: {},
    notes: [],
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const {
    warehouse,
    logger,
    dryRun = false,
    batchSize = 1_000,
    progressEveryMs = 2_000,
    topicName = OFFERS_INGESTED_TOPIC,
    hooks = {},
  } = options;
  const runId = options.runId ?? newRunId();
  const started = Date.now();
  const summaries: Record<string, SourceSummary> = {};
  const referentials = warehouseReferentials(warehouse, { dryRun, logger });
  const seen = new Set<string>();
  let publishedTotal = 0;
  let phase: 'fetch' | 'publish' = 'fetch';
  let current: { summary: SourceSummary; stats: SourceStats; started: number } | undefined;

  const progress = setInterval(() => {
    if (phase === 'publish') {
      logger.info({ runId, published: publishedTotal }, 'progress: publishing');
      return;
    }
    if (!current) return;
    const { summary, stats } = current;
    const seconds = (Date.now() - current.started) / 1000;
    const rate = seconds > 0 ? summary.fetched / seconds : 0;
    const eta =
      stats.expected !== undefined && rate > 0
        ? Math.max(0, Math.round((stats.expected - summary.fetched) / rate))
        : undefined;
    logger.info(
      {
        runId,
        source: summary.source,
        fetched: summary.fetched,
        landed: summary.landed,
        unchanged: summary.unchanged,
        expected: stats.expected,
        offersPerSecond: Math.round(rate),
        etaSeconds: eta,
      },
      'progress',
    );
  }, progressEveryMs);
  progress.unref();

  try {
    for (const source of options.sources) {
      const summary = emptySummary(source);
      summaries[source.name] = summary;
      const sourceStarted = Date.now();
      const stats: SourceStats = {
        expected: undefined,
        requests: 0,
        retries: 0,
        unfetched: 0,
        notes: [],
      };
      current = { summary, stats, started: sourceStarted };
      let state: IngestState | undefined = await warehouse.getIngestState(source.stateKey);
      const window = source.window({ since: options.since, until: options.until, state });
      summary.windowStart = window.start?.toISOString() ?? null;
      summary.windowEnd = window.end?.toISOString() ?? null;
      const baseRecord = {
        runId,
        source: source.name,
        startedAt: new Date(sourceStarted),
        windowStart: window.start,
        windowEnd: window.end,
        dryRun,
      };
      const stateOf = (checkpoint: Checkpoint | undefined): IngestState => ({
        source: source.stateKey,
        watermark:
          checkpoint?.watermark !== undefined ? checkpoint.watermark : (state?.watermark ?? null),
        lastRunId: runId,
        lastSuccessRunId: state?.lastSuccessRunId ?? null,
        lastSuccessAt: state?.lastSuccessAt ?? null,
        quota: checkpoint?.quota !== undefined ? checkpoint.quota : (state?.quota ?? null),
        updatedAt: new Date(),
      });
      if (!dryRun) {
        await warehouse.recordRun({
          ...baseRecord,
          finishedAt: null,
          status: 'running',
          counts: {},
          error: null,
        });
      }

      const context: SourceContext = {
        runId,
        since: options.since,
        until: options.until,
        state,
        logger: logger.child({ source: source.name }),
        dryRun,
        referentials,
        stats,
        async saveQuota(quota) {
          state = { ...stateOf({ quota }), lastRunId: state?.lastRunId ?? runId };
          await warehouse.putIngestState(state);
        },
      };

      let buffer: RawItem[] = [];
      interface Prepared {
        fetchedAt: Date;
        offers: RawOfferInput[];
        rejects: { source: OfferSourceName; reason: string; payloadText: string }[];
      }
      /** Identifies a batch (synchronous: runs while the previous batch's transaction is in the engine). */
      const prepare = (items: readonly RawItem[]): Prepared => {
        const fetchedAt = new Date();
        const offers: RawOfferInput[] = [];
        const rejects: { source: OfferSourceName; reason: string; payloadText: string }[] = [];
        for (const item of items) {
          const identified = identify(item.raw, item.source);
          const per = (summary.bySource[item.source] ??= { fetched: 0, landed: 0, unchanged: 0 });
          if (!identified.ok) {
            summary.rejected += 1;
            summary.fetched += 1;
            per.fetched += 1;
            rejects.push(identified);
            logger.warn(
              { source: item.source, reason: identified.reason },
              'payload rejected (sent to the DLQ)',
            );
            continue;
          }
          const key = `${identified.source}\u0000${identified.sourceId}\u0000${identified.payloadHash}`;
          if (seen.has(key)) {
            summary.duplicates += 1;
            continue;
          }
          seen.add(key);
          summary.fetched += 1;
          per.fetched += 1;
          offers.push({
            source: identified.source,
            sourceId: identified.sourceId,
            payload: identified.payload,
            payloadHash: identified.payloadHash,
          });
        }
        return { fetchedAt, offers, rejects };
      };
      /** Lands a prepared batch with its checkpoint, in one transaction. */
      const commit = async (
        { fetchedAt, offers, rejects }: Prepared,
        checkpoint: Checkpoint | undefined,
      ) => {
        if (dryRun) return;
        const result = await warehouse.transaction(async (tx) => {
          const landed = await tx.landOffers({ runId, seenAt: fetchedAt, offers });
          await tx.enqueueOutbox(
            landed.landed.map((offer) => offerIngestedMessage(offer, runId, fetchedAt)),
          );
          if (rejects.length > 0) {
            await tx.recordRejected(
              rejects.map((reject) => ({
                source: reject.source,
                runId,
                reason: reject.reason,
                payload: reject.payloadText,
                rejectedAt: fetchedAt,
              })),
            );
            await tx.enqueueOutbox(
              rejects.map((reject) =>
                rejectedOfferMessage(
                  reject.source,
                  reject.reason,
                  reject.payloadText,
                  runId,
                  fetchedAt,
                  topicName,
                ),
              ),
            );
          }
          const next = stateOf(checkpoint);
          await tx.putIngestState(next);
          return { landed, next };
        });
        state = result.next;
        summary.landed += result.landed.inserted;
        summary.new += result.landed.new;
        summary.changed += result.landed.changed;
        summary.unchanged += result.landed.unchanged;
        for (const offer of result.landed.landed) {
          const per = summary.bySource[offer.source as OfferSourceName];
          if (per) per.landed += 1;
        }
        // unchanged per source: what was identified minus what landed
        for (const [name, per] of Object.entries(summary.bySource)) {
          const identifiedHere = offers.filter((offer) => offer.source === name).length;
          const landedHere = result.landed.landed.filter((offer) => offer.source === name).length;
          per.unchanged += identifiedHere - landedHere;
        }
      };

      // One batch's transaction runs in the engine while the next batch is fetched and
      // identified; transactions still commit one after the other, in order.
      let inFlight: Promise<void> = Promise.resolve();
      const land = async (items: readonly RawItem[], checkpoint: Checkpoint | undefined) => {
        const prepared = prepare(items);
        const previous = inFlight;
        inFlight = previous.then(() => commit(prepared, checkpoint));
        inFlight.catch(() => undefined); // surfaced by the next await of inFlight
        await previous;
      };

      try {
        for await (const batch of source.fetch(context)) {
          buffer.push(...batch.items);
          if (batch.checkpoint || buffer.length >= batchSize) {
            const items = buffer;
            buffer = [];
            await land(items, batch.checkpoint);
          }
        }
        if (buffer.length > 0) await land(buffer.splice(0), undefined);
        await inFlight;
        summary.status = stats.unfetched > 0 || stats.notes.length > 0 ? 'partial' : 'succeeded';
      } catch (error) {
        const failedLanding = await inFlight.then(
          () => undefined,
          (landError: unknown) => landError,
        );
        if (failedLanding !== undefined && failedLanding !== error) {
          logger.error({ err: failedLanding }, 'landing a batch failed');
        }
        if (buffer.length > 0 && failedLanding === undefined) {
          await commit(prepare(buffer.splice(0)), undefined).catch((landError: unknown) =>
            logger.error({ err: landError }, 'could not land the last fetched offers'),
          );
        }
        if (error instanceof SourceNotConfiguredError) {
          summary.status = 'skipped';
          summary.error = error.message;
          logger.warn({ source: source.name, reason: error.message }, 'source skipped');
        } else {
          summary.status = 'failed';
          summary.error = message(error);
          logger.error({ source: source.name, err: error }, 'source failed');
        }
      }
      summary.unfetched = stats.unfetched;
      summary.requests = stats.requests;
      summary.retries = stats.retries;
      summary.notes = stats.notes;
      summary.durationMs = Date.now() - sourceStarted;
      if (!dryRun && summary.status !== 'skipped') {
        const finishedAt = new Date();
        const succeeded = summary.status === 'succeeded';
        await warehouse.transaction(async (tx) => {
          const latest = (await tx.getIngestState(source.stateKey)) ?? stateOf(undefined);
          await tx.putIngestState({
            ...latest,
            lastRunId: runId,
            lastSuccessRunId: succeeded ? runId : latest.lastSuccessRunId,
            lastSuccessAt: succeeded ? finishedAt : latest.lastSuccessAt,
            updatedAt: finishedAt,
          });
          await tx.recordRun({
            ...baseRecord,
            finishedAt,
            status: summary.status,
            counts: countsOf(summary),
            error: summary.error ?? null,
          });
        });
      }
      logger.info(
        {
          source: source.name,
          status: summary.status,
          fetched: summary.fetched,
          landed: summary.landed,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          unfetched: summary.unfetched,
        },
        'source done',
      );
    }
    current = undefined;
    const landMs = Date.now() - started;
    await hooks.afterLanding?.();
    const publishStarted = Date.now();

    let publishError = options.publisherError;
    let pendingEvents = 0;
    if (!dryRun) {
      phase = 'publish';
      if (options.publisher) {
        try {
          const result = await publishOutbox({
            warehouse,
            publisher: options.publisher,
            logger,
            batchSize: options.publishBatchSize,
            afterBatch: hooks.afterPublishBatch,
            beforeMark: hooks.beforeMark,
            onProgress: (published) => {
              publishedTotal = published;
            },
          });
          publishedTotal = result.published;
          for (const summary of Object.values(summaries)) {
            summary.published = Object.keys(summary.bySource).reduce(
              (sum, name) => sum + (result.bySource[name] ?? 0),
              0,
            );
          }
          if (result.bySource.dlq) {
            const first = Object.values(summaries)[0];
            if (first) first.published += result.bySource.dlq;
          }
        } catch (error) {
          publishError = message(error);
          logger.error(
            { err: error },
            'publishing the outbox failed; pending events go out with the next run',
          );
        }
      }
      pendingEvents = await warehouse.countPendingOutbox();
      if (!options.publisher && pendingEvents > 0) {
        logger.error(
          { pendingEvents, reason: publishError },
          'no Kafka publisher; events stay in the outbox for the next run',
        );
      }
      for (const summary of Object.values(summaries)) {
        if (summary.status === 'skipped') continue;
        await warehouse.recordRun({
          runId,
          source: summary.source,
          startedAt: new Date(started),
          finishedAt: new Date(),
          status: summary.status,
          windowStart: summary.windowStart ? new Date(summary.windowStart) : null,
          windowEnd: summary.windowEnd ? new Date(summary.windowEnd) : null,
          dryRun,
          counts: countsOf(summary),
          error: summary.error ?? null,
        });
      }
    }

    const publishMs = Date.now() - publishStarted;
    const all = Object.values(summaries);
    const ran = all.filter((summary) => summary.status !== 'skipped');
    const total = (field: 'fetched' | 'landed' | 'unchanged' | 'rejected' | 'unfetched') =>
      all.reduce((sum, summary) => sum + summary[field], 0);
    const durationMs = Date.now() - started;
    const status: IngestSummary['status'] =
      ran.length === 0
        ? 'skipped'
        : ran.some((summary) => summary.status === 'failed') || publishError !== undefined
          ? 'failed'
          : ran.some((summary) => summary.status === 'partial')
            ? 'partial'
            : 'succeeded';
    return {
      source: options.sources.map((source) => source.name).join(','),
      runId,
      status,
      dryRun,
      fetched: total('fetched'),
      landed: total('landed'),
      unchanged: total('unchanged'),
      published: publishedTotal,
      failed: total('rejected') + total('unfetched'),
      rejected: total('rejected'),
      unfetched: total('unfetched'),
      pendingEvents,
      durationMs,
      landMs,
      publishMs,
      offersPerSecond: durationMs > 0 ? Math.round((total('fetched') / durationMs) * 1000) : 0,
      ...(publishError !== undefined ? { publishError } : {}),
      sources: summaries,
    };
  } finally {
    clearInterval(progress);
  }
}

function countsOf(summary: SourceSummary): Record<string, number> {
  return {
    fetched: summary.fetched,
    landed: summary.landed,
    new: summary.new,
    changed: summary.changed,
    unchanged: summary.unchanged,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    unfetched: summary.unfetched,
    published: summary.published,
    requests: summary.requests,
    retries: summary.retries,
  };
}
