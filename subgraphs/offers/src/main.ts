#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { commonEnv, env } from '@jobmarket/config';
import { createEventBus, type CuratedOffer } from '@jobmarket/events';
import { createReadModelFeed, runSubgraph } from '@jobmarket/subgraph-kit';
import {
  currentMinute,
  PLANNER_SETTINGS,
  QueryCache,
  startReadModelMaintenance,
} from './filter/index.js';
import { offersContext } from './context.js';
import { buildSubgraphSchema } from './schema.js';
import { removeOffer, upsertOffers } from './store.js';

/** The offers subgraph: `node dist/main.js` (port 4001 by default). */
await runSubgraph({
  name: 'offers',
  defaultPort: 4001,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  storeSettings: PLANNER_SETTINGS,
  configSpec: {
    kafkaBrokers: commonEnv.kafkaBrokers,
    kafkaTopicPrefix: commonEnv.kafkaTopicPrefix,
    cacheTtlMs: env.integer('OFFERS_CACHE_TTL_MS', {
      default: 30_000,
      min: 0,
      max: 3_600_000,
      description: 'how long facet, count and statistics results are cached (0: off)',
    }),
    feedEnabled: env.boolean('OFFERS_FEED_ENABLED', {
      default: true,
      description:
        'keep the read model fed from jobmarket.offers.curated.v1 (false: serve the store as it is)',
    }),
  },
  async setup({ config, store, logger, metrics }) {
    const schema = await buildSubgraphSchema();
    const deps = { store, now: currentMinute, cache: new QueryCache(config.cacheTtlMs) };
    const maintenance = startReadModelMaintenance(store, { logger });
    if (!config.feedEnabled) {
      return {
        schema,
        extendContext: (base) => offersContext(base, deps),
        stop: async () => maintenance.stop(),
      };
    }
    const bus = createEventBus({
      brokers: config.kafkaBrokers,
      clientId: 'subgraph-offers',
      topicPrefix: config.kafkaTopicPrefix,
      logger,
    });
    const feed = createReadModelFeed<CuratedOffer>({
      bus,
      groupId: 'subgraph-offers',
      store,
      logger,
      metrics,
      upsert: async (tx, _id, offer) => {
        await upsertOffers(tx, [offer]);
        maintenance.changed();
      },
      remove: async (tx, id) => {
        await removeOffer(tx, id);
        maintenance.changed();
      },
    });
    return {
      schema,
      feed,
      extendContext: (base) => offersContext(base, deps),
      stop: async () => {
        maintenance.stop();
        await bus.disconnect();
      },
    };
  },
});
