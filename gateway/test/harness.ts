import { Writable } from 'node:stream';
import {
  createAccessTokenVerifier,
  migrate,
  openStore,
  printSubgraphSdl,
  type Store,
} from '@jobmarket/subgraph-kit';
import { createLogger } from '@jobmarket/telemetry';
import { createUsersService } from '../../subgraphs/users/src/app.js';
import { MIN_HASHING_COST } from '../../subgraphs/users/src/passwords.js';
import { buildSubgraphSchema as buildUsersSchema } from '../../subgraphs/users/src/schema.js';
import { composeSupergraph, platformSubgraphSdl } from '../src/compose.js';
import { createGatewayService, type GatewayOptions } from '../src/gateway.js';
import { fixtureOffersSchema, startFixtureOffers } from './fixture-offers.js';

export const INTERNAL_SECRET = 'gateway-test-internal-secret-0123456789';
export const JWT_SECRET = 'gateway-test-jwt-secret-0123456789abcdef';
export const USERS_MIGRATIONS = new URL('../../subgraphs/users/migrations', import.meta.url)
  .pathname;

export const logLines: string[] = [];
export const testLogger = (service: string) =>
  createLogger({
    service,
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * The platform as the gateway sees it, in-process on free ports: the real users subgraph (PGlite in
 * memory) and a stand-in offers subgraph, composed into a supergraph, behind a gateway.
 */
export async function startPlatform(overrides: Partial<GatewayOptions> = {}) {
  const usersLogger = testLogger('subgraph-users');
  const store: Store = await openStore({ subgraph: 'users', dataDir: 'memory://', extensions: [] });
  await migrate(store, USERS_MIGRATIONS);
  const users = await createUsersService({
    store,
    logger: usersLogger,
    internalAuthSecret: INTERNAL_SECRET,
    jwt: { secret: JWT_SECRET },
    hashingCost: MIN_HASHING_COST,
    throttle: { accountLimit: 3, addressLimit: 5, windowSeconds: 600, blockSeconds: 600 },
  });
  const usersUrl = (await users.listen(0, '127.0.0.1')).url;
  let offers = await startFixtureOffers(testLogger('subgraph-offers'), INTERNAL_SECRET);
  const offersPort = Number(new URL(offers.url).port);

  const supergraphSdl = composeSupergraph([
    {
      name: 'offers',
      url: 'http://localhost:4001/graphql',
      sdl: printSubgraphSdl(await fixtureOffersSchema()),
    },
    {
      name: 'users',
      url: 'http://localhost:4003/graphql',
      sdl: printSubgraphSdl(await buildUsersSchema()),
    },
    await platformSubgraphSdl(),
  ]);

  const gateway = await createGatewayService({
    logger: testLogger('gateway'),
    supergraphSdl,
    subgraphUrls: { users: usersUrl, offers: offers.url },
    internalAuthSecret: INTERNAL_SECRET,
    verifier: await createAccessTokenVerifier({ secret: JWT_SECRET }),
    introspection: true,
    playground: true,
    corsOrigins: ['http://localhost:5173'],
    maxQueryDepth: 8,
    maxQueryCost: 3_000,
    trustProxyHops: 1,
    subgraphTimeoutMs: 3_000,
    ...overrides,
  });
  const { url } = await gateway.listen(0, '127.0.0.1');
  const root = url.replace(/\/graphql$/, '');

  const call = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string; address?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphqlResponse<T>> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': options.address ?? '192.0.2.10',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: Omit<GraphqlResponse<T>, 'status' | 'headers'> = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { errors: [{ message: text }] };
    }
    return { status: response.status, headers: response.headers, ...body };
  };

  return {
    gateway,
    url,
    root,
    usersUrl,
    store,
    call,
    offersUp: true,
    async stopOffers() {
      await offers.service.close(0);
    },
    async restartOffers() {
      offers = await startFixtureOffers(testLogger('subgraph-offers'), INTERNAL_SECRET, offersPort);
    },
    async close() {
      await gateway.close(0);
      await offers.service.close(0);
      await users.close(0);
      await store.close();
    },
  };
}

export const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;
