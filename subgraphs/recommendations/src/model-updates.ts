/**
 * Which model serves: the registry's champion at start, then every `models.published` event that
 * names a new champion of our model, and — in case an event was missed or the registry was down —
 * the registry's champion again every `reconcileMs`. Each instance consumes `models.published` in
 * a group of its own (every instance must load every model), from the newest message on: what
 * came before is what the registry's champion already says.
 */
import { TOPICS, type EventBus, type EventConsumer, type ModelPublished } from '@jobmarket/events';
import {
  fetchModelArtifact,
  type ModelRegistry,
  type RegisteredVersion,
} from '@jobmarket/model-registry';
import type { ReadinessCheck } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import type { RecommendationServer, SwapResult } from './serving.js';

export interface ModelUpdatesOptions {
  server: RecommendationServer;
  modelName: string;
  /** Where the champion is looked up (MLflow or the local model directory); null: events only. */
  registry: ModelRegistry | null;
  /** Resolves `mlflow-artifacts:/` URIs of events (MLFLOW_TRACKING_URI). */
  trackingUri?: string | undefined;
  /** models.published; null: the registry only. */
  bus?: EventBus | null;
  groupId: string;
  logger: Logger;
  /** How often the registry's champion is checked (default 5 min; 0: never after start). */
  reconcileMs?: number;
  /** While no model is loaded, how often the registry is asked again (default 15 s). */
  retryMs?: number;
}

export class ModelUpdates {
  private consumer: EventConsumer | null = null;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ModelUpdatesOptions) {}

  /** Loads the champion (retrying in the background when there is none yet) and follows events. */
  async start(): Promise<void> {
    const { bus, logger } = this.options;
    if (bus) {
      this.consumer = bus.consumer({
        groupId: this.options.groupId,
        topics: [TOPICS.modelsPublished],
        fromBeginning: false,
        handler: async (event) => {
          await this.onPublished(event.value);
        },
      });
      await this.consumer.run();
      logger.info({ group: this.options.groupId }, 'following models.published');
    }
    const loaded = await this.loadChampion().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not load the champion from the registry; retrying');
      return false;
    });
    if (!loaded) this.scheduleRetry();
    const every = this.options.reconcileMs ?? 5 * 60_000;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => {
        this.loadChampion().catch((error: unknown) =>
          logger.warn({ err: error }, 'could not check the registry for a new champion'),
        );
      }, every);
      this.reconcileTimer.unref();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.options.server.info()) return;
    this.retryTimer = setTimeout(() => {
      this.loadChampion()
        .catch((error: unknown) => {
          this.options.logger.warn(
            { err: error },
            'could not load the champion from the registry; retrying',
          );
          return false;
        })
        .then((loaded) => {
          if (!loaded) this.scheduleRetry();
        });
    }, this.options.retryMs ?? 15_000);
    this.retryTimer.unref();
  }

  /** Loads the registry's champion unless it serves already; true when a model serves after. */
  async loadChampion(): Promise<boolean> {
    const { registry, modelName, server, logger } = this.options;
    if (!registry) return server.info() !== null;
    const champion: RegisteredVersion | null = await registry.champion(modelName);
    if (!champion) {
      if (!server.info())
        logger.warn(
          { model: modelName, registry: registry.location },
          'no champion in the registry yet: no recommendations until one is published',
        );
      return server.info() !== null;
    }
    const result = await server.swapTo(
      {
        name: modelName,
        version: champion.version,
        runId: champion.runId,
        artifactUri: champion.artifactUri,
        trainedAt: champion.trainedAt,
        metrics: champion.metrics,
      },
      () => registry.fetchArtifact(champion),
    );
    return result.status !== 'refused' || server.info() !== null;
  }

  /** A models.published event: a new champion of our model is loaded; anything else is noted. */
  async onPublished(event: ModelPublished): Promise<SwapResult | null> {
    const { modelName, server, logger } = this.options;
    if (event.modelName !== modelName) return null;
    if (!event.champion) {
      logger.info(
        { version: event.version },
        `model ${modelName} version ${event.version} registered but not promoted: not loaded`,
      );
      return null;
    }
    return server.swapTo(
      {
        name: modelName,
        version: event.version,
        runId: event.runId,
        artifactUri: event.artifactUri,
        trainedAt: event.trainedAt,
        metrics: event.metrics,
      },
      () =>
        fetchModelArtifact(
          { artifactUri: event.artifactUri },
          { trackingUri: this.options.trackingUri },
        ),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.consumer?.stop();
  }

  readiness: ReadinessCheck = {
    name: 'model',
    check: async () => {
      const info = this.options.server.info();
      if (!info) throw new Error('no recommendation model is loaded');
      if (this.consumer && !this.consumer.isRunning())
        throw new Error('the models.published consumer is not running');
      return { model: info.name, version: info.version, offers: info.offers };
    },
  };
}
