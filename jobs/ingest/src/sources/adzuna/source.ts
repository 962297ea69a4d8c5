/**
 * The Adzuna source: newest first (`sort_by=date`), `max_days_old` covering the days since the
 * last successful run, pages of 50 until an empty or short page, the announced count, `maxPages`,
 * or a used-up quota (then the run is partial and the next one starts from the same watermark).
 */
import { AdzunaClient, type AdzunaClientOptions } from './client.js';
import {
  Quota,
  QuotaExhaustedError,
  adzunaLimits,
  type AdzunaQuotaConfig,
  type QuotaLimit,
} from './quota.js';
import {
  SourceNotConfiguredError,
  type OfferSource,
  type SourceBatch,
  type SourceContext,
} from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AdzunaSourceOptions extends Omit<
  AdzunaClientOptions,
  'logger' | 'counters' | 'beforeRequest' | 'appId' | 'appKey'
> {
  readonly appId: string | undefined;
  readonly appKey: string | undefined;
  readonly quota?: AdzunaQuotaConfig;
  /** Overrides the quota windows entirely (tests use second-long windows). */
  readonly limits?: readonly QuotaLimit[];
  /** At most this many pages per run (default 100). */
  readonly maxPages?: number;
  /** First run without --since: this many days back (default 1). */
  readonly initialDays?: number;
  readonly now?: () => Date;
}

export function adzunaSource(options: AdzunaSourceOptions): OfferSource {
  const now = options.now ?? (() => new Date());
  const window: OfferSource['window'] = ({ since, until, state }) => {
    const end = until ?? now();
    const start =
      since ?? state?.watermark ?? new Date(end.getTime() - (options.initialDays ?? 1) * DAY_MS);
    return { start, end };
  };
  return {
    name: 'adzuna',
    stateKey: 'adzuna',
    window,
    async *fetch(context: SourceContext): AsyncIterable<SourceBatch> {
      const { appId, appKey } = options;
      if (!appId || !appKey) {
        throw new SourceNotConfiguredError(
          'adzuna',
          'ADZUNA_APP_ID and ADZUNA_APP_KEY are not set: Adzuna skipped (get them at developer.adzuna.com)',
        );
      }
      const { logger, stats } = context;
      const quota = new Quota(options.limits ?? adzunaLimits(options.quota), context.state?.quota);
      const counters = { requests: 0, retries: 0 };
      const client = new AdzunaClient({
        ...options,
        appId,
        appKey,
        logger,
        counters,
        beforeRequest: async () => {
          await quota.reserve();
          await context.saveQuota(quota.toJSON());
        },
      });
      const runStarted = now();
      const { start, end } = window(context);
      if (context.until)
        logger.warn(
          { until: end?.toISOString() },
          'Adzuna has no upper date filter; --until is ignored',
        );
      const maxDaysOld = Math.max(
        1,
        Math.ceil((runStarted.getTime() - (start ?? runStarted).getTime()) / DAY_MS),
      );
      const maxPages = options.maxPages ?? 100;
      let fetched = 0;
      let announced: number | undefined;
      let complete = false;
      for (let page = 1; page <= maxPages; page += 1) {
        let result;
        try {
          result = await client.search(page, { max_days_old: String(maxDaysOld), sort_by: 'date' });
        } catch (error) {
          if (error instanceof QuotaExhaustedError) {
            logger.warn(
              { limit: error.limit, resetsAt: error.resetsAt, remaining: quota.remaining() },
              'Adzuna quota used up; stopping',
            );
            stats.notes.push(error.message);
            if (stats.expected !== undefined)
              stats.unfetched = Math.max(0, stats.expected - fetched);
            break;
          }
          throw error;
        } finally {
          stats.requests = counters.requests;
          stats.retries = counters.retries;
        }
        if (result.count !== undefined)
          stats.expected = Math.min(result.count, maxPages * client.resultsPerPage);
        fetched += result.results.length;
        const last =
          result.results.length < client.resultsPerPage ||
          (result.count !== undefined && page * client.resultsPerPage >= result.count);
        yield {
          items: result.results.map((raw) => ({ source: 'adzuna' as const, raw })),
          // The quota counters are saved before each request (saveQuota); the landing
          // transaction writes the latest of them, never an older copy.
          ...(last ? { checkpoint: { watermark: runStarted } } : {}),
        };
        if (last) {
          complete = true;
          break;
        }
      }
      if (!complete && stats.notes.length === 0) {
        stats.notes.push(
          `stopped after ${maxPages} pages (ADZUNA_MAX_PAGES); older offers of the window were not fetched`,
        );
        if (announced !== undefined) stats.unfetched = Math.max(0, announced - fetched);
      }
      logger.info(
        { fetched, requests: counters.requests, quotaRemaining: quota.remaining(), maxDaysOld },
        'adzuna fetched',
      );
    },
  };
}
