/**
 * Fetching every offer of a creation-date window despite the API's 3150-results cap: a query
 * over the cap is split — first the date window (halved down to `minWindowMs`), then by
 * département, then by ROME code (groups of up to 200 codes, halved down to one code) — until each
 * part fits. What still cannot be fetched (a single code over the cap, offers outside every
 * département or ROME code of the referentials) is logged and counted, never dropped silently.
 */
import type { Logger } from '@jobmarket/telemetry';
import { apiDate, type FranceTravailClient } from './client.js';

export interface Partition {
  readonly from: Date;
  readonly to: Date;
  readonly departement?: string;
  readonly romeCodes?: readonly string[];
}

export interface PartitionOptions {
  readonly client: FranceTravailClient;
  readonly logger: Logger;
  readonly departements: () => Promise<readonly string[]>;
  readonly romeCodes: () => Promise<readonly string[]>;
  /** Smallest date window before splitting by département (default 60 s). */
  readonly minWindowMs?: number;
  /** Most ROME codes in one `codeROME` filter (the API takes 200). */
  readonly maxRomeCodesPerQuery?: number;
  /** Extra filters on every query. */
  readonly filters?: Readonly<Record<string, string>>;
}

export interface PartitionStats {
  queries: number;
  pages: number;
  splits: number;
  /** Offers known to exist that no query could reach. */
  unfetched: number;
  /** Total of the top-level window (from its first query). */
  expected: number | undefined;
}

export function describePartition(partition: Partition): string {
  const parts = [`${apiDate(partition.from)}..${apiDate(partition.to)}`];
  if (partition.departement) parts.push(`dept ${partition.departement}`);
  if (partition.romeCodes) {
    parts.push(
      partition.romeCodes.length === 1
        ? `rome ${partition.romeCodes[0]}`
        : `${partition.romeCodes.length} rome codes`,
    );
  }
  return parts.join(', ');
}

function queryOf(
  partition: Partition,
  filters: Readonly<Record<string, string>>,
): Record<string, string> {
  const query: Record<string, string> = {
    ...filters,
    minCreationDate: apiDate(partition.from),
    maxCreationDate: apiDate(partition.to),
  };
  if (partition.departement) query.departement = partition.departement;
  if (partition.romeCodes) query.codeROME = partition.romeCodes.join(',');
  return query;
}

export class PartitionedSearch {
  readonly stats: PartitionStats = {
    queries: 0,
    pages: 0,
    splits: 0,
    unfetched: 0,
    expected: undefined,
  };
  private readonly minWindowMs: number;
  private readonly maxRome: number;
  private readonly filters: Readonly<Record<string, string>>;

  constructor(private readonly options: PartitionOptions) {
    this.minWindowMs = options.minWindowMs ?? 60_000;
    this.maxRome = options.maxRomeCodesPerQuery ?? 200;
    this.filters = options.filters ?? {};
  }

  /**
   * Yields the offers of the window page by page. Afterwards, what the window's first query
   * announced but no query returned (distinct ids) is added to `stats.unfetched`.
   */
  async *window(from: Date, to: Date): AsyncGenerator<unknown[]> {
    const total = { value: 0 };
    const ids = new Set<string>();
    let anonymous = 0;
    for await (const page of this.partition({ from, to }, total, true)) {
      for (const offer of page) {
        const id = (offer as { id?: unknown } | null)?.id;
        if (typeof id === 'string' || typeof id === 'number') ids.add(String(id));
        else anonymous += 1;
      }
      yield page;
    }
    const missing = Math.max(0, total.value - ids.size - anonymous);
    if (missing > 0) {
      this.stats.unfetched += missing;
      this.options.logger.error(
        {
          window: describePartition({ from, to }),
          announced: total.value,
          fetched: ids.size + anonymous,
          missing,
        },
        'offers announced by the API could not be fetched',
      );
    }
  }

  private async *partition(
    partition: Partition,
    total: { value: number },
    top = false,
  ): AsyncGenerator<unknown[]> {
    const { client, logger } = this.options;
    const query = queryOf(partition, this.filters);
    const cap = client.maxIndex + 1;
    const first = await client.searchPage(query, 0, Math.min(client.pageSize, cap) - 1);
    this.stats.queries += 1;
    this.stats.pages += 1;
    const count = first.total ?? first.offers.length;
    total.value = count;
    if (top) this.stats.expected = count;
    if (first.offers.length > 0) yield first.offers;
    if (count <= cap) {
      yield* this.pages(query, first.offers.length, count);
      return;
    }
    const children = await this.split(partition);
    if (children.length === 0) {
      logger.error(
        { partition: describePartition(partition), total: count, cap },
        'partition over the API cap cannot be split further; fetching the first results only',
      );
      yield* this.pages(query, first.offers.length, cap);
      return;
    }
    this.stats.splits += 1;
    logger.debug(
      { partition: describePartition(partition), total: count, parts: children.length },
      'splitting a partition over the cap',
    );
    let covered = 0;
    for (const child of children) {
      const childTotal = { value: 0 };
      yield* this.partition(child, childTotal);
      covered += childTotal.value;
    }
    // Time halves overlap on their boundary second, so they cover everything; a split by
    // département covers only offers that have one (not those abroad): then the whole partition
    // is fetched again split by ROME code instead (duplicates are dropped by id).
    if (covered < count) {
      const byDepartement = children[0]?.departement !== undefined;
      logger.warn(
        {
          partition: describePartition(partition),
          total: count,
          covered,
          missing: count - covered,
        },
        byDepartement
          ? 'offers outside every département of the referential; fetching this partition again by ROME code'
          : 'offers outside every ROME code of the referential could not be fetched',
      );
      if (byDepartement) {
        const codes = await this.options.romeCodes();
        for (let index = 0; index < codes.length; index += this.maxRome) {
          yield* this.partition(
            { ...partition, romeCodes: codes.slice(index, index + this.maxRome) },
            { value: 0 },
          );
        }
      }
    }
  }

  /** Pages `[start, end)` of a query that fits under the cap. */
  private async *pages(
    query: Record<string, string>,
    start: number,
    end: number,
  ): AsyncGenerator<unknown[]> {
    const { client } = this.options;
    let position = start;
    while (position < end && position <= client.maxStart) {
      const last = Math.min(position + client.pageSize, end, client.maxIndex + 1) - 1;
      const page = await client.searchPage(query, position, last);
      this.stats.pages += 1;
      if (page.offers.length === 0) break; // the live index shrank under us
      yield page.offers;
      position += page.offers.length;
    }
  }

  private async split(partition: Partition): Promise<Partition[]> {
    const span = partition.to.getTime() - partition.from.getTime();
    if (!partition.departement && !partition.romeCodes && span > this.minWindowMs) {
      const middle = new Date(Math.floor((partition.from.getTime() + span / 2) / 1000) * 1000);
      if (middle > partition.from && middle < partition.to) {
        // The API's dates are whole seconds; both halves include `middle` (duplicates are dropped by id).
        return [
          { from: middle, to: partition.to },
          { from: partition.from, to: middle },
        ];
      }
    }
    if (!partition.departement && !partition.romeCodes) {
      const departements = await this.options.departements();
      if (departements.length > 0)
        return departements.map((departement) => ({ ...partition, departement }));
    }
    if (!partition.romeCodes) {
      const codes = await this.options.romeCodes();
      if (codes.length === 0) return [];
      const groups: Partition[] = [];
      for (let index = 0; index < codes.length; index += this.maxRome) {
        groups.push({ ...partition, romeCodes: codes.slice(index, index + this.maxRome) });
      }
      return groups;
    }
    if (partition.romeCodes.length > 1) {
      const half = Math.ceil(partition.romeCodes.length / 2);
      return [
        { ...partition, romeCodes: partition.romeCodes.slice(0, half) },
        { ...partition, romeCodes: partition.romeCodes.slice(half) },
      ];
    }
    return [];
  }
}
