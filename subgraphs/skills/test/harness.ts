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
import { PLANNER_SETTINGS } from '@jobmarket/subgraph-offers/filter';
import { createSkillsService } from '../src/app.js';
import { defaultReferentialDir, importRomeReferential } from '../src/referential.js';
import { loadOffers } from '../src/store.js';

export const INTERNAL_SECRET = 'internal-test-secret-0123456789abcdef';
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
export type EngineName = 'pglite' | 'postgres';

export const quietLogger = () =>
  createLogger({
    service: 'subgraph-skills-test',
    level: 'warn',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });

export async function skillsStore(
  engine: EngineName,
): Promise<{ store: Store; dispose: () => Promise<void> }> {
  let scratch: ScratchDatabase | undefined;
  if (engine === 'postgres') {
    await requireInfrastructure('postgres');
    const server = testDatabaseUrl();
    if (!server) throw new Error('no TEST_DATABASE_URL and no scripts/infra/postgres.sh url');
    scratch = await createScratchDatabase(server, 'skills_test');
  }
  const store = await openStore({
    subgraph: 'skills',
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
  referential: string | null;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResult<T>>;
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** The skills subgraph on a free port over a fresh store with the ROME referential and `offers`. */
export async function startSkills(
  engine: EngineName,
  offers: readonly CuratedOffer[],
  now: Date,
): Promise<Harness> {
  const { store, dispose } = await skillsStore(engine);
  const referential = defaultReferentialDir();
  await importRomeReferential(store, referential);
  await loadOffers(store, offers);
  const service = await createSkillsService({
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
    referential,
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

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase();
}
