import { createHash } from 'node:crypto';
import {
  badUserInput,
  boundedNumber,
  decodeCursor,
  encodeCursor,
  pageSize,
  type Queryable,
} from '@jobmarket/subgraph-kit';
import {
  and,
  compileFilter,
  NO_CACHE,
  type QueryCache,
  distanceKmSql,
  normalizeFilter,
  resolveNear,
  SqlParams,
  type Condition,
  type Dimension,
  type GeoPoint,
  type NormalizedFilter,
  type OfferFilter,
} from './filter/index.js';
import { normalizeQuery, prepareText, textSql, type PreparedText } from './text.js';
import {
  OfferSort,
  type Offer,
  type OfferEdge,
  type OfferFacets,
  type OfferFacetValue,
} from './types.js';

export const SEARCH_LIMITS = {
  first: 100,
  defaultFirst: 20,
  facetSize: 50,
  defaultFacetSize: 10,
  /** Deepest direct jump (`offset`): 500 pages of 20. */
  offset: 10_000,
} as const;

export interface SearchArgs {
  query?: string | null;
  filter?: OfferFilter | null;
  sort?: OfferSort | null;
  first?: number | null;
  after?: string | null;
  /** Offers to skip from the start (a direct jump to a page); not with `after`. */
  offset?: number | null;
}

interface CursorPayload {
  /** Fingerprint of the search the cursor belongs to. */
  f: string;
  /** The sort key values of the last row. */
  k: (number | string)[];
  /** Its id. */
  i: string;
}

interface SortKey {
  expr: string;
  cast: 'float8' | 'timestamptz';
}

interface PageRow {
  id: string;
  document: Offer;
  score: number | null;
  distance_km: number | null;
  [key: `k${number}`]: unknown;
}

export interface SearchPage {
  edges: OfferEdge[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Filter dimensions whose facet leaves its own selection out (a value of them is exclusive). */
const DISJUNCTIVE: ReadonlySet<Dimension> = new Set<Dimension>([
  'city',
  'departement',
  'region',
  'contract',
  'domain',
  'rome',
  'seniority',
  'remote',
  'source',
  'published',
]);

export const PUBLISHED_BUCKETS = [1, 3, 7, 14, 31] as const;

export type FacetName = keyof OfferFacets;

interface FacetSpec {
  facet: FacetName;
  dimension: Dimension;
  /** The read-model column grouped (null: an array facet, unnested). */
  column: string | null;
  /** SQL of the value's label, `r.value` being the value (only for the kept values). */
  label?: string;
}

const labelOf = (column: string, key: string) =>
  `select l.${column} from offers l where l.${key} = r.value and l.${column} is not null limit 1`;

const FACET_SPECS: readonly FacetSpec[] = [
  { facet: 'contractTypes', dimension: 'contract', column: 'contract_type' },
  { facet: 'seniorities', dimension: 'seniority', column: 'seniority' },
  {
    facet: 'domains',
    dimension: 'domain',
    column: 'domain_code',
    label: labelOf('domain_label', 'domain_code'),
  },
  {
    facet: 'romeCodes',
    dimension: 'rome',
    column: 'rome_code',
    label: labelOf('rome_label', 'rome_code'),
  },
  {
    facet: 'regions',
    dimension: 'region',
    column: 'region_code',
    label: labelOf('region_name', 'region_code'),
  },
  {
    facet: 'departements',
    dimension: 'departement',
    column: 'departement_code',
    label: labelOf('departement_name', 'departement_code'),
  },
  {
    facet: 'cities',
    dimension: 'city',
    column: 'city_name_key',
    label: labelOf('city', 'city_name_key'),
  },
  { facet: 'remote', dimension: 'remote', column: 'remote' },
  { facet: 'publishedWithinDays', dimension: 'published', column: 'published_bucket' },
  { facet: 'sources', dimension: 'source', column: null },
  { facet: 'skills', dimension: 'skillsAll', column: null },
];

export const ALL_FACETS: ReadonlySet<FacetName> = new Set(FACET_SPECS.map((spec) => spec.facet));
const DAY_MS = 24 * 60 * 60 * 1000;

function isCursorPayload(value: unknown): value is CursorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { f, k, i } = value as Record<string, unknown>;
  return (
    typeof f === 'string' &&
    typeof i === 'string' &&
    i.length > 0 &&
    i.length <= 200 &&
    Array.isArray(k) &&
    k.length <= 3 &&
    k.every(
      (item) =>
        (typeof item === 'number' && Number.isFinite(item)) ||
        (typeof item === 'string' && item.length <= 40),
    )
  );
}

/**
 * One validated search: `searchOffers` builds it, and the result's fields (edges, totalCount,
 * facets) run only the SQL they need, each at most once.
 */
export class OfferSearch {
  private pagePromise: Promise<SearchPage> | undefined;
  private totalPromise: Promise<number> | undefined;

  private constructor(
    private readonly db: Queryable,
    readonly query: string | null,
    private readonly text: PreparedText | null,
    readonly filter: NormalizedFilter,
    readonly sort: OfferSort,
    readonly first: number,
    private readonly after: CursorPayload | null,
    private readonly offset: number,
    readonly center: GeoPoint | null,
    private readonly fingerprint: string,
    private readonly now: Date,
    private readonly cache: QueryCache,
  ) {}

  /** Validates the arguments (BAD_USER_INPUT), resolves a commune, corrects the query's words. */
  static async prepare(
    db: Queryable,
    args: SearchArgs,
    now: Date,
    cache: QueryCache = NO_CACHE,
  ): Promise<OfferSearch> {
    const first = pageSize(args.first, {
      default: SEARCH_LIMITS.defaultFirst,
      max: SEARCH_LIMITS.first,
    });
    const query = normalizeQuery(args.query);
    const filter = normalizeFilter(args.filter);
    const sort = args.sort ?? OfferSort.RELEVANCE;
    if (!Object.values(OfferSort).includes(sort)) {
      throw badUserInput('`sort` is not a known value.', { argument: 'sort' });
    }
    if (sort === OfferSort.DISTANCE && !filter.near) {
      throw badUserInput('Sorting by DISTANCE needs `filter.near`.', { argument: 'sort' });
    }
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ query, filter, sort }))
      .digest('base64url')
      .slice(0, 16);
    let after: CursorPayload | null = null;
    if (args.after !== null && args.after !== undefined) {
      after = decodeCursor(args.after, isCursorPayload, 'after');
      if (after.f !== fingerprint) {
        throw badUserInput(
          '`after` is a cursor of another search (query, filter or sort differ).',
          {
            argument: 'after',
          },
        );
      }
    }
    const offset =
      args.offset === null || args.offset === undefined
        ? 0
        : boundedNumber(args.offset, { argument: 'offset', min: 0, max: SEARCH_LIMITS.offset });
    if (offset > 0 && after) {
      throw badUserInput('Give `after` or `offset`, not both.', { argument: 'offset' });
    }
    const center = await resolveNear(db, filter);
    const text = query ? await prepareText(db, query) : null;
    return new OfferSearch(
      db,
      query,
      text,
      filter,
      sort,
      first,
      after,
      offset,
      center,
      fingerprint,
      now,
      cache,
    );
  }

  /** Base WHERE parts: the text match and every filter condition. */
  private where(
    params: SqlParams,
    alias = 'o',
  ): { text: { match: string } | null; conditions: Condition[] } {
    const text = this.text ? { match: textSql.match(params, this.text, alias) } : null;
    const conditions = compileFilter(this.filter, params, {
      now: this.now,
      point: this.center,
      alias,
    });
    return { text, conditions };
  }

  private sortKeys(
    params: SqlParams,
    score: string | null,
    distance: string | null,
  ): {
    keys: SortKey[];
    direction: 'asc' | 'desc';
  } {
    switch (this.sort) {
      case OfferSort.DISTANCE:
        return { keys: [{ expr: distance ?? 'null', cast: 'float8' }], direction: 'asc' };
      case OfferSort.SALARY:
        return {
          keys: [
            { expr: 'coalesce(o.salary_key, -1::float8)', cast: 'float8' },
            { expr: 'o.created_at', cast: 'timestamptz' },
          ],
          direction: 'desc',
        };
      case OfferSort.RELEVANCE:
        if (score) {
          return {
            keys: [
              { expr: score, cast: 'float8' },
              { expr: 'o.created_at', cast: 'timestamptz' },
            ],
            direction: 'desc',
          };
        }
        return { keys: [{ expr: 'o.created_at', cast: 'timestamptz' }], direction: 'desc' };
      case OfferSort.DATE:
      default:
        void params;
        return { keys: [{ expr: 'o.created_at', cast: 'timestamptz' }], direction: 'desc' };
    }
  }

  /** The SQL of the page query and its parameters (also what the benchmark runs directly). */
  pageSql(): { sql: string; params: unknown[]; keys: SortKey[] } {
    const params = new SqlParams();
    const { text, conditions } = this.where(params);
    const distance = this.center ? distanceKmSql(params, this.center) : null;
    const score = this.text ? textSql.score(params, this.text) : null;
    const { keys, direction } = this.sortKeys(params, score, distance);
    const parts = [...(text ? [text.match] : []), ...conditions.map((c) => c.sql)];
    if (this.after) {
      const after = this.after;
      if (after.k.length !== keys.length) {
        throw badUserInput('`after` is not a valid cursor.', { argument: 'after' });
      }
      const values = keys.map((key, index) => `${params.add(after.k[index])}::${key.cast}`);
      parts.push(
        `(${keys.map((key) => key.expr).join(', ')}, o.id) ${direction === 'desc' ? '<' : '>'} (${values.join(', ')}, ${params.add(after.i)}::text)`,
      );
    }
    const sql = `select o.id, o.document, ${score ?? 'null::float8'} as score, ${distance ?? 'null::float8'} as distance_km,
       ${keys.map((key, index) => `${key.expr} as k${index}`).join(', ')}
from offers o
where ${and(parts)}
order by ${keys.map((_, index) => `k${index} ${direction}`).join(', ')}, o.id ${direction}
limit ${this.first + 1}${this.offset > 0 ? ` offset ${this.offset}` : ''}`;
    return { sql, params: params.values, keys };
  }

  page(): Promise<SearchPage> {
    this.pagePromise ??= this.runPage();
    return this.pagePromise;
  }

  private async runPage(): Promise<SearchPage> {
    const { sql, params, keys } = this.pageSql();
    const { rows } = await this.db.query<PageRow>(sql, params);
    const hasNextPage = rows.length > this.first;
    const edges = rows.slice(0, this.first).map((row) => {
      const k = keys.map((key, index) => {
        const value = row[`k${index}`];
        if (key.cast === 'timestamptz')
          return (value instanceof Date ? value : new Date(String(value))).toISOString();
        return Number(value);
      });
      return {
        cursor: encodeCursor({ f: this.fingerprint, k, i: row.id } satisfies CursorPayload),
        node: row.document,
        score: row.score,
        distanceKm: row.distance_km === null ? null : Math.round(row.distance_km * 100) / 100,
      };
    });
    return { edges, hasNextPage, endCursor: edges.at(-1)?.cursor ?? null };
  }

  /** The SQL of the total count. */
  countSql(): { sql: string; params: unknown[] } {
    const params = new SqlParams();
    const { text, conditions } = this.where(params);
    const parts = [...(text ? [text.match] : []), ...conditions.map((c) => c.sql)];
    return {
      sql: `select count(*)::int as total from offers o where ${and(parts)}`,
      params: params.values,
    };
  }

  total(): Promise<number> {
    this.totalPromise ??= (async () => {
      const { sql, params } = this.countSql();
      const { rows } = await this.cache.query(sql, params, () =>
        this.db.query<{ total: number }>(sql, params),
      );
      return rows[0]?.total ?? 0;
    })();
    return this.totalPromise;
  }

  /**
   * The facet SQL, one statement (see docs/search.md):
   * - `base`: the rows matching the text and the non-facet conditions that fail at most one facet
   *   (disjunctive) condition, with `miss` = the dimension they fail, or null;
   * - rows that pass everything count in every facet: one pass with hashed GROUPING SETS;
   * - a row that fails one dimension counts in that dimension's facet only: one GROUP BY;
   * - both summed, ranked per facet; the top `size` values (and the selected ones) kept, labels
   *   looked up for those only; skills and sources (arrays) unnested only when asked for.
   */
  facetSql(
    size: number,
    requested: ReadonlySet<FacetName> = ALL_FACETS,
  ): { sql: string; params: unknown[] } {
    const params = new SqlParams();
    const { text, conditions } = this.where(params, 'b');
    const facetConditions = conditions.filter((c) => DISJUNCTIVE.has(c.dimension));
    const fixed = [
      ...(text ? [text.match] : []),
      ...conditions.filter((c) => !DISJUNCTIVE.has(c.dimension)).map((c) => c.sql),
    ];
    const passes = (c: Condition) => `coalesce((${c.sql}), false)`;
    if (facetConditions.length > 0) {
      fixed.push(
        `(${facetConditions.map((c) => `(case when ${passes(c)} then 0 else 1 end)`).join(' + ')}) <= 1`,
      );
    }
    const miss =
      facetConditions.length > 0
        ? `case ${facetConditions.map((c) => `when not ${passes(c)} then '${c.dimension}'`).join(' ')} end`
        : 'null::text';
    const specs = FACET_SPECS.filter((spec) => requested.has(spec.facet));
    const grouped = specs.filter((spec) => spec.column !== null);
    const f = this.filter;
    const selected = (values: readonly string[]) => `${params.add(values)}::text[]`;
    const publishedCases = () =>
      PUBLISHED_BUCKETS.map(
        (days) =>
          `when b.created_at >= ${params.add(new Date(this.now.getTime() - days * DAY_MS).toISOString())}::timestamptz then '${days}'`,
      ).join(' ');
    const columns = [
      ...grouped.map((spec) =>
        spec.facet === 'publishedWithinDays'
          ? `case ${publishedCases()} end as published_bucket`
          : `b.${spec.column}`,
      ),
      ...(requested.has('sources') ? ['b.sources'] : []),
      ...(requested.has('skills') ? ['b.skill_ids'] : []),
      `${miss} as miss`,
    ];
    const col = (spec: FacetSpec) => `b.${spec.column}`;
    const parts: string[] = [];
    if (grouped.length > 0) {
      parts.push(`select case ${grouped.map((spec) => `when grouping(${col(spec)}) = 0 then '${spec.facet}'`).join(' ')} end as facet,
         coalesce(${grouped.map(col).join(', ')}) as value, count(*)::int as n
  from base b where b.miss is null
  group by grouping sets (${grouped.map((spec) => `(${col(spec)})`).join(', ')})`);
      parts.push(`select case b.miss ${grouped.map((spec) => `when '${spec.dimension}' then '${spec.facet}'`).join(' ')} end,
         case b.miss ${grouped.map((spec) => `when '${spec.dimension}' then ${col(spec)}`).join(' ')} end, count(*)::int
  from base b where b.miss in (${grouped.map((spec) => `'${spec.dimension}'`).join(', ')})
  group by 1, 2`);
    }
    if (requested.has('sources')) {
      // Few distinct source lists: group by the list, then unnest the groups (not every row).
      parts.push(`select 'sources', s, sum(g.n)::int
  from (select b.sources, count(*)::int as n from base b where b.miss is null or b.miss = 'source' group by b.sources) as g
  cross join unnest(g.sources) as s group by s`);
    }
    const chosen: Record<string, () => string> = {
      contractTypes: () => selected(f.contractTypes),
      seniorities: () => selected(f.seniorities),
      domains: () => selected(f.domainCodes),
      romeCodes: () => selected(f.romeCodes),
      regions: () => selected(f.regionCodes),
      departements: () => selected(f.departementCodes),
      cities: () => `array(select jm_key(name) from unnest(${selected(f.cityNames)}) as name)`,
      remote: () => selected(f.remote),
      sources: () => selected(f.sources),
    };
    const selectedSql = `case t.facet ${Object.entries(chosen)
      .filter(([facet]) => requested.has(facet as FacetName))
      .map(([facet, values]) => `when '${facet}' then coalesce(t.value = any(${values()}), false)`)
      .join(' ')} else false end`;
    const labelSql = `case r.facet ${specs
      .filter((spec) => spec.label)
      .map((spec) => `when '${spec.facet}' then (${spec.label!})`)
      .join(' ')} end`;
    const statements: string[] = [];
    if (parts.length > 0) {
      statements.push(`select r.facet, r.value, ${specs.some((spec) => spec.label) ? labelSql : 'null::text'} as label, r.count, r.selected
from (
  select t.facet, t.value, t.count, ${selectedSql} as selected,
         row_number() over (partition by t.facet order by t.count desc, t.value) as rank
  from (select c.facet, c.value, sum(c.n)::int as count from counts c where c.value is not null group by c.facet, c.value) as t
) as r
where r.rank <= ${size} or r.selected or r.facet in ('contractTypes', 'seniorities', 'remote', 'sources', 'publishedWithinDays')`);
    }
    if (requested.has('skills')) {
      const skills = [...new Set([...f.skillsAll, ...f.skillsAny])];
      statements.push(`select 'skills'::text, g.s, l.label, g.n, g.chosen
from (select s, count(*)::int as n, coalesce(s = any(${selected(skills)}), false) as chosen
      from base b cross join unnest(b.skill_ids) as s where b.miss is null
      group by s order by 3 desc, 2 desc, 1 limit ${size + skills.length}) as g
left join skill_labels l on l.id = g.s`);
    }
    if (statements.length === 0)
      statements.push(`select null::text, null::text, null::text, 0, false where false`);
    const sql = `with base as materialized (
  select ${columns.join(', ')}
  from offers b
  where ${and(fixed)}
)${parts.length > 0 ? `,\ncounts as (\n  ${parts.join('\n  union all\n  ')}\n)` : ''}
${statements.join('\nunion all\n')}`;
    return { sql, params: params.values };
  }

  async facets(
    sizeArgument: number | null | undefined,
    requested: ReadonlySet<FacetName> = ALL_FACETS,
  ): Promise<OfferFacets> {
    const size =
      sizeArgument === null || sizeArgument === undefined
        ? SEARCH_LIMITS.defaultFacetSize
        : boundedNumber(sizeArgument, { argument: 'size', min: 1, max: SEARCH_LIMITS.facetSize });
    const { sql, params } = this.facetSql(size, requested);
    const { rows } = await this.cache.query(sql, params, () =>
      this.db.query<{
        facet: FacetName;
        value: string;
        label: string | null;
        count: number;
        selected: boolean;
      }>(sql, params),
    );
    const facets: OfferFacets = {
      contractTypes: [],
      seniorities: [],
      domains: [],
      romeCodes: [],
      regions: [],
      departements: [],
      cities: [],
      remote: [],
      sources: [],
      publishedWithinDays: [],
      skills: [],
    };
    for (const row of rows) {
      facets[row.facet].push({
        value: row.value,
        label: row.label,
        count: row.count,
        selected: row.selected,
      });
    }
    const byCount = (a: OfferFacetValue, b: OfferFacetValue) =>
      b.count - a.count || a.value.localeCompare(b.value);
    for (const key of Object.keys(facets) as (keyof OfferFacets)[]) {
      if (key !== 'publishedWithinDays') facets[key].sort(byCount);
    }
    facets.sources = facets.sources.map((value) => ({
      ...value,
      value: value.value.toUpperCase(),
    }));
    // Buckets are exclusive in SQL ("published 3 days ago" is in bucket 3 only); make them cumulative.
    const perBucket = new Map(
      facets.publishedWithinDays.map((value) => [value.value, value.count]),
    );
    let running = 0;
    facets.publishedWithinDays = PUBLISHED_BUCKETS.map((days) => {
      running += perBucket.get(String(days)) ?? 0;
      return {
        value: String(days),
        label: null,
        count: running,
        selected: this.filter.publishedWithinDays === days,
      };
    });
    return facets;
  }
}
