import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CuratedOffer } from '@jobmarket/events';
import { printSubgraphSdl } from '@jobmarket/subgraph-kit';
import { curatedSample, type CuratedSample } from '@jobmarket/testing';
import { buildSubgraphSchema } from '../src/schema.js';
import { earthKm, fold, startOffers, type EngineName, type Harness } from './harness.js';

/**
 * The offers subgraph's resolvers on the real curated sample (ingest replay + dbt, shared cache),
 * once on PGlite and once on PostgreSQL: relevance with known answers, geo radius, facets equal to
 * the counts obtained by filtering, pagination and sorts, and market statistics equal to the dbt
 * gold aggregates of the same build.
 */

type Filter = Record<string, unknown>;

interface SearchData {
  searchOffers: {
    totalCount: number;
    edges: { cursor: string; score: number | null; distanceKm: number | null; node: OfferNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

interface OfferNode {
  id: string;
  title: string;
  createdAt: string;
  salary: { annualMinEur: number | null; annualMaxEur: number | null };
  location: { latitude: number | null; longitude: number | null; communeCode: string | null };
}

interface FacetValue {
  value: string;
  label: string | null;
  count: number;
  selected: boolean;
}
type Facets = Record<string, FacetValue[]>;

const SEARCH = `query Search($query: String, $filter: OfferFilter, $sort: OfferSort, $first: Int, $after: String) {
  searchOffers(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor score distanceKm node { id title createdAt salary { annualMinEur annualMaxEur } location { latitude longitude communeCode } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const FACETS = `query Facets($query: String, $filter: OfferFilter, $size: Int) {
  searchOffers(query: $query, filter: $filter, first: 1) {
    totalCount
    facets(size: $size) {
      contractTypes { value label count selected }
      seniorities { value label count selected }
      domains { value label count selected }
      romeCodes { value label count selected }
      regions { value label count selected }
      departements { value label count selected }
      cities { value label count selected }
      remote { value label count selected }
      sources { value label count selected }
      publishedWithinDays { value label count selected }
      skills { value label count selected }
    }
  }
}`;

/** How a facet value goes into the filter (replacing that field's selection). */
const FACET_FILTER: Record<string, (value: string, base: Filter) => Filter> = {
  contractTypes: (value) => ({ contractTypes: [value] }),
  seniorities: (value) => ({ seniorities: [value] }),
  domains: (value) => ({ domainCodes: [value] }),
  romeCodes: (value) => ({ romeCodes: [value] }),
  regions: (value) => ({ regionCodes: [value] }),
  departements: (value) => ({ departementCodes: [value] }),
  cities: (value) => ({ cities: [value] }),
  remote: (value) => ({ remote: [value] }),
  sources: (value) => ({ sources: [value] }),
  publishedWithinDays: (value) => ({ publishedWithinDays: Number(value) }),
  skills: (value, base) => ({
    skillsAll: [...((base.skillsAll as string[] | undefined) ?? []), value],
  }),
};

const engines: EngineName[] = ['pglite', 'postgres'];
let sample: CuratedSample;
let now: Date;

beforeAll(async () => {
  sample = await curatedSample();
  now = new Date(
    Math.max(...sample.offers.map((offer) => Date.parse(offer.createdAt))) + 12 * 3600_000,
  );
}, 20 * 60_000);

describe('offers schema', () => {
  it('is a Federation 2 subgraph with Offer as an entity and the shared filter', async () => {
    const sdl = printSubgraphSdl(await buildSubgraphSchema());
    expect(sdl).toMatch(/type Offer\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('input OfferFilter');
    expect(sdl).toContain('searchOffers(');
    expect(sdl).toContain('marketStatistics(');
  });
});

describe.each(engines)('offers subgraph on %s (real sample)', (engine) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startOffers(engine, sample.offers, now);
  }, 10 * 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const search = async (variables: Record<string, unknown>) =>
    (await h.ok<SearchData>(SEARCH, variables)).searchOffers;
  const total = async (query: string | null, filter: Filter) =>
    (await search({ query, filter, first: 1 })).totalCount;

  it('loaded every curated offer', async () => {
    const data = await h.ok<{ marketStatistics: { totalOffers: number } }>(
      '{ marketStatistics { totalOffers } }',
    );
    expect(data.marketStatistics.totalOffers).toBe(sample.offers.length);
  });

  describe('relevance', () => {
    it('"developpeur java" finds the offers titled "Développeur Java", first', async () => {
      const titled = sample.offers.filter((offer) =>
        /\bdeveloppeur java\b/.test(fold(offer.title)),
      );
      expect(titled.length).toBeGreaterThan(0);
      const result = await search({ query: 'developpeur java', first: 100 });
      const ids = result.edges.map((edge) => edge.node.id);
      for (const offer of titled) expect(ids).toContain(offer.id);
      // The best results are about Java developers.
      for (const edge of result.edges.slice(0, Math.min(5, titled.length))) {
        expect(fold(edge.node.title)).toMatch(/developpeu.*java|java.*developpeu/);
      }
      const scores = result.edges.map((edge) => edge.score ?? 0);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('"ingénieur" and "ingenieur" match "Ingénieur" the same way (accents folded)', async () => {
      const withAccent = await search({ query: 'ingénieur', first: 100 });
      const without = await search({ query: 'ingenieur', first: 100 });
      expect(withAccent.totalCount).toBe(without.totalCount);
      const titled = sample.offers.filter((offer) => /\bingenieur\b/.test(fold(offer.title)));
      expect(titled.length).toBeGreaterThan(0);
      expect(withAccent.totalCount).toBeGreaterThanOrEqual(titled.length);
      const top = withAccent.edges.slice(0, 10).map((edge) => fold(edge.node.title));
      for (const title of top) expect(title).toMatch(/ingenieu/);
    });

    it('stems French words ("développeurs" finds "Développeur")', async () => {
      const plural = await search({ query: 'développeurs', first: 5 });
      expect(plural.totalCount).toBeGreaterThan(0);
      expect(fold(plural.edges[0]!.node.title)).toContain('developpeu');
    });

    it('forgives typos in the title ("developeur", "ingenieru")', async () => {
      const typo = await search({ query: 'developeur', first: 5 });
      expect(typo.totalCount).toBeGreaterThan(0);
      expect(fold(typo.edges[0]!.node.title)).toContain('developpeu');
      const swapped = await search({ query: 'ingenieru', first: 5 });
      expect(swapped.totalCount).toBeGreaterThan(0);
      expect(swapped.edges.some((edge) => fold(edge.node.title).includes('ingenieu'))).toBe(true);
    });

    it('treats SQL and tsquery syntax as plain text', async () => {
      for (const query of [
        "'; drop table offers; --",
        'java & | ! ( :* <->',
        '%_\\',
        '"unbalanced',
      ]) {
        const result = await h.gql<SearchData>(SEARCH, { query, first: 3 });
        expect(result.errors).toBeUndefined();
      }
      expect((await search({ query: 'java & | ! (' })).totalCount).toBe(
        (await search({ query: 'java' })).totalCount,
      );
    });
  });

  describe('geo', () => {
    it('a commune + 20 km returns only and every offer within 20 km, nearest first', async () => {
      const counts = new Map<string, number>();
      for (const offer of sample.offers) {
        const code = offer.location.communeCode;
        if (code && offer.location.latitude !== null) counts.set(code, (counts.get(code) ?? 0) + 1);
      }
      const [commune] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const places = sample.offers.filter((offer) => offer.location.communeCode === commune);
      const center = (
        await h.ok<{ searchOffers: { center: { latitude: number; longitude: number } } }>(
          `query($f: OfferFilter) { searchOffers(filter: $f, first: 1) { center { latitude longitude } } }`,
          { f: { near: { communeCode: commune, radiusKm: 20 } } },
        )
      ).searchOffers.center;
      expect(places.some((offer) => offer.location.latitude === center.latitude)).toBe(true);

      const found: OfferNode[] = [];
      let after: string | null = null;
      let distances: number[] = [];
      for (;;) {
        const page = await search({
          filter: { near: { communeCode: commune, radiusKm: 20 } },
          sort: 'DISTANCE',
          first: 100,
          after,
        });
        found.push(...page.edges.map((edge) => edge.node));
        distances = distances.concat(page.edges.map((edge) => edge.distanceKm ?? Number.NaN));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(found.length).toBeGreaterThan(places.length - 1);
      for (const node of found) {
        const km = earthKm(center, {
          latitude: node.location.latitude!,
          longitude: node.location.longitude!,
        });
        expect(km).toBeLessThanOrEqual(20.001);
      }
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      const expected = sample.offers.filter(
        (offer) =>
          offer.location.latitude !== null &&
          offer.location.longitude !== null &&
          earthKm(center, {
            latitude: offer.location.latitude,
            longitude: offer.location.longitude,
          }) <= 19.999,
      );
      const foundIds = new Set(found.map((node) => node.id));
      for (const offer of expected) expect(foundIds.has(offer.id)).toBe(true);
    });

    it('a point + radius works like the commune, and DISTANCE needs a point', async () => {
      const byPoint = await search({
        filter: { near: { latitude: 47.218, longitude: -1.553, radiusKm: 30 } },
      });
      expect(byPoint.totalCount).toBeGreaterThan(0);
      const refused = await h.gql(SEARCH, { sort: 'DISTANCE' });
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'sort',
      });
    });
  });

  describe('facets', () => {
    const scenarios: { name: string; query: string | null; filter: Filter }[] = [
      { name: 'no query, no filter', query: null, filter: {} },
      { name: 'a query', query: 'agent', filter: {} },
      {
        name: 'a contract and a region selected (disjunctive)',
        query: null,
        filter: { contractTypes: ['CDI'], regionCodes: ['84'], skillsAll: [] },
      },
      {
        name: 'query, remote and a skill',
        query: 'service',
        filter: { remote: ['NONE'], skillsAll: ['autonomie'], publishedWithinDays: 3650 },
      },
    ];

    it.each(scenarios)(
      'every facet count equals the result count of that filter ($name)',
      async ({ query, filter }) => {
        const data = await h.ok<{ searchOffers: { totalCount: number; facets: Facets } }>(FACETS, {
          query,
          filter,
          size: 8,
        });
        let checked = 0;
        for (const [facet, values] of Object.entries(data.searchOffers.facets)) {
          for (const value of values) {
            const filtered = await total(query, {
              ...filter,
              ...FACET_FILTER[facet]!(value.value, filter),
            });
            expect({ facet, value: value.value, count: filtered }).toEqual({
              facet,
              value: value.value,
              count: value.count,
            });
            checked += 1;
          }
        }
        expect(checked).toBeGreaterThan(10);
      },
    );

    it('marks what the filter selects, and keeps selected values beyond the top N', async () => {
      const rare = sample.offers.find((offer) => offer.rome.code)?.rome.code;
      const data = await h.ok<{ searchOffers: { facets: Facets } }>(FACETS, {
        filter: { contractTypes: ['CDD'], romeCodes: [rare] },
        size: 1,
      });
      const { contractTypes, romeCodes } = data.searchOffers.facets;
      expect(contractTypes!.find((value) => value.value === 'CDD')?.selected).toBe(true);
      expect(contractTypes!.filter((value) => value.selected)).toHaveLength(1);
      expect(romeCodes!.some((value) => value.value === rare && value.selected)).toBe(true);
    });
  });

  describe('pagination and sorts', () => {
    it('walks every result once with cursors, in the order of one big page', async () => {
      let query = '';
      let big: SearchData['searchOffers'] | undefined;
      for (const candidate of [
        'agent',
        'assistant',
        'technicien',
        'commercial',
        'infirmier',
        'chauffeur',
      ]) {
        const result = await search({ query: candidate, first: 100 });
        if (result.totalCount > 15 && result.totalCount <= 100) {
          query = candidate;
          big = result;
          break;
        }
      }
      expect(big).toBeDefined();
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const result = await search({ query, first: 7, after });
        expect(result.totalCount).toBe(big!.totalCount);
        ids.push(...result.edges.map((edge) => edge.node.id));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect(ids).toEqual(big!.edges.map((edge) => edge.node.id));
      expect(new Set(ids).size).toBe(big!.totalCount);
    });

    it('jumps to a page with `offset`: the offers walking there gives, then `after` goes on', async () => {
      const JUMP = `query Jump($query: String, $first: Int, $offset: Int, $after: String) {
        searchOffers(query: $query, first: $first, offset: $offset, after: $after) {
          totalCount
          edges { node { id } }
          pageInfo { hasNextPage endCursor }
        }
      }`;
      const jump = async (variables: Record<string, unknown>) =>
        (await h.ok<SearchData>(JUMP, variables)).searchOffers;
      const ids = (result: SearchData['searchOffers']) => result.edges.map((edge) => edge.node.id);
      const all = await search({ query: 'agent', first: 100 });
      expect(all.totalCount).toBeGreaterThan(30);
      const third = await jump({ query: 'agent', first: 7, offset: 14 });
      expect(third.totalCount).toBe(all.totalCount);
      expect(ids(third)).toEqual(ids(all).slice(14, 21));
      const fourth = await jump({ query: 'agent', first: 7, after: third.pageInfo.endCursor });
      expect(ids(fourth)).toEqual(ids(all).slice(21, 28));
      const last = await jump({ query: 'agent', first: 7, offset: all.totalCount - 3 });
      expect(ids(last)).toHaveLength(3);
      expect(last.pageInfo.hasNextPage).toBe(false);
      expect(ids(await jump({ query: 'agent', offset: 0, first: 7 }))).toEqual(
        ids(all).slice(0, 7),
      );
      for (const variables of [
        { offset: -1 },
        { offset: 10_001 },
        { offset: 7, after: third.pageInfo.endCursor },
      ]) {
        const refused = await h.gql(JUMP, { query: 'agent', first: 7, ...variables });
        expect(refused.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          argument: 'offset',
        });
      }
    });

    it('sorts by date and by salary', async () => {
      const byDate = await search({ sort: 'DATE', first: 50, filter: { regionCodes: ['84'] } });
      const dates = byDate.edges.map((edge) => Date.parse(edge.node.createdAt));
      expect([...dates].sort((a, b) => b - a)).toEqual(dates);
      const bySalary = await search({ sort: 'SALARY', first: 100 });
      const salaries = bySalary.edges.map(
        (edge) => edge.node.salary.annualMaxEur ?? edge.node.salary.annualMinEur ?? -1,
      );
      expect([...salaries].sort((a, b) => b - a)).toEqual(salaries);
      const second = await search({
        sort: 'SALARY',
        first: 100,
        after: bySalary.pageInfo.endCursor,
      });
      const next = second.edges.map(
        (edge) => edge.node.salary.annualMaxEur ?? edge.node.salary.annualMinEur ?? -1,
      );
      expect(next[0]!).toBeLessThanOrEqual(salaries.at(-1)!);
    });

    it('filters by minimum salary, published within, source, skills any/all, company', async () => {
      const rich = await search({ filter: { minSalary: 40_000 }, first: 100 });
      const expected = sample.offers.filter(
        (offer) => (offer.salary.annualMaxEur ?? offer.salary.annualMinEur ?? -1) >= 40_000,
      );
      expect(rich.totalCount).toBe(expected.length);
      const week = sample.offers.filter(
        (offer) => Date.parse(offer.createdAt) >= now.getTime() - 7 * 86_400_000,
      );
      expect(await total(null, { publishedWithinDays: 7 })).toBe(week.length);
      const adzuna = sample.offers.filter((offer) =>
        offer.sources.some((source) => source.source === 'adzuna'),
      );
      expect(await total(null, { sources: ['ADZUNA'] })).toBe(adzuna.length);
      const skillIds = (offer: CuratedOffer) =>
        [...offer.hardSkills, ...offer.softSkills].map((skill) => skill.id);
      const both = sample.offers.filter(
        (offer) => skillIds(offer).includes('autonomie') && skillIds(offer).includes('rigueur'),
      );
      const either = sample.offers.filter(
        (offer) => skillIds(offer).includes('autonomie') || skillIds(offer).includes('rigueur'),
      );
      expect(await total(null, { skillsAll: ['autonomie', 'rigueur'] })).toBe(both.length);
      expect(await total(null, { skillsAny: ['autonomie', 'rigueur'] })).toBe(either.length);
      const company = sample.offers.find(
        (offer) => offer.company && offer.company.length > 6,
      )!.company!;
      const named = sample.offers.filter(
        (offer) => offer.company && fold(offer.company).includes(fold(company.slice(1, -1))),
      );
      expect(await total(null, { company: company.slice(1, -1).toUpperCase() })).toBe(named.length);
    });
  });

  describe('market statistics equal the dbt gold aggregates (no filter)', () => {
    interface Stats {
      marketStatistics: {
        totalOffers: number;
        offersWithoutDomain: number;
        topDomains: { key: string; offers: number; share: number }[];
        seniorities: { key: string; offers: number }[];
        contractTypes: { key: string; offers: number }[];
        topCities: { key: string; departementCode: string | null; offers: number }[];
        topDepartements: { key: string; offers: number }[];
        topRegions: { key: string; offers: number }[];
        salaryQuartiles: {
          keys: { dimension: string; value: string }[];
          offers: number;
          min: number;
          q1: number;
          median: number;
          q3: number;
          max: number;
        }[];
      };
    }
    let stats: Stats['marketStatistics'];
    beforeAll(async () => {
      stats = (
        await h.ok<Stats>(`{ marketStatistics {
          totalOffers offersWithoutDomain
          topDomains(first: 100) { key offers share }
          seniorities { key offers }
          contractTypes { key offers }
          topCities(first: 100) { key departementCode offers }
          topDepartements(first: 100) { key offers }
          topRegions(first: 100) { key offers }
          salaryQuartiles(groupBy: [ROME_CODE, REGION, SENIORITY], first: 500) { keys { dimension value } offers min q1 median q3 max }
        } }`)
      ).marketStatistics;
    });

    const sum = <T>(rows: T[], key: (row: T) => string | null, value: (row: T) => number) => {
      const totals = new Map<string | null, number>();
      for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + value(row));
      return totals;
    };

    it('total = gold_active_offers', () => {
      expect(stats.totalOffers).toBe(sample.gold('gold_active_offers').length);
    });

    it('domains = gold_domain_demand', () => {
      const gold = sample.gold<{
        domain_code: string | null;
        offers: number;
        share: number | null;
      }>('gold_domain_demand');
      const known = gold.filter((row) => row.domain_code !== null);
      expect(new Map(stats.topDomains.map((row) => [row.key, row.offers]))).toEqual(
        new Map(known.map((row) => [row.domain_code, row.offers])),
      );
      for (const row of known) {
        expect(stats.topDomains.find((mine) => mine.key === row.domain_code)!.share).toBeCloseTo(
          row.share!,
          4,
        );
      }
      expect(stats.offersWithoutDomain).toBe(
        gold.find((row) => row.domain_code === null)?.offers ?? 0,
      );
    });

    it('seniorities and contract types = gold_seniority_distribution', () => {
      const gold = sample.gold<{ seniority: string; contract_type: string; offers: number }>(
        'gold_seniority_distribution',
      );
      expect(new Map(stats.seniorities.map((row) => [row.key, row.offers]))).toEqual(
        sum(
          gold,
          (row) => row.seniority,
          (row) => row.offers,
        ),
      );
      expect(new Map(stats.contractTypes.map((row) => [row.key, row.offers]))).toEqual(
        sum(
          gold,
          (row) => row.contract_type,
          (row) => row.offers,
        ),
      );
    });

    it('cities = gold_city_demand', () => {
      const gold = sample.gold<{
        departement_code: string | null;
        city_key: string;
        offers: number;
      }>('gold_city_demand');
      const goldByKey = new Map(
        gold.map((row) => [`${row.departement_code}|${row.city_key.trim()}`, row.offers]),
      );
      for (const row of stats.topCities) {
        expect({
          key: row.key,
          offers: goldByKey.get(`${row.departementCode}|${row.key}`),
        }).toEqual({
          key: row.key,
          offers: row.offers,
        });
      }
      const goldTop = gold
        .map((row) => row.offers)
        .sort((a, b) => b - a)
        .slice(0, stats.topCities.length);
      expect(stats.topCities.map((row) => row.offers)).toEqual(goldTop);
    });

    it('départements and regions = gold_departement_demand and gold_region_demand', () => {
      const departements = sample.gold<{ departement_code: string; offers: number }>(
        'gold_departement_demand',
      );
      expect(new Map(stats.topDepartements.map((row) => [row.key, row.offers]))).toEqual(
        new Map(
          departements
            .filter((row) => row.offers > 0)
            .map((row) => [row.departement_code, row.offers]),
        ),
      );
      const regions = sample.gold<{ region_code: string; offers: number }>('gold_region_demand');
      expect(new Map(stats.topRegions.map((row) => [row.key, row.offers]))).toEqual(
        new Map(
          regions.filter((row) => row.offers > 0).map((row) => [row.region_code, row.offers]),
        ),
      );
    });

    it('salary quartiles by ROME code x region x seniority = gold_salary_quartiles', () => {
      const gold = sample.gold<{
        rome_code: string;
        region_code: string;
        seniority: string;
        offers: number;
        min_eur: number;
        q1_eur: number;
        median_eur: number;
        q3_eur: number;
        max_eur: number;
      }>('gold_salary_quartiles');
      const mine = new Map(
        stats.salaryQuartiles.map((row) => [
          row.keys.map((key) => key.value).join('|'),
          [row.offers, row.min, row.q1, row.median, row.q3, row.max],
        ]),
      );
      expect(mine).toEqual(
        new Map(
          gold.map((row) => [
            `${row.rome_code}|${row.region_code}|${row.seniority}`,
            [row.offers, row.min_eur, row.q1_eur, row.median_eur, row.q3_eur, row.max_eur],
          ]),
        ),
      );
    });

    it('statistics follow the same filter as search', async () => {
      const filter = { contractTypes: ['CDI'], regionCodes: ['84'] };
      const data = await h.ok<{
        marketStatistics: { totalOffers: number; contractTypes: { key: string; offers: number }[] };
      }>(
        'query($f: OfferFilter) { marketStatistics(filter: $f) { totalOffers contractTypes { key offers } } }',
        { f: filter },
      );
      expect(data.marketStatistics.totalOffers).toBe(await total(null, filter));
      expect(data.marketStatistics.contractTypes).toEqual([
        { key: 'CDI', offers: data.marketStatistics.totalOffers },
      ]);
    });
  });

  it('suggests places known from the offers', async () => {
    const nantes = sample.offers.find((offer) => offer.location.communeCode === '44109');
    const data = await h.ok<{
      locations: { kind: string; code: string; label: string; offers: number }[];
    }>('{ locations(search: "nant", first: 5) { kind code label offers } }');
    if (nantes) expect(data.locations[0]).toMatchObject({ kind: 'COMMUNE', code: '44109' });
    const region = await h.ok<{ locations: { kind: string; code: string }[] }>(
      '{ locations(search: "auvergne") { kind code } }',
    );
    expect(region.locations[0]).toMatchObject({ kind: 'REGION', code: '84' });
  });

  it('resolves Offer references for the gateway, null for unknown ids', async () => {
    const [first, second] = sample.offers;
    const data = await h.ok<{ _entities: ({ id: string; title: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { id title } } }',
      {
        r: [
          { __typename: 'Offer', id: first!.id },
          { __typename: 'Offer', id: 'francetravail:NOPE' },
          { __typename: 'Offer', id: second!.id },
        ],
      },
    );
    expect(data._entities).toEqual([
      { id: first!.id, title: first!.title },
      null,
      { id: second!.id, title: second!.title },
    ]);
    const one = await h.ok<{
      offer: { id: string; contract: { type: string }; sources: { source: string }[] };
    }>(`query($id: ID!) { offer(id: $id) { id contract { type } sources { source } } }`, {
      id: first!.id,
    });
    expect(one.offer).toMatchObject({ id: first!.id, contract: { type: first!.contract.type } });
    expect(one.offer.sources[0]!.source).toBe(first!.sources[0]!.source.toUpperCase());
  });
});
