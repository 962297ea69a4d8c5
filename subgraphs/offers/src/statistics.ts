import {
  badUserInput,
  boundedList,
  boundedNumber,
  type Queryable,
  type Row,
} from '@jobmarket/subgraph-kit';
import {
  and,
  compileFilter,
  NO_CACHE,
  type QueryCache,
  normalizeFilter,
  resolveNear,
  SqlParams,
  type GeoPoint,
  type NormalizedFilter,
  type OfferFilter,
} from './filter/index.js';
import { normalizeQuery, prepareText, textSql, type PreparedText } from './text.js';
import {
  SalaryDimension,
  type CityBucket,
  type SalaryQuartiles,
  type StatBucket,
} from './types.js';

export const STATISTICS_LIMITS = { first: 100, salaryFirst: 500 } as const;

/** How each salary dimension is grouped and labelled (null values are left out, except seniority). */
const SALARY_DIMENSIONS: Record<
  SalaryDimension,
  { value: string; label: string; nullable: boolean }
> = {
  [SalaryDimension.DOMAIN]: {
    value: 'o.domain_code',
    label: 'max(o.domain_label)',
    nullable: false,
  },
  [SalaryDimension.ROME_CODE]: {
    value: 'o.rome_code',
    label: 'max(o.rome_label)',
    nullable: false,
  },
  [SalaryDimension.REGION]: {
    value: 'o.region_code',
    label: 'max(o.region_name)',
    nullable: false,
  },
  [SalaryDimension.DEPARTEMENT]: {
    value: 'o.departement_code',
    label: 'max(o.departement_name)',
    nullable: false,
  },
  [SalaryDimension.SENIORITY]: {
    value: `coalesce(o.seniority, 'UNKNOWN')`,
    label: 'null::text',
    nullable: true,
  },
  [SalaryDimension.CONTRACT_TYPE]: {
    value: 'o.contract_type',
    label: 'null::text',
    nullable: false,
  },
};

/**
 * Market statistics over the offers a filter (and optional query) selects: the same filter input
 * and the same SQL conditions as searchOffers. With no filter, every number equals the dbt gold
 * aggregate of the same name (one truth; the tests check it). Each field is one query, run only
 * when asked for.
 */
export class MarketQuery {
  private constructor(
    private readonly db: Queryable,
    private readonly text: PreparedText | null,
    readonly filter: NormalizedFilter,
    private readonly center: GeoPoint | null,
    private readonly now: Date,
    private readonly cache: QueryCache,
  ) {}

  /** One statistics query, through the cache. */
  private run<R extends object>(sql: string, params: unknown[]): Promise<{ rows: R[] }> {
    return this.cache.query(sql, params, () => this.db.query<R & Row>(sql, params));
  }

  static async prepare(
    db: Queryable,
    args: { filter?: OfferFilter | null; query?: string | null },
    now: Date,
    cache: QueryCache = NO_CACHE,
  ): Promise<MarketQuery> {
    const query = normalizeQuery(args.query);
    const filter = normalizeFilter(args.filter);
    const center = await resolveNear(db, filter);
    const text = query ? await prepareText(db, query) : null;
    return new MarketQuery(db, text, filter, center, now, cache);
  }

  private where(params: SqlParams): string {
    const text = this.text ? textSql.match(params, this.text) : null;
    const conditions = compileFilter(this.filter, params, { now: this.now, point: this.center });
    return and([...(text ? [text] : []), ...conditions.map((c) => c.sql)]);
  }

  private static first(value: number | null | undefined, fallback: number, max: number): number {
    return value === null || value === undefined
      ? fallback
      : boundedNumber(value, { argument: 'first', min: 1, max });
  }

  async totalOffers(): Promise<number> {
    const params = new SqlParams();
    const { rows } = await this.run<{ n: number }>(
      `select count(*)::int as n from offers o where ${this.where(params)}`,
      params.values,
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Offers per value of `key`, largest first. `share` is over the offers where the key is known
   * (`excludeNull`) or over all offers of the filter.
   */
  private async buckets(
    key: string,
    label: string,
    first: number,
    { excludeNull }: { excludeNull: boolean },
  ): Promise<StatBucket[]> {
    const params = new SqlParams();
    const where = this.where(params);
    const { rows } = await this.run<StatBucket>(
      `select ${key} as key, ${label} as label, count(*)::int as offers,
              count(*)::float8 / sum(count(*)) over () as share
       from offers o
       where ${where}${excludeNull ? ` and ${key} is not null` : ''}
       group by ${key}
       order by offers desc, key
       limit ${first}`,
      params.values,
    );
    return rows;
  }

  /** ROME domaines professionnels; share among offers that have a domain (as gold_domain_demand). */
  topDomains(first?: number | null): Promise<StatBucket[]> {
    return this.buckets(
      'o.domain_code',
      'max(o.domain_label)',
      MarketQuery.first(first, 10, STATISTICS_LIMITS.first),
      {
        excludeNull: true,
      },
    );
  }

  async offersWithoutDomain(): Promise<number> {
    const params = new SqlParams();
    const { rows } = await this.run<{ n: number }>(
      `select count(*)::int as n from offers o where ${this.where(params)} and o.domain_code is null`,
      params.values,
    );
    return rows[0]?.n ?? 0;
  }

  /** Seniority with UNKNOWN when nothing says (as gold_seniority_distribution). */
  seniorities(): Promise<StatBucket[]> {
    return this.buckets(`coalesce(o.seniority, 'UNKNOWN')`, 'null::text', 10, {
      excludeNull: false,
    });
  }

  contractTypes(): Promise<StatBucket[]> {
    return this.buckets('o.contract_type', 'null::text', 20, { excludeNull: false });
  }

  remoteModes(): Promise<StatBucket[]> {
    return this.buckets('o.remote', 'null::text', 10, { excludeNull: false });
  }

  topRegions(first?: number | null): Promise<StatBucket[]> {
    return this.buckets(
      'o.region_code',
      'max(o.region_name)',
      MarketQuery.first(first, 20, STATISTICS_LIMITS.first),
      {
        excludeNull: true,
      },
    );
  }

  topDepartements(first?: number | null): Promise<StatBucket[]> {
    return this.buckets(
      'o.departement_code',
      'max(o.departement_name)',
      MarketQuery.first(first, 20, STATISTICS_LIMITS.first),
      { excludeNull: true },
    );
  }

  /** Cities keyed like gold_city_demand: the INSEE code, else the normalised name, within a département. */
  async topCities(first?: number | null): Promise<CityBucket[]> {
    const limit = MarketQuery.first(first, 20, STATISTICS_LIMITS.first);
    const params = new SqlParams();
    const where = this.where(params);
    const { rows } = await this.run<CityBucket>(
      `select t.key, (select mode() within group (order by l.city) from offers l
                      where l.city_key = t.key and l.departement_code is not distinct from t."departementCode") as label,
              t."communeCode", t."departementCode", t.offers, t.share
       from (
         select o.city_key as key, max(o.commune_code) as "communeCode", o.departement_code as "departementCode",
                count(*)::int as offers, count(*)::float8 / sum(count(*)) over () as share
         from offers o
         where ${where} and o.city_key is not null
         group by o.departement_code, o.city_key
         order by offers desc, key, "departementCode"
         limit ${limit}
       ) as t
       order by t.offers desc, t.key, t."departementCode"`,
      params.values,
    );
    return rows;
  }

  /**
   * Salary quartiles (annual gross EUR, middle of each offer's range, offers with a parsed salary)
   * grouped by the given dimensions; with [ROME_CODE, REGION, SENIORITY] and no filter, the rows
   * of gold_salary_quartiles.
   */
  async salaryQuartiles(
    groupBy: readonly SalaryDimension[] | null | undefined,
    first: number | null | undefined,
    minOffers: number | null | undefined,
  ): Promise<SalaryQuartiles[]> {
    const dimensions = [
      ...new Set(
        boundedList(groupBy ?? [], { argument: 'groupBy', max: 3 }, (dimension, index) => {
          if (!Object.values(SalaryDimension).includes(dimension)) {
            throw badUserInput(`\`groupBy[${index}]\` is not a known value.`, {
              argument: `groupBy[${index}]`,
            });
          }
          return dimension;
        }),
      ),
    ];
    const limit = MarketQuery.first(first, 20, STATISTICS_LIMITS.salaryFirst);
    const least =
      minOffers === null || minOffers === undefined
        ? 1
        : boundedNumber(minOffers, { argument: 'minOffers', min: 1, max: 1_000_000 });
    const params = new SqlParams();
    const where = this.where(params);
    const specs = dimensions.map((dimension) => ({ dimension, ...SALARY_DIMENSIONS[dimension] }));
    const selects = specs.flatMap((spec, index) => [
      `${spec.value} as v${index}`,
      `${spec.label} as l${index}`,
    ]);
    const notNull = specs
      .filter((spec) => !spec.nullable)
      .map((spec) => `${spec.value} is not null`);
    const groupKeys = specs.map((spec) => spec.value);
    const mid = `((o.salary_annual_min + coalesce(o.salary_annual_max, o.salary_annual_min)) / 2.0)`;
    const quartile = (fraction: number) =>
      `round((percentile_cont(${fraction}) within group (order by ${mid}))::numeric, 0)::float8`;
    const sql = `select ${[...selects, 'count(*)::int as offers'].join(', ')},
       round(min(${mid})::numeric, 0)::float8 as min, ${quartile(0.25)} as q1, ${quartile(0.5)} as median,
       ${quartile(0.75)} as q3, round(max(${mid})::numeric, 0)::float8 as max
from offers o
where ${and([where, 'o.salary_parsed', 'o.salary_annual_min is not null', ...notNull])}
${groupKeys.length > 0 ? `group by ${groupKeys.join(', ')}` : ''}
having count(*) >= ${least}
order by offers desc${groupKeys.map((_, index) => `, v${index}`).join('')}
limit ${limit}`;
    const { rows } = await this.run<Record<string, unknown>>(sql, params.values);
    return rows.map((row) => ({
      keys: specs.map((spec, index) => ({
        dimension: spec.dimension,
        value: String(row[`v${index}`]),
        label: (row[`l${index}`] as string | null) ?? null,
      })),
      offers: Number(row.offers),
      min: Number(row.min),
      q1: Number(row.q1),
      median: Number(row.median),
      q3: Number(row.q3),
      max: Number(row.max),
    }));
  }
}
