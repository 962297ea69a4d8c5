/**
 * The France Travail source: the creation-date window [since, until] day by day (UTC), each day
 * fetched completely through PartitionedSearch; the watermark moves to the end of each finished
 * day in the transaction that lands that day's last offers.
 */
import type { FranceTravailClientOptions } from './client.js';
import { FranceTravailClient } from './client.js';
import { PartitionedSearch } from './partition.js';
import {
  SourceNotConfiguredError,
  type OfferSource,
  type SourceBatch,
  type SourceContext,
} from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Referentials fetched (and cached in bronze for a week) on every run. */
export const FRANCETRAVAIL_REFERENTIALS = [
  'appellations',
  'communes',
  'continents',
  'departements',
  'domaines',
  'langues',
  'metiers',
  'naturesContrats',
  'niveauxFormations',
  'pays',
  'permis',
  'regions',
  'secteursActivites',
  'themes',
  'typesContrats',
] as const;

export interface FranceTravailSourceOptions extends Omit<
  FranceTravailClientOptions,
  'logger' | 'counters' | 'clientId' | 'clientSecret'
> {
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** First run without --since: this many days back (default 1). */
  readonly initialDays?: number;
  /** Later runs start this long before the watermark, to catch late-indexed offers (default 1 day). */
  readonly overlapMs?: number;
  readonly minWindowMs?: number;
  /** Referentials to refresh; the partitioning needs `departements` and `metiers`. */
  readonly referentials?: readonly string[];
  readonly referentialMaxAgeMs?: number;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

export function franceTravailSource(options: FranceTravailSourceOptions): OfferSource {
  const now = options.now ?? (() => new Date());
  const window: OfferSource['window'] = ({ since, until, state }) => {
    const end = until ?? now();
    const start =
      since ??
      (state?.watermark
        ? new Date(state.watermark.getTime() - (options.overlapMs ?? DAY_MS))
        : new Date(end.getTime() - (options.initialDays ?? 1) * DAY_MS));
    return { start, end };
  };
  return {
    name: 'francetravail',
    stateKey: 'francetravail',
    window,
    async *fetch(context: SourceContext): AsyncIterable<SourceBatch> {
      const { clientId, clientSecret } = options;
      if (!clientId || !clientSecret) {
        throw new SourceNotConfiguredError(
          'francetravail',
          'FRANCETRAVAIL_CLIENT_ID and FRANCETRAVAIL_CLIENT_SECRET are not set: France Travail skipped (register an app at francetravail.io and subscribe it to "Offres d\'emploi v2")',
        );
      }
      const { logger, stats } = context;
      const counters = { requests: 0, retries: 0 };
      const client = new FranceTravailClient({
        ...options,
        clientId,
        clientSecret,
        logger,
        counters,
      });
      const sync = () => {
        stats.requests = counters.requests;
        stats.retries = counters.retries;
      };

      const referential = (name: string) =>
        context.referentials.get(
          'francetravail',
          name,
          async () =>
            (await client.referential(name)).map((item) => ({
              code: String(item.code),
              label: item.libelle ?? null,
              payload: item,
            })),
          options.referentialMaxAgeMs,
        );
      for (const name of options.referentials ?? FRANCETRAVAIL_REFERENTIALS) {
        try {
          await referential(name);
        } catch (error) {
          logger.warn(
            { referential: name, err: error },
            'referential could not be fetched; continuing',
          );
        }
      }
      const search = new PartitionedSearch({
        client,
        logger,
        minWindowMs: options.minWindowMs,
        departements: async () => (await referential('departements')).map((item) => item.code),
        romeCodes: async () =>
          (await referential('metiers'))
            .map((item) => item.code)
            .filter((code) => /^[A-Z]\d{4}$/.test(code)),
      });

      const { start, end } = window(context);
      if (!start || !end || start >= end) return;
      const days: { from: Date; to: Date }[] = [];
      for (let day = startOfUtcDay(start); day < end; day = new Date(day.getTime() + DAY_MS)) {
        days.push({
          from: day < start ? start : day,
          to: new Date(Math.min(day.getTime() + DAY_MS, end.getTime())),
        });
      }
      let expected = 0;
      for (const day of days) {
        const before = search.stats.unfetched;
        const pending: unknown[] = [];
        for await (const page of search.window(day.from, day.to)) {
          if (search.stats.expected !== undefined && pending.length === 0) {
            stats.expected = expected + search.stats.expected;
          }
          pending.push(...page);
          sync();
          if (pending.length >= 1_000)
            yield {
              items: pending.splice(0).map((raw) => ({ source: 'francetravail' as const, raw })),
            };
        }
        expected += search.stats.expected ?? 0;
        stats.unfetched = search.stats.unfetched;
        sync();
        if (search.stats.unfetched > before) {
          stats.notes.push(
            `${search.stats.unfetched - before} offers of ${day.from.toISOString().slice(0, 10)} could not be fetched (over the API cap)`,
          );
        }
        // The day is complete: its last offers land with the new watermark.
        yield {
          items: pending.splice(0).map((raw) => ({ source: 'francetravail' as const, raw })),
          checkpoint: { watermark: day.to },
        };
      }
      logger.info(
        { ...search.stats, tokens: client.tokensIssued },
        'france travail window fetched',
      );
    },
  };
}
