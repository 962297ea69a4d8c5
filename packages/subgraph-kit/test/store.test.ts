import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireInfrastructure } from '@jobmarket/testing';
import {
  createScratchDatabase,
  isStoreUnavailable,
  isUniqueViolation,
  migrate,
  MigrationError,
  openStore,
  readMigrations,
  testDatabaseUrl,
  type ScratchDatabase,
  type Store,
} from '../src/index.js';

const migrations = {
  '0001_extensions.sql': `
    create extension if not exists unaccent;
    create extension if not exists pg_trgm;
    create extension if not exists cube;
    create extension if not exists earthdistance;`,
  '0002_things.sql': `
    create table thing (
      id text primary key,
      title text not null,
      amount numeric,
      big bigint,
      tags text[] not null default '{}',
      doc jsonb,
      created_at timestamptz not null default now()
    );
    create index thing_title_trgm on thing using gin (title gin_trgm_ops);`,
};

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kit-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe.each(['pglite', 'postgres'] as const)('store on %s', (engine) => {
  let store: Store;
  let scratch: ScratchDatabase | undefined;
  const dir = migrationsDir(migrations);

  beforeAll(async () => {
    if (engine === 'postgres') {
      await requireInfrastructure('postgres');
      const server = testDatabaseUrl();
      if (!server) throw new Error('no TEST_DATABASE_URL and no scripts/infra/postgres.sh url');
      scratch = await createScratchDatabase(server, 'kit_store');
    }
    store = await openStore({
      subgraph: 'kit-test',
      databaseUrl: scratch?.url,
      dataDir: 'memory://',
      poolSize: 3,
      statementTimeoutMs: 500,
    });
  });

  afterAll(async () => {
    await store?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies migrations once, in order, and records them', async () => {
    expect(await migrate(store, dir)).toEqual({
      applied: ['0001_extensions.sql', '0002_things.sql'],
      alreadyApplied: 0,
    });
    expect(await migrate(store, dir)).toEqual({ applied: [], alreadyApplied: 2 });
    const { rows } = await store.query<{ name: string }>(
      'select name from schema_migrations order by name',
    );
    expect(rows.map((row) => row.name)).toEqual(['0001_extensions.sql', '0002_things.sql']);
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = readMigrations(dir).map((m) =>
      m.name === '0002_things.sql' ? { ...m, checksum: 'changed' } : m,
    );
    await expect(migrate(store, edited)).rejects.toBeInstanceOf(MigrationError);
  });

  it('rolls back every pending migration when one fails', async () => {
    const failing = [
      ...readMigrations(dir),
      { name: '0003_ok.sql', sql: 'create table other (id int);', checksum: 'a' },
      { name: '0004_bad.sql', sql: 'create table broken (id nonsense_type);', checksum: 'b' },
    ];
    await expect(migrate(store, failing)).rejects.toThrow(/0004_bad.sql failed/);
    const { rows } = await store.query(
      `select 1 from information_schema.tables where table_name = 'other'`,
    );
    expect(rows).toEqual([]);
  });

  it('returns the same JavaScript types on both engines', async () => {
    await store.query(
      `insert into thing (id, title, amount, big, tags, doc) values ($1, $2, $3, $4, $5, $6::jsonb)`,
      [
        'a',
        'Développeur Java',
        1234.5,
        9_000_000_000,
        ['x', 'y'],
        JSON.stringify({ list: [1, 2] }),
      ],
    );
    const { rows } = await store.query<Record<string, unknown>>(
      'select *, count(*) over () as total from thing',
    );
    expect(rows[0]).toMatchObject({
      id: 'a',
      amount: 1234.5,
      big: 9_000_000_000,
      tags: ['x', 'y'],
      doc: { list: [1, 2] },
      total: 1,
    });
    expect(rows[0]?.created_at).toBeInstanceOf(Date);
    const update = await store.query(`update thing set title = title where id = $1`, ['a']);
    expect(update.rowCount).toBe(1);
  });

  it('has the French text search, unaccent, trigrams and earth distance', async () => {
    const { rows } = await store.query<{ ts: boolean; u: string; sim: number; km: number }>(
      `select to_tsvector('french', 'Développeurs confirmés') @@ plainto_tsquery('french', 'développeur') as ts,
              unaccent('Ingénieur') as u,
              similarity('developpeur', 'developeur') as sim,
              earth_distance(ll_to_earth(48.8566, 2.3522), ll_to_earth(45.764, 4.8357)) / 1000 as km`,
    );
    expect(rows[0]?.ts).toBe(true);
    expect(rows[0]?.u).toBe('Ingenieur');
    expect(rows[0]?.sim).toBeGreaterThan(0.5);
    expect(rows[0]?.km).toBeGreaterThan(380);
    expect(rows[0]?.km).toBeLessThan(400);
  });

  it('commits and rolls back transactions', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.query(`insert into thing (id, title) values ('b', 'B')`);
        await tx.query(`insert into thing (id, title) values ('a', 'duplicate')`);
      }),
    ).rejects.toSatisfy((error: unknown) => isUniqueViolation(error));
    expect((await store.query(`select id from thing where id = 'b'`)).rows).toEqual([]);
    await store.transaction(async (tx) => {
      await tx.query(`insert into thing (id, title) values ('c', 'C')`);
    });
    expect((await store.query(`select id from thing where id = 'c'`)).rows).toEqual([{ id: 'c' }]);
  });

  it.runIf(engine === 'postgres')(
    'cancels a statement that runs past the timeout, as unavailable',
    async () => {
      const error = await store.query('select pg_sleep(2)').catch((e: unknown) => e);
      expect(isStoreUnavailable(error)).toBe(true);
      await store.ping();
      expect(store.poolStats().max).toBe(3);
    },
  );
});

describe('an unreachable PostgreSQL', () => {
  it('fails fast with an error classified as unavailable', async () => {
    const store = await openStore({
      subgraph: 'kit-down',
      databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none',
      connectionTimeoutMs: 1_000,
    });
    const started = Date.now();
    const error = await store.query('select 1').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(isStoreUnavailable(error)).toBe(true);
    await expect(store.ping(500)).rejects.toSatisfy((e: unknown) => isStoreUnavailable(e));
    await store.close();
  });
});
