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
import { ContractType, PLANNER_SETTINGS } from '@jobmarket/subgraph-offers/filter';
import { curatedSample, scaleCuratedOffers } from '@jobmarket/testing';
import { createSkillsService } from '../app.js';
import { topSkills } from '../queries.js';
import { defaultReferentialDir, importRomeReferential } from '../referential.js';
import { buildSubgraphSchema } from '../schema.js';
import { loadOffers } from '../store.js';
import { SkillKind } from '../types.js';

const TOP_SKILLS = {
  query: `query TopSkills($filter: OfferFilter) {
  hard: topSkills(kind: HARD, filter: $filter, first: 20) { skill { id name } offers share }
  soft: topSkills(kind: SOFT, filter: $filter, first: 20) { skill { id name } offers share }
}`,
  variables: { filter: { contractTypes: ['CDI'], regionCodes: ['11'] } },
};

/**
 * The skills subgraph in `npm run bench:graph`: the real curated sample scaled to
 * `options.offers`, and the dashboard's "top 20 skills, hard and soft" with two filters.
 */
export async function prepareBench(options: BenchSubgraphOptions): Promise<BenchSubgraph> {
  const sample = await curatedSample();
  const offers = scaleCuratedOffers(sample.offers, options.offers);
  let scratch: ScratchDatabase | undefined;
  let dataDir: string | undefined;
  if (options.engine === 'postgres') {
    if (!options.serverUrl) throw new Error('the postgres bench needs a server URL');
    scratch = await createScratchDatabase(options.serverUrl, 'bench_skills');
  } else {
    const root = join(projectDataDir(), 'bench');
    mkdirSync(root, { recursive: true });
    dataDir = mkdtempSync(join(root, 'skills-pglite-'));
  }
  const store = await openStore({
    subgraph: 'skills',
    databaseUrl: scratch?.url,
    dataDir,
    statementTimeoutMs: 10_000,
    sessionSettings: PLANNER_SETTINGS,
  });
  await migrate(store, fileURLToPath(new URL('../../migrations', import.meta.url)));
  await importRomeReferential(store, defaultReferentialDir());
  const started = Date.now();
  await loadOffers(store, offers, 1_000);
  options.logger.warn(
    { engine: options.engine, offers: offers.length, loadMs: Date.now() - started },
    'skills bench data loaded',
  );
  if (store.engine === 'postgres') await store.exec('analyze');
  const now = new Date();
  const service = await createSkillsService({
    store,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    now: () => now,
    introspection: false,
    // The work itself is measured: no result cache (it would answer the repeated query).
    cacheTtlMs: 0,
  });
  const { url } = await service.listen(0, '127.0.0.1');
  const filter = { contractTypes: [ContractType.CDI], regionCodes: ['11'] };
  return {
    name: 'skills',
    url,
    schema: await buildSubgraphSchema(),
    scenarios: [
      {
        name: `topSkills hard + soft, 2 filters (${offers.length} offers)`,
        query: TOP_SKILLS.query,
        variables: TOP_SKILLS.variables,
        store: () =>
          Promise.all([
            topSkills(store, { kind: SkillKind.HARD, filter, first: 20 }, now),
            topSkills(store, { kind: SkillKind.SOFT, filter, first: 20 }, now),
          ]),
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
