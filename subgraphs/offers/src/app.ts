import { createSubgraphService, type Store, type SubgraphService } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { currentMinute, QueryCache } from './filter/index.js';
import { offersContext } from './context.js';
import { buildSubgraphSchema } from './schema.js';

export interface OffersServiceOptions {
  store: Store;
  logger: Logger;
  internalAuthSecret: string;
  /** "Now" for `publishedWithinDays` (default: the clock). */
  now?: () => Date;
  /** How long facet, count and statistics results are kept (30 s; 0: not cached). */
  cacheTtlMs?: number;
  development?: boolean;
  introspection?: boolean;
}

/**
 * The offers subgraph as a service over a migrated store, without the Kafka feed: what tests and
 * the benchmark start (main.ts runs the same schema and context through runSubgraph, with the feed).
 */
export async function createOffersService(options: OffersServiceOptions): Promise<SubgraphService> {
  const schema = await buildSubgraphSchema();
  const deps = {
    store: options.store,
    now: options.now ?? currentMinute,
    cache: new QueryCache(options.cacheTtlMs ?? 30_000),
  };
  return createSubgraphService({
    name: 'offers',
    schema,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    introspection: options.introspection ?? true,
    development: options.development ?? false,
    readiness: [{ name: 'store', check: () => options.store.ping() }],
    extendContext: (base) => offersContext(base, deps),
  });
}
