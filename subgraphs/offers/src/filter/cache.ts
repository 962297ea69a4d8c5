/**
 * A small in-process cache of query results (facets, counts, statistics, skill demand): the read
 * model changes in batches, while the same unfiltered dashboard and landing-page queries arrive
 * again and again. Entries live `ttlMs`; any write through this process's read model (upsert,
 * delete) empties it; writes by other replicas show after at most `ttlMs`.
 */

let writes = 0;

/**
 * "Now" to the minute: what `publishedWithinDays` and the published facet count from. A minute's
 * precision is plenty for "published within N days", and the same SQL for a minute can be cached.
 */
export function currentMinute(): Date {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000);
}

/** Called by the read model on every applied change: every cache of the process starts afresh. */
export function noteReadModelWrite(): void {
  writes += 1;
}

export class QueryCache {
  private readonly entries = new Map<
    string,
    { at: number; writes: number; value: Promise<unknown> }
  >();

  constructor(
    readonly ttlMs = 30_000,
    private readonly maxEntries = 500,
  ) {}

  /** The cached result of `key`, or runs `load` (a failed load is not kept). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.writes === writes && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at: now, writes, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** A cached query: the key is the SQL and its parameters. */
  query<R>(sql: string, params: readonly unknown[], run: () => Promise<R>): Promise<R> {
    return this.get(`${sql}\u0000${JSON.stringify(params)}`, run);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A cache that never keeps anything (tests of the raw SQL, benchmarks of the store work). */
export const NO_CACHE = new QueryCache(0);
