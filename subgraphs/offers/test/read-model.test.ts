import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCuratedOffer, type CuratedOffer } from '@jobmarket/events';
import {
  createReadModelFeed,
  type CuratedEvent,
  type CuratedEventSource,
  type FeedConsumer,
} from '@jobmarket/subgraph-kit';
import { QueryCache, startReadModelMaintenance } from '../src/filter/index.js';
import { removeOffer, upsertOffers } from '../src/store.js';
import { quietLogger, startOffers, type EngineName, type Harness } from './harness.js';

/**
 * The read model (upserts, tombstones, the Kafka feed's handler) and the argument bounds, on
 * hand-built curated offers, once per engine.
 */

function offer(id: string, changes: Partial<CuratedOffer> = {}): CuratedOffer {
  return {
    ...exampleCuratedOffer,
    id,
    sources: [{ source: 'francetravail', sourceId: id.split(':')[1]!, url: null }],
    ...changes,
  };
}

const NOW = new Date('2025-08-22T00:00:00Z');
const fixtures: CuratedOffer[] = [
  offer('francetravail:A1', {
    title: 'Développeur Java H/F',
    createdAt: '2025-08-21T10:00:00.000Z',
  }),
  offer('francetravail:A2', {
    title: 'Ingénieur études et développement',
    createdAt: '2025-08-01T10:00:00.000Z',
    contract: { type: 'CDD', label: 'CDD', durationMonths: 6, workingTime: 'FULL_TIME' },
  }),
  offer('francetravail:A3', {
    title: 'Agent de service hospitalier',
    createdAt: '2025-07-01T10:00:00.000Z',
  }),
];

const SEARCH = `query($q: String, $f: OfferFilter, $first: Int, $after: String, $sort: OfferSort) {
  searchOffers(query: $q, filter: $f, first: $first, after: $after, sort: $sort) {
    totalCount edges { node { id title } } pageInfo { hasNextPage endCursor }
  }
}`;

describe.each<EngineName>(['pglite', 'postgres'])('offers read model on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOffers(engine, fixtures, NOW);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const ids = async (query: string | null, filter: Record<string, unknown> = {}) =>
    (
      await h.ok<{ searchOffers: { edges: { node: { id: string } }[] } }>(SEARCH, {
        q: query,
        f: filter,
        first: 100,
      })
    ).searchOffers.edges.map((edge) => edge.node.id);

  it('upserts are idempotent and never go back to an older version', async () => {
    const newer = offer('francetravail:A3', {
      title: 'Agent de service hospitalier de nuit',
      createdAt: '2025-07-01T10:00:00.000Z',
      curatedAt: '2025-08-22T00:00:00.000Z',
    });
    await h.store.transaction((tx) => upsertOffers(tx, [newer]));
    await h.store.transaction((tx) => upsertOffers(tx, [newer]));
    await h.store.transaction((tx) =>
      upsertOffers(tx, [offer('francetravail:A3', { title: 'old' })]),
    );
    const data = await h.ok<{ offer: { title: string; curatedAt: string } }>(
      '{ offer(id: "francetravail:A3") { title curatedAt } }',
    );
    expect(data.offer).toEqual({
      title: 'Agent de service hospitalier de nuit',
      curatedAt: '2025-08-22T00:00:00.000Z',
    });
    expect(await ids('nuit')).toEqual(['francetravail:A3']);
  });

  it('a tombstone from the feed deletes the offer; redelivery is harmless', async () => {
    const events: CuratedEvent<CuratedOffer>[] = [
      {
        key: 'francetravail:B1',
        value: offer('francetravail:B1', { title: 'Plombier chauffagiste' }),
        partition: 0,
        offset: '0',
      },
      { key: 'francetravail:A2', value: null, partition: 0, offset: '1' },
      { key: 'francetravail:A2', value: null, partition: 0, offset: '1' },
      { key: 'francetravail:nope', value: null, partition: 0, offset: '2' },
    ];
    let running = false;
    const bus: CuratedEventSource<CuratedOffer> = {
      consumer: ({ handler }) =>
        ({
          async run() {
            running = true;
            for (const event of events) await handler(event);
          },
          async stop() {
            running = false;
          },
          lag: async () => ({ total: 0, caughtUp: true }),
          isRunning: () => running,
        }) satisfies FeedConsumer,
    };
    const feed = createReadModelFeed<CuratedOffer>({
      bus,
      groupId: 'subgraph-offers-test',
      store: h.store,
      logger: quietLogger(),
      upsert: (tx, _id, value) => upsertOffers(tx, [value]),
      remove: (tx, id) => removeOffer(tx, id),
      lagPollMs: 0,
    });
    await feed.start();
    expect(feed.stats()).toMatchObject({ upserts: 1, deletes: 3 });
    await expect(feed.readiness.check()).resolves.toMatchObject({ lag: 0 });
    await feed.stop();
    expect(await ids('plombier')).toEqual(['francetravail:B1']);
    expect(
      (await h.ok<{ offer: unknown }>('{ offer(id: "francetravail:A2") { id } }')).offer,
    ).toBeNull();
    expect(await ids('ingenieur')).toEqual([]);
    const facets = await h.ok<{
      searchOffers: { totalCount: number; facets: { contractTypes: { value: string }[] } };
    }>('{ searchOffers { totalCount facets { contractTypes { value } } } }');
    expect(facets.searchOffers.facets.contractTypes.map((value) => value.value)).toEqual(['CDI']);
  });

  it('cached facets and counts follow writes made through the read model', async () => {
    const query =
      '{ searchOffers(query: "soudeur") { totalCount facets { contractTypes { value count } } } }';
    const before = await h.ok<{ searchOffers: { totalCount: number } }>(query);
    expect(before.searchOffers.totalCount).toBe(0);
    await h.store.transaction((tx) =>
      upsertOffers(tx, [
        offer('francetravail:C1', { title: 'Soudeur TIG', createdAt: '2025-08-20T10:00:00.000Z' }),
      ]),
    );
    const after = await h.ok<{
      searchOffers: { totalCount: number; facets: { contractTypes: unknown[] } };
    }>(query);
    expect(after.searchOffers).toEqual({
      totalCount: 1,
      facets: { contractTypes: [{ value: 'CDI', count: 1 }] },
    });
    await h.store.transaction((tx) => removeOffer(tx, 'francetravail:C1'));
    expect(
      (await h.ok<{ searchOffers: { totalCount: number } }>(query)).searchOffers.totalCount,
    ).toBe(0);
  });

  it('computes only the facets asked for, with the same counts', async () => {
    const all = await h.ok<{ searchOffers: { facets: Record<string, unknown> } }>(
      '{ searchOffers { facets { contractTypes { value count } regions { value count } skills { value count } } } }',
    );
    const one = await h.ok<{ searchOffers: { facets: Record<string, unknown> } }>(
      '{ searchOffers { facets { ...F } } } fragment F on OfferFacets { regions { value count } }',
    );
    expect(one.searchOffers.facets).toEqual({ regions: all.searchOffers.facets.regions });
  });

  it('the result cache keeps a result for its TTL and forgets it after a write', async () => {
    const cache = new QueryCache(60_000);
    let runs = 0;
    const load = () => Promise.resolve((runs += 1));
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    await h.store.transaction((tx) => removeOffer(tx, 'francetravail:none'));
    expect(await cache.get('k', load)).toBe(2);
    expect(await new QueryCache(0).get('k', load)).toBe(3);
  });

  it('maintenance vacuums and analyses a PGlite store (PostgreSQL has autovacuum)', async () => {
    const maintenance = startReadModelMaintenance(h.store, { intervalMs: 0 });
    maintenance.changed(5);
    await expect(maintenance.run()).resolves.toBeUndefined();
    maintenance.stop();
  });

  describe('bad input gives BAD_USER_INPUT, never a 500', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['first 0', { first: 0 }, 'first'],
      ['first 101', { first: 101 }, 'first'],
      ['a query too long', { q: 'é'.repeat(201) }, 'query'],
      ['a huge query', { q: 'x'.repeat(100_000) }, 'query'],
      ['control characters', { q: 'java\u0000' }, 'query'],
      ['a malformed cursor', { after: 'not a cursor!' }, 'after'],
      [
        'a forged cursor',
        { after: Buffer.from('["c1",{"f":"x","k":[],"i":"a"}]').toString('base64url') },
        'after',
      ],
      ['a bad ROME code', { f: { romeCodes: ["M1805'; --"] } }, 'filter.romeCodes[0]'],
      ['a bad domain', { f: { domainCodes: ['ZZZ'] } }, 'filter.domainCodes[0]'],
      ['a bad département', { f: { departementCodes: ['999'] } }, 'filter.departementCodes[0]'],
      [
        'too many cities',
        { f: { cities: Array.from({ length: 21 }, (_, i) => `c${i}`) } },
        'filter.cities',
      ],
      ['a city without letters', { f: { cities: ['--'] } }, 'filter.cities[0]'],
      [
        'a radius of 0',
        { f: { near: { latitude: 47, longitude: -1, radiusKm: 0 } } },
        'filter.near.radiusKm',
      ],
      [
        'a huge radius',
        { f: { near: { latitude: 47, longitude: -1, radiusKm: 1e9 } } },
        'filter.near.radiusKm',
      ],
      [
        'a latitude of 91',
        { f: { near: { latitude: 91, longitude: -1, radiusKm: 5 } } },
        'filter.near.latitude',
      ],
      [
        'a point and a commune',
        { f: { near: { latitude: 47, longitude: -1, communeCode: '29037', radiusKm: 5 } } },
        'filter.near',
      ],
      ['half a point', { f: { near: { latitude: 47, radiusKm: 5 } } }, 'filter.near'],
      [
        'an unknown commune',
        { f: { near: { communeCode: '75056', radiusKm: 5 } } },
        'filter.near.communeCode',
      ],
      ['a negative salary', { f: { minSalary: -1 } }, 'filter.minSalary'],
      ['published within 0 days', { f: { publishedWithinDays: 0 } }, 'filter.publishedWithinDays'],
      ['a bad skill id', { f: { skillsAll: ['a b'] } }, 'filter.skillsAll[0]'],
      ['a company too long', { f: { company: 'x'.repeat(101) } }, 'filter.company'],
    ];
    it.each(cases)('%s', async (_name, variables, argument) => {
      const result = await h.gql(SEARCH, variables);
      expect(result.status).toBe(200);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(JSON.stringify(result)).not.toContain('stacktrace');
    });

    it('a cursor of another search is refused', async () => {
      const page = await h.ok<{ searchOffers: { pageInfo: { endCursor: string } } }>(SEARCH, {
        first: 1,
      });
      const result = await h.gql(SEARCH, {
        q: 'java',
        first: 1,
        after: page.searchOffers.pageInfo.endCursor,
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'after',
      });
    });

    it('unknown enum values and wrong types are refused by validation', async () => {
      for (const variables of [
        { sort: 'PRICE' },
        { f: { contractTypes: ['CDI2'] } },
        { first: 'ten' },
      ]) {
        const result = await h.gql(SEARCH, variables);
        expect(result.status).toBe(400);
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it('bounds the other queries too', async () => {
      for (const [query, argument] of [
        ['{ offer(id: "bad id!") { id } }', 'id'],
        ['{ locations(search: "") { code } }', 'search'],
        ['{ locations(search: "nantes", first: 21) { code } }', 'first'],
        ['{ searchOffers { facets(size: 51) { cities { value } } } }', 'size'],
        ['{ marketStatistics { topDomains(first: 0) { key } } }', 'first'],
        [
          '{ marketStatistics { salaryQuartiles(groupBy: [DOMAIN, REGION, SENIORITY, CONTRACT_TYPE]) { offers } } }',
          'groupBy',
        ],
        ['{ marketStatistics { salaryQuartiles(first: 501) { offers } } }', 'first'],
      ] as const) {
        const result = await h.gql(query);
        expect({ query, error: result.errors?.[0]?.extensions }).toMatchObject({
          query,
          error: { code: 'BAD_USER_INPUT', argument },
        });
      }
    });
  });

  it('SQL and search operators in the query are plain text', async () => {
    for (const q of [
      "java' or '1'='1",
      'java & !ingenieur',
      '(développeur) | <->',
      '%',
      '\\',
      '::*',
    ]) {
      const result = await h.gql(SEARCH, { q });
      expect(result.errors).toBeUndefined();
    }
    expect(await ids('java & |')).toEqual(['francetravail:A1']);
    expect(await ids("java'")).toEqual(['francetravail:A1']);
  });
});
