import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectDataDir } from '@jobmarket/config';
import {
  createScratchDatabase,
  migrate,
  openStore,
  type BenchSubgraph,
  type BenchSubgraphOptions,
  type ScratchDatabase,
} from '@jobmarket/subgraph-kit';
import { curatedSample, scaleCuratedOffers } from '@jobmarket/testing';
import { createOffersService } from '../app.js';
import { ContractType, PLANNER_SETTINGS } from '../filter/index.js';
import { buildSubgraphSchema } from '../schema.js';
import { OfferSearch } from '../search.js';
import { loadOffers } from '../store.js';
import { OfferSort } from '../types.js';

/** The typical search of the web app's Recherche page: text + two filters + facets, first 20. */
export const TYPICAL_SEARCH = {
  query: `query Search($query: String, $filter: OfferFilter, $first: Int) {
  searchOffers(query: $query, filter: $filter, first: $first) {
    totalCount
    edges { cursor node { id title company createdAt location { city departementCode } contract { type } rome { code label } seniority } }
    pageInfo { hasNextPage endCursor }
    facets {
      contractTypes { value count selected }
      seniorities { value count selected }
      domains { value label count selected }
      regions { value label count selected }
      departements { value label count selected }
      cities { value label count selected }
      remote { value count selected }
      publishedWithinDays { value count }
    }
  }
}`,
  variables: {
    query: 'développeur',
    filter: { contractTypes: ['CDI'], regionCodes: ['11'] },
    first: 20,
  },
};

/**
 * The offers subgraph in `npm run bench:graph` (gateway/src/bench): the real curated sample scaled
 * to `options.offers` (100 000 by default), loaded into a fresh store of the engine, and the
 * typical search measured through the gateway, directly, and as the same SQL alone.
 */
export async function prepareBench(options: BenchSubgraphOptions): Promise<BenchSubgraph> {
  const sample = await curatedSample();
  const offers = scaleCuratedOffers(sample.offers, options.offers);
  let scratch: ScratchDatabase | undefined;
  let dataDir: string | undefined;
  if (options.engine === 'postgres') {
    if (!options.serverUrl) throw new Error('the postgres bench needs a server URL');
    scratch = await createScratchDatabase(options.serverUrl, 'bench_offers');
  } else {
    const root = join(projectDataDir(), 'bench');
    mkdirSync(root, { recursive: true });
    dataDir = mkdtempSync(join(root, 'offers-pglite-'));
  }
  const store = await openStore({
    subgraph: 'offers',
    databaseUrl: scratch?.url,
    dataDir,
    statementTimeoutMs: 10_000,
    sessionSettings: PLANNER_SETTINGS,
  });
  await migrate(store, fileURLToPath(new URL('../../migrations', import.meta.url)));
  const started = Date.now();
  await loadOffers(store, offers, 1_000);
  options.logger.warn(
    { engine: options.engine, offers: offers.length, loadMs: Date.now() - started },
    'offers bench data loaded',
  );
  if (store.engine === 'postgres') await store.exec('analyze');
  const now = new Date(
    Math.max(...sample.offers.map((offer) => Date.parse(offer.createdAt))) + 86_400_000,
  );
  const service = await createOffersService({
    store,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    now: () => now,
    introspection: false,
    // The work itself is measured: no result cache (it would answer the repeated query).
    cacheTtlMs: 0,
  });
  const { url } = await service.listen(0, '127.0.0.1');
  return {
    name: 'offers',
    url,
    schema: await buildSubgraphSchema(),
    scenarios: [
      {
        name: `searchOffers: text + 2 filters + facets (${offers.length} offers)`,
        query: TYPICAL_SEARCH.query,
        variables: TYPICAL_SEARCH.variables,
        // The same statements the resolvers run: lexicon, page, count, facets.
        store: async () => {
          const search = await OfferSearch.prepare(
            store,
            {
              query: TYPICAL_SEARCH.variables.query,
              filter: { contractTypes: [ContractType.CDI], regionCodes: ['11'] },
              first: TYPICAL_SEARCH.variables.first,
              sort: OfferSort.RELEVANCE,
            },
            now,
          );
          await Promise.all([search.page(), search.total(), search.facets(10)]);
        },
      },
    ],
    async close() {
      await service.close(0);
      await store.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
