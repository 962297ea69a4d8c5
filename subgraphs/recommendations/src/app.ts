import { hostname } from 'node:os';
import { env } from '@jobmarket/config';
import type { CuratedOffer, EventBus } from '@jobmarket/events';
import type { ModelRegistry } from '@jobmarket/model-registry';
import type { LoadModelOptions } from '@jobmarket/recommender';
import {
  createMetrics,
  createReadModelFeed,
  createSubgraphService,
  type ReadinessCheck,
  type ReadModelFeed,
  type ServiceMetrics,
  type Store,
  type SubgraphService,
} from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { recommendationsContext, type RecommendationsContext } from './context.js';
import { IndexSync } from './index-sync.js';
import { ModelUpdates } from './model-updates.js';
import { removeOffer, upsertOffer } from './offer-store.js';
import { buildSubgraphSchema } from './schema.js';
import { RecommendationServer } from './serving.js';

export const RECOMMENDATIONS_PORT = 4004;

/** The subgraph's own variables (besides the kit's common ones and Kafka's). */
export const recommendationsEnv = {
  mlflowTrackingUri: env.optionalString('MLFLOW_TRACKING_URI', {
    description:
      'MLflow tracking server the champion is read from; unset = the local model directory <JOBMARKET_DATA_DIR>/models',
  }),
  modelName: env.string('MODEL_NAME', {
    default: 'jobmarket-reco',
    pattern: /^[\w.-]+$/,
    description: 'the registered model this subgraph serves',
  }),
  feedEnabled: env.boolean('RECOMMENDATIONS_FEED_ENABLED', {
    default: true,
    description:
      'follow jobmarket.offers.curated.v1 and jobmarket.models.published.v1 (false: serve the store and the registry champion as they are)',
  }),
  modelsGroupId: env.optionalString('RECOMMENDATIONS_MODELS_GROUP', {
    description:
      'consumer group of models.published, one per instance; default subgraph-recommendations-models.<hostname>',
  }),
  reconcileSeconds: env.integer('RECOMMENDATIONS_RECONCILE_SECONDS', {
    default: 300,
    min: 0,
    max: 86_400,
    description:
      'how often the registry champion is checked besides models.published (0: only at start)',
  }),
  onnxThreads: env.integer('RECOMMENDATIONS_ONNX_THREADS', {
    default: 1,
    min: 1,
    max: 64,
    description:
      'onnxruntime intra-op threads (one is fastest on a shared machine, see docs/recommendation-eval.md)',
  }),
};

export function defaultModelsGroup(): string {
  return `subgraph-recommendations-models.${hostname().replace(/[^a-zA-Z0-9._-]/g, '-')}`;
}

export interface RecommendationsAppOptions {
  store: Store;
  logger: Logger;
  metrics?: ServiceMetrics;
  modelName: string;
  /** The champion's registry (null: models only arrive through events). */
  registry: ModelRegistry | null;
  trackingUri?: string | undefined;
  /** The event bus for offers.curated and models.published (null: no Kafka). */
  bus: EventBus | null;
  modelsGroupId?: string;
  loadOptions?: LoadModelOptions;
  reconcileMs?: number;
  syncIntervalMs?: number;
  batchSize?: number;
}

/** Everything the subgraph needs but the HTTP server: used by main, tests and the benchmark. */
export async function createRecommendationsApp(options: RecommendationsAppOptions) {
  const server = new RecommendationServer({
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.loadOptions ? { loadOptions: options.loadOptions } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  });
  const sync = new IndexSync({
    store: options.store,
    server,
    logger: options.logger,
    ...(options.syncIntervalMs ? { intervalMs: options.syncIntervalMs } : {}),
  });
  const feed: ReadModelFeed | null = options.bus
    ? createReadModelFeed<CuratedOffer>({
        bus: options.bus,
        groupId: 'subgraph-recommendations',
        store: options.store,
        logger: options.logger,
        ...(options.metrics ? { metrics: options.metrics } : {}),
        upsert: (tx, id, offer) => upsertOffer(tx, id, offer),
        remove: (tx, id) => removeOffer(tx, id),
      })
    : null;
  const updates = new ModelUpdates({
    server,
    modelName: options.modelName,
    registry: options.registry,
    trackingUri: options.trackingUri,
    bus: options.bus,
    groupId: options.modelsGroupId ?? defaultModelsGroup(),
    logger: options.logger,
    ...(options.reconcileMs !== undefined ? { reconcileMs: options.reconcileMs } : {}),
  });
  const schema = await buildSubgraphSchema();
  const readiness: ReadinessCheck[] = [updates.readiness, sync.readiness];
  let started: Promise<void> | null = null;
  return {
    schema,
    server,
    sync,
    updates,
    feed,
    readiness,
    extendContext: recommendationsContext(server),
    /**
     * Reads the offers, then loads the champion (building its index), then follows the events.
     * `feed: false` leaves the offers.curated feed to the caller (runSubgraph starts it in main).
     */
    start({ feed: startFeed = true }: { feed?: boolean } = {}): Promise<void> {
      started ??= (async () => {
        await sync.start();
        await updates.start();
        if (startFeed) await feed?.start();
      })();
      return started;
    },
    async stop(): Promise<void> {
      await feed?.stop().catch(() => undefined);
      await updates.stop();
      await sync.stop();
      await server.close();
    },
  };
}

export type RecommendationsApp = Awaited<ReturnType<typeof createRecommendationsApp>>;

/** A recommendations subgraph service (tests and the benchmark start it on port 0). */
export async function createRecommendationsService(
  options: RecommendationsAppOptions & {
    internalAuthSecret: string;
    requireSignedIdentity?: boolean;
    introspection?: boolean;
  },
): Promise<SubgraphService & { app: RecommendationsApp }> {
  const metrics = options.metrics ?? createMetrics('subgraph-recommendations');
  const app = await createRecommendationsApp({ ...options, metrics });
  const service = createSubgraphService<RecommendationsContext>({
    name: 'recommendations',
    schema: app.schema,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    requireSignedIdentity: options.requireSignedIdentity ?? false,
    extendContext: app.extendContext,
    readiness: [
      { name: 'store', check: () => options.store.ping() },
      ...(app.feed ? [app.feed.readiness] : []),
      ...app.readiness,
    ],
    metrics,
    ...(options.introspection === undefined ? {} : { introspection: options.introspection }),
  });
  return Object.assign(service, { app });
}
