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
} from '@jobmarket/subgraph-offers/filter';
import { skillsContext } from './context.js';
import { defaultReferentialDir, importRomeReferential } from './referential.js';
import { buildSubgraphSchema } from './schema.js';
import { removeOffer, upsertOffers } from './store.js';

/** The skills subgraph: `node dist/main.js` (port 4002 by default). */
await runSubgraph({
  name: 'skills',
  defaultPort: 4002,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  storeSettings: PLANNER_SETTINGS,
  configSpec: {
    kafkaBrokers: commonEnv.kafkaBrokers,
    kafkaTopicPrefix: commonEnv.kafkaTopicPrefix,
    cacheTtlMs: env.integer('SKILLS_CACHE_TTL_MS', {
      default: 30_000,
      min: 0,
      max: 3_600_000,
      description: 'how long facet, count and statistics results are cached (0: off)',
    }),
    feedEnabled: env.boolean('SKILLS_FEED_ENABLED', {
      default: true,
      description:
        'keep the read model fed from jobmarket.offers.curated.v1 (false: serve the store as it is)',
    }),
    romeReferentialDir: env.optionalString('ROME_REFERENTIAL_DIR', {
      description:
        'ROME referential snapshot (the rome/ folder of the recorded data); default <REPLAY_DIR or ../shared/data>/rome',
    }),
  },
  async setup({ config, store, logger, metrics }) {
    await importRomeReferential(
      store,
      config.romeReferentialDir ?? defaultReferentialDir(),
      logger,
    );
    const schema = await buildSubgraphSchema();
    const deps = { store, now: currentMinute, cache: new QueryCache(config.cacheTtlMs) };
    const maintenance = startReadModelMaintenance(store, { logger });
    if (!config.feedEnabled) {
      return {
        schema,
        extendContext: (base) => skillsContext(base, deps),
        stop: async () => maintenance.stop(),
      };
    }
    const bus = createEventBus({
      brokers: config.kafkaBrokers,
      clientId: 'subgraph-skills',
      topicPrefix: config.kafkaTopicPrefix,
      logger,
    });
    const feed = createReadModelFeed<CuratedOffer>({
      bus,
      groupId: 'subgraph-skills',
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
      extendContext: (base) => skillsContext(base, deps),
      stop: async () => {
        maintenance.stop();
        await bus.disconnect();
      },
    };
  },
});
