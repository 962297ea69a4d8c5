/**
 * The recommendations subgraph in `npm run bench:graph` (gateway/src/bench) and `npm run bench:reco`
 * (./reco-bench.ts): the real curated sample scaled to `offers` active offers in a fresh store of
 * the engine, a model trained on the sample's France Travail offers (or `RECO_BENCH_MODEL_DIR`)
 * registered as the champion of a local model directory, the service started on port 0 with every
 * offer indexed. The scenario is the web app's "recommendations for a profile" (top 20).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectDataDir } from '@jobmarket/config';
import type { CuratedOffer } from '@jobmarket/events';
import { LocalModelRegistry, type ModelArtifact } from '@jobmarket/model-registry';
import {
  fromCuratedOffer,
  loadModelDir,
  loadRomeReferential,
  resolveSharedDataDir,
  train,
  type ModelConfig,
} from '@jobmarket/recommender';
import {
  createScratchDatabase,
  migrate,
  openStore,
  type BenchSubgraph,
  type BenchSubgraphOptions,
  type ScratchDatabase,
} from '@jobmarket/subgraph-kit';
import { curatedSample, scaleCuratedOffers } from '@jobmarket/testing';
import { createRecommendationsService, type RecommendationsApp } from '../app.js';
import { loadOffers } from '../offer-store.js';
import { buildSubgraphSchema } from '../schema.js';

export const MODEL_NAME = 'jobmarket-reco';

/** Profiles of the kinds the web app sends (title + place, skills + contract, codes + salary…). */
export const BENCH_PROFILES = [
  {
    desiredJobTitles: ['Aide-soignant'],
    skills: [{ name: 'Hygiène', level: 'ADVANCED' }],
    location: { label: 'Paris', latitude: 48.8566, longitude: 2.3522 },
    radiusKm: 30,
  },
  {
    desiredJobTitles: ['Développeur informatique'],
    skills: [
      { name: 'Java', level: 'ADVANCED' },
      { name: 'SQL', level: 'INTERMEDIATE' },
    ],
    location: { label: 'Lyon', latitude: 45.764, longitude: 4.8357 },
    radiusKm: 50,
    contractTypes: ['CDI'],
  },
  {
    desiredRomeCodes: ['N4101'],
    location: { label: 'Lille', latitude: 50.6292, longitude: 3.0573 },
    minSalary: 24000,
    seniority: 'CONFIRME',
  },
  {
    desiredJobTitles: ['Comptable'],
    skills: [{ name: 'Comptabilité générale' }, { name: 'Paie' }],
  },
];

export const RECOMMENDATIONS_QUERY = `query Recommendations($profile: ProfileInput!, $first: Int) {
  recommendationsForProfile(profile: $profile, first: $first) {
    score matchedSkills missingSkills distanceKm
    reasons { kind label positive }
    offer { id }
  }
}`;

/** Trains a model on the sample's France Travail offers (default configuration unless given). */
export async function benchModel(
  sample: readonly CuratedOffer[],
  config: Partial<ModelConfig> = {},
  onProgress?: (message: string) => void,
): Promise<{ artifact: ModelArtifact; seconds: number | null; peakRssMiB: number | null }> {
  const dir = process.env.RECO_BENCH_MODEL_DIR;
  if (dir) {
    const model = await loadModelDir(dir, { backend: 'reference' });
    await model.close();
    return {
      artifact: {
        onnxBytes: new Uint8Array(readFileSync(join(dir, 'model.onnx'))),
        metadata: model.metadata,
      },
      seconds: null,
      peakRssMiB: null,
    };
  }
  const views = sample.filter((o) => o.rome.code && !o.rome.predicted).map(fromCuratedOffer);
  const referential = loadRomeReferential(resolveSharedDataDir(null));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const result = await train(views, {
    seed: 42,
    referential,
    config,
    ...(onProgress ? { onProgress: (p: { message: string }) => onProgress(p.message) } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  await result.model.close();
  return {
    artifact: { onnxBytes: result.onnxBytes, metadata: result.metadata },
    seconds,
    peakRssMiB: Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20,
  };
}

export interface BenchService {
  url: string;
  app: RecommendationsApp;
  registry: LocalModelRegistry;
  offers: number;
  /** Seconds to load the offers into the store, to read them back and to index them. */
  timings: { storeLoad: number; start: number };
  close(): Promise<void>;
}

/** The service with `count` offers indexed by `artifact` (registered as version 1, the champion). */
export async function startBenchService(options: {
  engine: 'pglite' | 'postgres';
  serverUrl?: string;
  count: number;
  sample: readonly CuratedOffer[];
  artifact: ModelArtifact;
  internalAuthSecret: string;
  logger: BenchSubgraphOptions['logger'];
}): Promise<BenchService> {
  const root = join(projectDataDir(), 'bench');
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(root, 'recommendations-'));
  const registry = new LocalModelRegistry(join(work, 'models'));
  const run = await registry.startRun({ modelName: MODEL_NAME, runName: 'bench' });
  await registry.registerVersion({
    modelName: MODEL_NAME,
    run,
    artifact: options.artifact,
    fingerprint: 'bench',
    metrics: {},
  });
  await registry.setChampion(MODEL_NAME, '1');
  let scratch: ScratchDatabase | undefined;
  if (options.engine === 'postgres') {
    if (!options.serverUrl) throw new Error('the postgres bench needs a server URL');
    scratch = await createScratchDatabase(options.serverUrl, 'bench_recommendations');
  }
  const store = await openStore({
    subgraph: 'recommendations',
    databaseUrl: scratch?.url,
    dataDir: scratch ? undefined : join(work, 'pglite'),
    extensions: [],
    statementTimeoutMs: 60_000,
  });
  await migrate(store, fileURLToPath(new URL('../../migrations', import.meta.url)));
  let started = performance.now();
  await loadOffers(store, scaleCuratedOffers(options.sample, options.count), 1_000);
  const storeLoad = (performance.now() - started) / 1000;
  const service = await createRecommendationsService({
    store,
    logger: options.logger,
    modelName: MODEL_NAME,
    registry,
    bus: null,
    internalAuthSecret: options.internalAuthSecret,
    introspection: false,
    reconcileMs: 0,
    syncIntervalMs: 1_000,
  });
  const { url } = await service.listen(0, '127.0.0.1');
  started = performance.now();
  await service.app.start();
  const start = (performance.now() - started) / 1000;
  return {
    url,
    app: service.app,
    registry,
    offers: options.count,
    timings: { storeLoad, start },
    async close() {
      await service.close(0);
      await service.app.stop();
      await store.close();
      await scratch?.drop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The bench:graph contract (packages/subgraph-kit/src/bench.ts). */
export async function prepareBench(options: BenchSubgraphOptions): Promise<BenchSubgraph> {
  const sample = (await curatedSample()).offers;
  // A small offer count is a test: a small model is enough.
  const { artifact } = await benchModel(
    sample,
    options.offers < 10_000 ? { dim: 16, epochs: 2, foldEpochs: 1, queriesPerTask: 60 } : {},
  );
  const bench = await startBenchService({
    engine: options.engine,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    count: options.offers,
    sample,
    artifact,
    internalAuthSecret: options.internalAuthSecret,
    logger: options.logger,
  });
  options.logger.warn(
    { engine: options.engine, offers: options.offers, ...bench.timings },
    'recommendations bench data loaded and indexed',
  );
  const profile = BENCH_PROFILES[1]!;
  return {
    name: 'recommendations',
    url: bench.url,
    schema: await buildSubgraphSchema(),
    scenarios: [
      {
        name: `recommendationsForProfile: top 20 with explanations (${options.offers} offers)`,
        query: RECOMMENDATIONS_QUERY,
        variables: { profile, first: 20 },
        // The scoring alone (no HTTP, no GraphQL): the model over the in-memory index.
        store: () =>
          bench.app.server.recommend(
            {
              desiredTitles: profile.desiredJobTitles,
              skills: profile.skills!.map((s) => ({ label: s.name, level: 2 as const })),
              location: { latitude: 45.764, longitude: 4.8357, radiusKm: 50 },
              contractTypes: ['CDI'],
            },
            { first: 20 },
          ),
      },
    ],
    close: () => bench.close(),
  };
}
