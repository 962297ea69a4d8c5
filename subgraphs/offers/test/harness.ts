import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CuratedOffer } from '@jobmarket/events';
import {
  createScratchDatabase,
  migrate,
  openStore,
  testDatabaseUrl,
  type ScratchDatabase,
  type Store,
} from '@jobmarket/subgraph-kit';
import { createLogger } from '@jobmarket/telemetry';
import { requireInfrastructure } from '@jobmarket/testing';
import { PLANNER_SETTINGS } from '../src/filter/index.js';
import { createOffersService } from '../src/app.js';
import { loadOffers } from '../src/store.js';

export const INTERNAL_SECRET = 'internal-test-secret-0123456789abcdef';
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
export type EngineName = 'pglite' | 'postgres';

export const quietLogger = () =>
  createLogger({
    service: 'subgraph-offers-test',
    level: 'warn',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });

/** A migrated offers store on `engine`: in-memory PGlite, or a fresh database on the test PostgreSQL. */
export async function offersStore(
  engine: EngineName,
): Promise<{ store: Store; dispose: () => Promise<void> }> {
  let scratch: ScratchDatabase | undefined;
  if (engine === 'postgres') {
    await requireInfrastructure('postgres');
    const server = testDatabaseUrl();
    if (!server) throw new Error('no TEST_DATABASE_URL and no scripts/infra/postgres.sh url');
    scratch = await createScratchDatabase(server, 'offers_test');
  }
  const store = await openStore({
    subgraph: 'offers',
    databaseUrl: scratch?.url,
    dataDir: 'memory://',
    poolSize: 5,
    statementTimeoutMs: 5_000,
    sessionSettings: PLANNER_SETTINGS,
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
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Harness {
  store: Store;
  url: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResult<T>>;
  /** `data` of a query that must succeed. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Starts the offers subgraph on a free port over `store`, loaded with `offers`. */
export async function startOffers(
  engine: EngineName,
  offers: readonly CuratedOffer[],
  now: Date,
): Promise<Harness> {
  const { store, dispose } = await offersStore(engine);
  await loadOffers(store, offers);
  const service = await createOffersService({
    store,
    logger: quietLogger(),
    internalAuthSecret: INTERNAL_SECRET,
    now: () => now,
  });
  const { url } = await service.listen(0, '127.0.0.1');
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) } as GraphqlResult<T>;
  };
  return {
    store,
    url,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>) {
      const result = await gql<T>(query, variables);
      if (result.errors?.length || !result.data) {
        throw new Error(`query failed (${result.status}): ${JSON.stringify(result.errors)}`);
      }
      return result.data;
    },
    async close() {
      await service.close();
      await dispose();
    },
  };
}

/** Great-circle distance in km on earthdistance's sphere (radius 6 378 168 m). */
export function earthKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const radius = 6378.168;
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Lower case without accents, as jm_norm does. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase();
}
