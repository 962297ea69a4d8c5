/**
 * Adzuna's quotas (25 hits/minute, 250/day, 1000/week, 2500/month by default), enforced by the
 * client: each request is counted before it is sent, in fixed UTC windows (minute, day, ISO week
 * from Monday, calendar month), and the counters are persisted in bronze.ingest_state so that
 * separate runs share them. A full minute window is waited out; a full day/week/month stops the run.
 */

export interface QuotaLimit {
  readonly name: string;
  readonly max: number;
  /** Start (ms since epoch) of the window containing `now`. */
  readonly windowStart: (now: number) => number;
  /** When the window containing `now` ends. */
  readonly windowEnd: (now: number) => number;
  /** Waiting for the next window is fine (minute); otherwise a full window stops the run. */
  readonly wait: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Fixed windows of `ms` (aligned on the epoch). */
export function fixedWindow(name: string, max: number, ms: number, wait: boolean): QuotaLimit {
  return {
    name,
    max,
    wait,
    windowStart: (now) => Math.floor(now / ms) * ms,
    windowEnd: (now) => Math.floor(now / ms) * ms + ms,
  };
}

function weekStart(now: number): number {
  const day = Math.floor(now / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY;
}

function monthStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function monthEnd(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export interface AdzunaQuotaConfig {
  perMinute: number;
  perDay: number;
  perWeek: number;
  perMonth: number;
}

export const ADZUNA_DEFAULT_QUOTA: AdzunaQuotaConfig = {
  perMinute: 25,
  perDay: 250,
  perWeek: 1000,
  perMonth: 2500,
};

export function adzunaLimits(config: AdzunaQuotaConfig = ADZUNA_DEFAULT_QUOTA): QuotaLimit[] {
  return [
    fixedWindow('minute', config.perMinute, MINUTE, true),
    fixedWindow('day', config.perDay, DAY, false),
    {
      name: 'week',
      max: config.perWeek,
      wait: false,
      windowStart: weekStart,
      windowEnd: (now) => weekStart(now) + 7 * DAY,
    },
    {
      name: 'month',
      max: config.perMonth,
      wait: false,
      windowStart: monthStart,
      windowEnd: monthEnd,
    },
  ];
}

export type QuotaCounters = Record<string, { start: number; count: number }>;

export class QuotaExhaustedError extends Error {
  constructor(
    readonly limit: string,
    readonly resetsAt: Date,
  ) {
    super(`Adzuna ${limit} quota used up; it resets at ${resetsAt.toISOString()}`);
    this.name = 'QuotaExhaustedError';
  }
}

export class Quota {
  private counters: QuotaCounters;

  constructor(
    private readonly limits: readonly QuotaLimit[],
    saved: unknown,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.counters = {};
    if (saved && typeof saved === 'object') {
      for (const [name, value] of Object.entries(saved as Record<string, unknown>)) {
        const entry = value as { start?: unknown; count?: unknown };
        if (typeof entry?.start === 'number' && typeof entry.count === 'number') {
          this.counters[name] = { start: entry.start, count: entry.count };
        }
      }
    }
  }

  private used(limit: QuotaLimit, now: number): number {
    const counter = this.counters[limit.name];
    return counter && counter.start === limit.windowStart(now) ? counter.count : 0;
  }

  /** Counts one request, waiting for the next minute if needed; throws QuotaExhaustedError on a full day/week/month. */
  async reserve(): Promise<void> {
    for (;;) {
      const now = this.now();
      const full = this.limits.find((limit) => this.used(limit, now) >= limit.max);
      if (!full) break;
      const resetsAt = full.windowEnd(now);
      if (!full.wait) throw new QuotaExhaustedError(full.name, new Date(resetsAt));
      await this.sleep(Math.max(1, resetsAt - now));
    }
    const now = this.now();
    for (const limit of this.limits) {
      this.counters[limit.name] = {
        start: limit.windowStart(now),
        count: this.used(limit, now) + 1,
      };
    }
  }

  /** Requests still allowed now in each window. */
  remaining(): Record<string, number> {
    const now = this.now();
    return Object.fromEntries(
      this.limits.map((limit) => [limit.name, Math.max(0, limit.max - this.used(limit, now))]),
    );
  }

  toJSON(): QuotaCounters {
    return structuredClone(this.counters);
  }
}
