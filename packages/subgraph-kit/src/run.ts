import { loadConfigOrExit, type ConfigSpec, type ConfigValues } from '@jobmarket/config';
import { createLogger, handleShutdown, type Logger } from '@jobmarket/telemetry';
import type { GraphQLSchema } from 'graphql';
import { assertSecretLengths, introspectionEnabled, subgraphEnv } from './config.js';
import type { ReadModelFeed } from './feed.js';
import type { ReadinessCheck } from './http.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { migrate } from './migrations.js';
import { createSubgraphService, type SubgraphContext, type SubgraphService } from './service.js';
import { openStore, type PgliteExtension, type Store, type StoreOptions } from './store.js';

export type SubgraphConfig<S extends ConfigSpec> = ConfigValues<ReturnType<typeof subgraphEnv>> &
  ConfigValues<S>;

export interface SubgraphDeps<S extends ConfigSpec> {
  config: SubgraphConfig<S>;
  store: Store;
  logger: Logger;
  metrics: ServiceMetrics;
}

export interface SubgraphSetup<C extends SubgraphContext> {
  schema: GraphQLSchema;
  extendContext?: (base: SubgraphContext) => C | Promise<C>;
  readiness?: ReadinessCheck[];
  /** Started after the server listens (so the subgraph serves its store while Kafka catches up). */
  feed?: ReadModelFeed;
  /** Extra things to stop on shutdown (after the server stops, before the store closes). */
  stop?: () => Promise<void>;
}

export interface SubgraphDefinition<S extends ConfigSpec, C extends SubgraphContext> {
  name: string;
  defaultPort: number;
  /** The subgraph's `migrations/` folder. */
  migrationsDir: string;
  /** Subgraph-specific variables, validated with the common ones. */
  configSpec?: S;
  /** PGlite contrib extensions the migrations use (all four by default). */
  extensions?: readonly PgliteExtension[];
  /** Settings of every store session (see StoreOptions.sessionSettings). */
  storeSettings?: StoreOptions['sessionSettings'];
  setup: (deps: SubgraphDeps<S>) => Promise<SubgraphSetup<C>>;
}

/**
 * The `main` of a subgraph: validates the environment, opens the store, applies migrations,
 * builds the service, listens, starts the read-model feed, and stops it all in reverse order on
 * SIGTERM/SIGINT.
 */
export async function runSubgraph<S extends ConfigSpec, C extends SubgraphContext>(
  definition: SubgraphDefinition<S, C>,
): Promise<SubgraphService> {
  const spec = { ...subgraphEnv(definition.defaultPort), ...(definition.configSpec ?? ({} as S)) };
  const config = loadConfigOrExit(spec) as unknown as SubgraphConfig<S>;
  const values = config as unknown as Record<string, unknown>;
  assertSecretLengths({
    INTERNAL_AUTH_SECRET: config.internalAuthSecret,
    AUTH_JWT_SECRET: typeof values.jwtSecret === 'string' ? values.jwtSecret : undefined,
  });
  const logger = createLogger({ service: `subgraph-${definition.name}`, level: config.logLevel });
  const shutdown = handleShutdown({ logger });
  try {
    const store = await openStore({
      subgraph: definition.name,
      databaseUrl: config.databaseUrl,
      poolSize: config.dbPoolSize,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      ...(definition.extensions ? { extensions: definition.extensions } : {}),
      ...(definition.storeSettings ? { sessionSettings: definition.storeSettings } : {}),
      logger,
    });
    shutdown.register('store', () => store.close());
    logger.info({ engine: store.engine, location: store.location }, 'store open');
    const migrations = await migrate(store, definition.migrationsDir, logger);
    logger.info(migrations, 'migrations done');

    const metrics = createMetrics(`subgraph-${definition.name}`);
    metrics.observeStore(store);
    const setup = await definition.setup({ config, store, logger, metrics });
    if (setup.stop) shutdown.register('subgraph', setup.stop);

    const service = createSubgraphService<C>({
      name: definition.name,
      schema: setup.schema,
      logger,
      metrics,
      internalAuthSecret: config.internalAuthSecret,
      requireSignedIdentity: config.internalAuthRequired,
      introspection: introspectionEnabled(config.introspection, config.nodeEnv),
      development: config.nodeEnv === 'development',
      maxBodyBytes: config.maxBodyBytes,
      readiness: [
        { name: 'store', check: () => store.ping() },
        ...(setup.feed ? [setup.feed.readiness] : []),
        ...(setup.readiness ?? []),
      ],
      ...(setup.extendContext ? { extendContext: setup.extendContext } : {}),
    });
    if (setup.feed) {
      const feed = setup.feed;
      shutdown.register('read-model feed', () => feed.stop());
    }
    await service.listen(config.port, config.host);
    shutdown.register('http', () => service.close());
    if (setup.feed) {
      setup.feed.start().catch((error: unknown) => {
        logger.error({ err: error }, 'read model feed failed to start; /readyz reports it');
      });
    }
    return service;
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await shutdown.shutdown('start-up failed', 1);
    throw error;
  }
}
