import { env } from '@jobmarket/config';
import {
  accessTokenEnv,
  createAccessTokenSigner,
  createSubgraphService,
  type ServiceMetrics,
  type Store,
  type SubgraphService,
} from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { usersContext, type UsersContext } from './context.js';
import type { InteractionPublisher } from './feedback.js';
import {
  DEFAULT_HASHING_COST,
  MIN_HASHING_COST,
  PasswordHasher,
  type HashingCost,
} from './passwords.js';
import { buildSubgraphSchema } from './schema.js';
import { DEFAULT_THROTTLE, UsersService, type ThrottleSettings } from './service.js';

export const USERS_PORT = 4003;

/** The users subgraph's own variables (besides the kit's common ones). */
export const usersEnv = {
  ...accessTokenEnv,
  accessTokenTtlSeconds: env.integer('ACCESS_TOKEN_TTL_SECONDS', {
    default: 15 * 60,
    min: 30,
    max: 24 * 3600,
  }),
  refreshTokenTtlSeconds: env.integer('REFRESH_TOKEN_TTL_SECONDS', {
    default: 30 * 24 * 3600,
    min: 300,
    max: 365 * 24 * 3600,
  }),
  argon2MemoryKib: env.integer('ARGON2_MEMORY_KIB', {
    default: DEFAULT_HASHING_COST.memoryKib,
    min: MIN_HASHING_COST.memoryKib,
    max: 1_048_576,
  }),
  argon2TimeCost: env.integer('ARGON2_TIME_COST', {
    default: DEFAULT_HASHING_COST.timeCost,
    min: MIN_HASHING_COST.timeCost,
    max: 20,
  }),
  loginMaxFailuresPerAccount: env.integer('LOGIN_MAX_FAILURES_PER_ACCOUNT', {
    default: DEFAULT_THROTTLE.accountLimit,
    min: 1,
    max: 1000,
  }),
  loginMaxFailuresPerAddress: env.integer('LOGIN_MAX_FAILURES_PER_ADDRESS', {
    default: DEFAULT_THROTTLE.addressLimit,
    min: 1,
    max: 100_000,
  }),
  loginFailureWindowSeconds: env.integer('LOGIN_FAILURE_WINDOW_SECONDS', {
    default: DEFAULT_THROTTLE.windowSeconds,
    min: 1,
    max: 86_400,
  }),
  registrationsPerAddressPerHour: env.integer('REGISTER_MAX_PER_ADDRESS_PER_HOUR', {
    default: 20,
    min: 1,
    max: 100_000,
  }),
  loginBlockSeconds: env.integer('LOGIN_BLOCK_SECONDS', {
    default: DEFAULT_THROTTLE.blockSeconds,
    min: 1,
    max: 86_400,
  }),
};

export interface UsersAppOptions {
  store: Store;
  logger: Logger;
  jwt: { secret?: string | undefined; privateKeyPem?: string | undefined };
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  hashingCost?: HashingCost;
  throttle?: ThrottleSettings;
  /** Publishes recommendation feedback on jobmarket.interactions.v1; without it, it waits in the outbox. */
  interactions?: InteractionPublisher | null;
}

/** Everything the users subgraph needs but the HTTP server: used by main and by tests. */
export async function createUsersApp(options: UsersAppOptions) {
  const signer = await createAccessTokenSigner(
    { secret: options.jwt.secret, privateKeyPem: options.jwt.privateKeyPem },
    { ttlSeconds: options.accessTokenTtlSeconds ?? 15 * 60 },
  );
  const users = new UsersService({
    store: options.store,
    hasher: new PasswordHasher(options.hashingCost ?? DEFAULT_HASHING_COST),
    signer,
    logger: options.logger,
    ...(options.refreshTokenTtlSeconds
      ? { refreshTokenTtlSeconds: options.refreshTokenTtlSeconds }
      : {}),
    ...(options.throttle ? { throttle: options.throttle } : {}),
  });
  const schema = await buildSubgraphSchema();
  const context = usersContext(users);
  const interactions = options.interactions ?? null;
  return {
    users,
    schema,
    extendContext: (base: Parameters<typeof context>[0]) =>
      Object.assign(context(base), { interactions }),
  };
}

/** A users subgraph service on a store (tests start it on port 0). */
export async function createUsersService(
  options: UsersAppOptions & {
    internalAuthSecret: string;
    metrics?: ServiceMetrics;
    requireSignedIdentity?: boolean;
  },
): Promise<SubgraphService & { users: UsersService }> {
  const app = await createUsersApp(options);
  const service = createSubgraphService<UsersContext>({
    name: 'users',
    schema: app.schema,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    requireSignedIdentity: options.requireSignedIdentity ?? false,
    extendContext: app.extendContext,
    readiness: [{ name: 'store', check: () => options.store.ping() }],
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return Object.assign(service, { users: app.users });
}
