import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CuratedOffer, EventBus } from '@jobmarket/events';
import { LocalModelRegistry, type ModelArtifact } from '@jobmarket/model-registry';
import {
  fromCuratedOffer,
  loadRomeReferential,
  resolveSharedDataDir,
  train,
  type ModelConfig,
  type RomeReferential,
} from '@jobmarket/recommender';
import { migrate, openStore, signIdentity, type Store } from '@jobmarket/subgraph-kit';
import { createLogger, type Logger } from '@jobmarket/telemetry';
import { curatedSample } from '@jobmarket/testing';
import { createRecommendationsService } from '../src/app.js';
import { loadOffers } from '../src/offer-store.js';

export const INTERNAL_SECRET = 'recommendations-test-internal-secret-0123456789';
export const MODEL_NAME = 'jobmarket-reco';
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A logger whose lines are kept (parsed) for assertions. */
export function capturingLogger(service = 'subgraph-recommendations-test'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger({ service, level: 'info', destination }), lines };
}

/** Fast configurations: seconds per training on the sample (see jobs/retrain/test/helpers.ts). */
export const FAST: Partial<ModelConfig> = {
  dim: 8,
  epochs: 1,
  foldEpochs: 1,
  queriesPerTask: 60,
  negatives: 8,
  rankerL2: 1e5,
};
export const SMALL: Partial<ModelConfig> = {
  dim: 16,
  epochs: 2,
  foldEpochs: 1,
  queriesPerTask: 60,
};

let referential: RomeReferential | undefined;

/** The ROME referential of the recorded data (every other appellation: enough, and faster). */
export function sampleReferential(): RomeReferential {
  if (!referential) {
    const full = loadRomeReferential(resolveSharedDataDir(null));
    referential = { ...full, appellations: full.appellations.filter((_, i) => i % 2 === 0) };
  }
  return referential;
}

/** The real curated sample (ingest replay + dbt, cached) and its offers with a source ROME code. */
export async function sampleOffers(): Promise<{ offers: CuratedOffer[] }> {
  const sample = await curatedSample();
  return { offers: sample.offers };
}

/**
 * A model trained on the sample's France Travail offers (those with a source ROME code). A model
 * whose probe scores are all the same (the ranker's bias diverged: see docs/recommendations.md,
 * "known issues") is not what these tests are about: the next seed is used instead.
 */
export async function trainModel(
  offers: readonly CuratedOffer[],
  seed: number,
  config: Partial<ModelConfig> = SMALL,
): Promise<ModelArtifact> {
  const views = offers.filter((o) => o.rome.code && !o.rome.predicted).map(fromCuratedOffer);
  for (let attempt = 0; ; attempt++) {
    const result = await train(views, {
      seed: seed + attempt,
      referential: sampleReferential(),
      config,
    });
    const scores = result.metadata.probe.scores;
    if (attempt < 3 && Math.max(...scores) - Math.min(...scores) < 1e-3) continue;
    return {
      onnxBytes: result.onnxBytes,
      metadata: {
        ...result.metadata,
        metrics: { ...result.metadata.metrics, evaluation: { 'title.ndcg@10': 0.9 } },
      },
    };
  }
}

/** A local model directory with `artifacts` registered as versions 1, 2… and version 1 the champion. */
export async function localRegistry(artifacts: ModelArtifact[]): Promise<{
  registry: LocalModelRegistry;
  dir: string;
  remove: () => void;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'reco-registry-'));
  const registry = new LocalModelRegistry(join(dir, 'models'));
  for (const [i, artifact] of artifacts.entries()) {
    const run = await registry.startRun({ modelName: MODEL_NAME, runName: `test-${i}` });
    await registry.registerVersion({
      modelName: MODEL_NAME,
      run,
      artifact,
      fingerprint: `fingerprint-${i}`,
      metrics: { 'title.ndcg@10': 0.9 + i / 100 },
    });
    await run.end('FINISHED');
  }
  if (artifacts.length > 0) await registry.setChampion(MODEL_NAME, '1');
  return { registry, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface GraphqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Starts the subgraph on a free port, on an in-memory store holding `offers`. */
export async function startRecommendations(options: {
  offers: readonly CuratedOffer[];
  registry: LocalModelRegistry | null;
  bus?: EventBus | null;
  logger?: Logger;
  modelsGroupId?: string;
}) {
  const logger = options.logger ?? capturingLogger().logger;
  const store: Store = await openStore({
    subgraph: 'recommendations',
    dataDir: 'memory://',
    extensions: [],
  });
  await migrate(store, migrationsDir);
  await loadOffers(store, options.offers);
  const service = await createRecommendationsService({
    store,
    logger,
    modelName: MODEL_NAME,
    registry: options.registry,
    bus: options.bus ?? null,
    ...(options.modelsGroupId ? { modelsGroupId: options.modelsGroupId } : {}),
    internalAuthSecret: INTERNAL_SECRET,
    reconcileMs: 0,
    syncIntervalMs: 100,
  });
  const { url } = await service.listen(0, '127.0.0.1');
  await service.app.start();
  const call = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    as: { userId?: string | null } = {},
  ): Promise<GraphqlResult<T>> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signIdentity({ userId: as.userId ?? null, clientAddress: '192.0.2.7' }, INTERNAL_SECRET),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphqlResult<T>, 'status'>;
    return { status: response.status, ...body };
  };
  return {
    service,
    app: service.app,
    store,
    url,
    root: url.replace(/\/graphql$/, ''),
    call,
    async close() {
      await service.close(0);
      await service.app.stop();
      await store.close();
    },
  };
}

export const codeOf = (result: GraphqlResult) => result.errors?.[0]?.extensions?.code;

export const RECOMMENDATION_FIELDS = `score matchedSkills missingSkills distanceKm offer { id } reasons { kind label positive value contribution }`;
