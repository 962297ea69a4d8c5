#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { commonEnv, projectDataDir } from '@jobmarket/config';
import { createEventBus } from '@jobmarket/events';
import { openModelRegistry } from '@jobmarket/model-registry';
import { runSubgraph } from '@jobmarket/subgraph-kit';
import { createRecommendationsApp, RECOMMENDATIONS_PORT, recommendationsEnv } from './app.js';

/**
 * The recommendations subgraph: `node dist/main.js` (port 4004 by default). It listens at once
 * (/healthz), reads the offers of its store, loads the registry's champion and indexes every
 * active offer with it, then follows offers.curated and models.published; /readyz says when the
 * model is loaded and the index caught up.
 */
await runSubgraph({
  name: 'recommendations',
  defaultPort: RECOMMENDATIONS_PORT,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  extensions: [],
  configSpec: {
    ...recommendationsEnv,
    kafkaBrokers: commonEnv.kafkaBrokers,
    kafkaTopicPrefix: commonEnv.kafkaTopicPrefix,
  },
  async setup({ config, store, logger, metrics }) {
    const registry = openModelRegistry({
      trackingUri: config.mlflowTrackingUri,
      dataDir: projectDataDir(),
    });
    const bus = config.feedEnabled
      ? createEventBus({
          brokers: config.kafkaBrokers,
          clientId: 'subgraph-recommendations',
          topicPrefix: config.kafkaTopicPrefix,
          logger,
        })
      : null;
    const app = await createRecommendationsApp({
      store,
      logger,
      metrics,
      modelName: config.modelName,
      registry,
      trackingUri: config.mlflowTrackingUri,
      bus,
      ...(config.modelsGroupId ? { modelsGroupId: config.modelsGroupId } : {}),
      reconcileMs: config.reconcileSeconds * 1000,
      loadOptions: { intraOpThreads: config.onnxThreads },
    });
    logger.info(
      { registry: `${registry.kind} ${registry.location}`, model: config.modelName },
      'model registry',
    );
    // In the background: the server listens (and /healthz answers) while offers are indexed.
    app.start({ feed: false }).catch((error: unknown) => {
      logger.error({ err: error }, 'recommendations failed to start; /readyz reports it');
    });
    return {
      schema: app.schema,
      extendContext: app.extendContext,
      readiness: app.readiness,
      ...(app.feed ? { feed: app.feed } : {}),
      stop: async () => {
        await app.stop();
        await bus?.disconnect();
      },
    };
  },
});
