import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { createLogger } from '@jobmarket/telemetry';
import { requireInfrastructure } from '@jobmarket/testing';
import {
  createScratchDatabase,
  migrate,
  openStore,
  signIdentity,
  testDatabaseUrl,
  type ScratchDatabase,
  type Store,
} from '@jobmarket/subgraph-kit';
import { createUsersService } from '../src/app.js';
import { MIN_HASHING_COST } from '../src/passwords.js';
import type { ThrottleSettings } from '../src/service.js';

export const INTERNAL_SECRET = 'internal-test-secret-0123456789abcdef';
export const JWT_SECRET = 'jwt-test-secret-0123456789abcdef-xyz';
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

export const quietLogger = () =>
  createLogger({
    service: 'subgraph-users-test',
    level: 'warn',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });

/** A migrated users store on `engine`: in-memory PGlite, or a fresh database on the test PostgreSQL. */
export async function usersStore(
  engine: 'pglite' | 'postgres',
): Promise<{ store: Store; dispose: () => Promise<void> }> {
  let scratch: ScratchDatabase | undefined;
  if (engine === 'postgres') {
    await requireInfrastructure('postgres');
    const server = testDatabaseUrl();
    if (!server) throw new Error('no TEST_DATABASE_URL and no scripts/infra/postgres.sh url');
    scratch = await createScratchDatabase(server, 'users_test');
  }
  const store = await openStore({
    subgraph: 'users',
    databaseUrl: scratch?.url,
    dataDir: 'memory://',
    extensions: [],
    poolSize: 5,
  });
  await migrate(store, migrationsDir);
  return {
    store,
    async dispose() {
      await store.close();
      await scratch?.drop();
    },
  };
}

export interface GraphqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** Starts a users subgraph on a free port and returns a caller that signs identities as the gateway does. */
export async function startUsers(store: Store, options: { throttle?: ThrottleSettings } = {}) {
  const service = await createUsersService({
    store,
    logger: quietLogger(),
    internalAuthSecret: INTERNAL_SECRET,
    jwt: { secret: JWT_SECRET },
    hashingCost: MIN_HASHING_COST,
    ...(options.throttle ? { throttle: options.throttle } : {}),
  });
  const { url } = await service.listen(0, '127.0.0.1');
  const call = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    as: { userId?: string | null; clientAddress?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphqlResult<T>> => {
    const identity =
      as.headers ??
      signIdentity(
        { userId: as.userId ?? null, clientAddress: as.clientAddress ?? '192.0.2.1' },
        INTERNAL_SECRET,
      );
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...identity },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphqlResult<T>, 'status'>;
    return { status: response.status, ...body };
  };
  return { service, url, call };
}

export const codeOf = (result: GraphqlResult) => result.errors?.[0]?.extensions?.code;
