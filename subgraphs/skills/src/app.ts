import { createSubgraphService, type Store, type SubgraphService } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { currentMinute, QueryCache } from '@jobmarket/subgraph-offers/filter';
import { skillsContext } from './context.js';
import { buildSubgraphSchema } from './schema.js';

export interface SkillsServiceOptions {
  store: Store;
  logger: Logger;
  internalAuthSecret: string;
  now?: () => Date;
  /** How long facet, count and statistics results are kept (30 s; 0: not cached). */
  cacheTtlMs?: number;
  development?: boolean;
  introspection?: boolean;
}

/** The skills subgraph as a service over a migrated store, without the Kafka feed (tests, benchmark). */
export async function createSkillsService(options: SkillsServiceOptions): Promise<SubgraphService> {
  const schema = await buildSubgraphSchema();
  const deps = {
    store: options.store,
    now: options.now ?? currentMinute,
    cache: new QueryCache(options.cacheTtlMs ?? 30_000),
  };
  return createSubgraphService({
    name: 'skills',
    schema,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    introspection: options.introspection ?? true,
    development: options.development ?? false,
    readiness: [{ name: 'store', check: () => options.store.ping() }],
    extendContext: (base) => skillsContext(base, deps),
  });
}
