import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { commonEnv, env, projectDataDir } from '@jobmarket/config';
import type { PGliteOptions } from '@electric-sql/pglite';
import type { Logger } from '@jobmarket/telemetry';

/**
 * One small query interface over both engines a subgraph can run on:
 * - PGlite (PostgreSQL compiled to WebAssembly, in-process) under `<JOBMARKET_DATA_DIR>/<subgraph>`,
 *   the embedded default that needs no server;
 * - PostgreSQL through a `pg` pool when `DATABASE_URL` is set.
 *
 * Both take the same SQL with `$1` placeholders and return the same JavaScript types: int8 and
 * numeric come back as numbers, timestamptz as Date, json/jsonb parsed. Pass json/jsonb parameters
 * as `JSON.stringify(value)` (pg would turn a JavaScript array into a PostgreSQL array).
 */

export type Row = Record<string, unknown>;

export interface QueryResult<R extends object = Row> {
  rows: R[];
  /** Rows returned, or affected by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Queryable {
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements, no parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export type Engine = 'pglite' | 'postgres';

export interface PoolStats {
  /** Connections open (PGlite: always 1). */
  total: number;
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
  max: number;
}

export interface Store extends Queryable {
  readonly engine: Engine;
  /** Where the data is, without credentials: a directory, `memory`, or `host:port/database`. */
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Resolves when the store answers `select 1` within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** PGlite contrib extensions loaded by default, so migrations may `create extension` them offline. */
export const PGLITE_EXTENSIONS = ['unaccent', 'pg_trgm', 'cube', 'earthdistance'] as const;
export type PgliteExtension = (typeof PGLITE_EXTENSIONS)[number];

export interface StoreOptions {
  /** The subgraph's name: PGlite directory name and PostgreSQL application_name. */
  subgraph: string;
  /** PostgreSQL connection string; PGlite when absent. */
  databaseUrl?: string | undefined;
  /** PGlite only: the directory, or `memory://` for a throw-away in-memory store. Default `<JOBMARKET_DATA_DIR>/<subgraph>`. */
  dataDir?: string | undefined;
  /** PostgreSQL only: connections in the pool (10). */
  poolSize?: number;
  /** Longest a statement may run (2 000 ms). Enforced by PostgreSQL; PGlite cannot interrupt a statement. */
  statementTimeoutMs?: number;
  /** PostgreSQL only: longest wait for a free connection before failing (2 000 ms). */
  connectionTimeoutMs?: number;
  /** PGlite only: contrib extensions to load (all of PGLITE_EXTENSIONS by default). */
  extensions?: readonly PgliteExtension[];
  /**
   * PostgreSQL settings of every session: each pooled connection (the `options` startup parameter,
   * so a connection never runs without them) or PGlite's one session. E.g. planner settings:
   * `{ random_page_cost: 1.1, jit: 'off' }`. Names and values: letters, digits, `._-`.
   */
  sessionSettings?: Readonly<Record<string, string | number | boolean>>;
  logger?: Logger;
}

/** The `[name, value]` pairs of `sessionSettings`, checked (they end up in a startup parameter or SET). */
export function sessionSettingPairs(settings: StoreOptions['sessionSettings']): [string, string][] {
  return Object.entries(settings ?? {}).map(([name, value]) => {
    const text = String(value);
    if (!/^[a-z_][a-z0-9_.]*$/.test(name) || !/^[A-Za-z0-9._-]+$/.test(text)) {
      throw new Error(`invalid session setting ${name}=${text}`);
    }
    return [name, text];
  });
}

/** The environment variables of the store; spread into a service's config spec. */
export const storeEnv = {
  databaseUrl: env.optionalString('DATABASE_URL', {
    description:
      'PostgreSQL URL (postgres://user:password@host:port/db); the embedded PGlite store when unset',
  }),
  dbPoolSize: env.integer('DB_POOL_SIZE', { default: 10, min: 1, max: 200 }),
  dbStatementTimeoutMs: env.integer('DB_STATEMENT_TIMEOUT_MS', {
    default: 2_000,
    min: 50,
    max: 600_000,
  }),
  logLevel: commonEnv.logLevel,
};

function toNumber(value: string): number {
  return Number(value);
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options, options.databaseUrl) : openPglite(options);
}

/** `host:port/database` of a PostgreSQL URL, never its credentials. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`${what} timed out after ${timeoutMs} ms`), {
            code: 'ETIMEDOUT',
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function openPostgres(options: StoreOptions, databaseUrl: string): Promise<Store> {
  const { default: pg } = await import('pg');
  const statementTimeoutMs = options.statementTimeoutMs ?? 2_000;
  const max = options.poolSize ?? 10;
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 20 || oid === 1700) return toNumber;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    application_name: `jobmarket-${options.subgraph}`,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(statementTimeoutMs * 2, 5_000),
    // The client-side bound: a dead server cannot hold a request longer than this.
    query_timeout: statementTimeoutMs + 1_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 2_000,
    idleTimeoutMillis: 30_000,
    types: types as never,
    ...(options.sessionSettings
      ? {
          options: sessionSettingPairs(options.sessionSettings)
            .map(([name, value]) => `-c ${name}=${value}`)
            .join(' '),
        }
      : {}),
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', (error) =>
    options.logger?.warn({ err: error }, 'idle PostgreSQL connection failed'),
  );

  const run = async <R extends object>(
    client: {
      query: (sql: string, params?: unknown[]) => Promise<{ rows: R[]; rowCount: number | null }>;
    },
    sql: string,
    params?: readonly unknown[],
  ) => {
    const result = await client.query(sql, params ? [...params] : undefined);
    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
  };

  const store: Store = {
    engine: 'postgres',
    location: describeDatabaseUrl(databaseUrl),
    query: <R extends object = Row>(sql: string, params?: readonly unknown[]) =>
      run<R>(pool as never, sql, params),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: <R extends object = Row>(sql: string, params?: readonly unknown[]) =>
            run<R>(client as never, sql, params),
          async exec(sql) {
            await client.query(sql);
          },
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async ping(timeoutMs = 1_500) {
      await withTimeout(pool.query('select 1'), timeoutMs, 'store ping');
    },
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max,
    }),
    async close() {
      await pool.end();
    },
  };
  return store;
}

async function openPglite(options: StoreOptions): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const wanted = options.extensions ?? PGLITE_EXTENSIONS;
  const extensions: Record<string, unknown> = {};
  for (const name of wanted) {
    extensions[name] = await loadExtension(name);
  }
  const dataDir = options.dataDir ?? resolve(projectDataDir(), options.subgraph);
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const template = inMemory ? await pgliteTemplate() : undefined;
  const pgliteOptions = {
    ...(inMemory ? {} : { dataDir }),
    ...(template ? { loadDataDir: template } : {}),
    extensions,
    parsers: { 20: toNumber, 1700: toNumber },
  } as PGliteOptions;
  const db = await PGlite.create(pgliteOptions);
  if (options.statementTimeoutMs) {
    // Recorded for parity; PGlite runs statements synchronously and cannot cancel them.
    await db.exec(`set statement_timeout = ${Math.trunc(options.statementTimeoutMs)}`);
  }
  for (const [name, value] of sessionSettingPairs(options.sessionSettings)) {
    await db.exec(`set ${name} = '${value}'`);
  }
  let closed = false;
  const asResult = <R extends object>(result: {
    rows: R[];
    affectedRows?: number;
  }): QueryResult<R> => ({
    rows: result.rows,
    rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0),
  });
  const guard = () => {
    if (closed) throw Object.assign(new Error('store is closed'), { code: '57P01' });
  };
  return {
    engine: 'pglite',
    location: inMemory ? 'memory' : dataDir,
    async query<R extends object = Row>(sql: string, params?: readonly unknown[]) {
      guard();
      return asResult<R>(await db.query<R>(sql, params ? [...params] : undefined));
    },
    async exec(sql) {
      guard();
      await db.exec(sql);
    },
    async transaction(work) {
      guard();
      return db.transaction(async (tx) =>
        work({
          query: async <R extends object = Row>(sql: string, params?: readonly unknown[]) =>
            asResult<R>(await tx.query<R>(sql, params ? [...params] : undefined)),
          async exec(sql) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async ping(timeoutMs = 1_500) {
      guard();
      await withTimeout(db.query('select 1'), timeoutMs, 'store ping');
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

async function loadExtension(name: PgliteExtension): Promise<unknown> {
  switch (name) {
    case 'unaccent':
      return (await import('@electric-sql/pglite/contrib/unaccent')).unaccent;
    case 'pg_trgm':
      return (await import('@electric-sql/pglite/contrib/pg_trgm')).pg_trgm;
    case 'cube':
      return (await import('@electric-sql/pglite/contrib/cube')).cube;
    case 'earthdistance':
      return (await import('@electric-sql/pglite/contrib/earthdistance')).earthdistance;
  }
}

let templateMemo: Promise<Blob | undefined> | undefined;

/**
 * A freshly initialised PGlite data directory as a tarball, so that in-memory stores (tests,
 * benchmarks) load it instead of running initdb each time (seconds each). Cached in the process
 * and in the OS temp directory, keyed by the PGlite version; JOBMARKET_PGLITE_TEMPLATE=off skips it.
 */
function pgliteTemplate(): Promise<Blob | undefined> {
  if (process.env.JOBMARKET_PGLITE_TEMPLATE === 'off') return Promise.resolve(undefined);
  templateMemo ??= (async () => {
    try {
      const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
      const packageJson = join(dirname(entry), '..', 'package.json');
      const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
      const file = join(tmpdir(), `jobmarket-pglite-template-${version}.tar`);
      if (existsSync(file)) return new Blob([readFileSync(file)]);
      const { PGlite } = await import('@electric-sql/pglite');
      const fresh = await PGlite.create();
      const dump = await fresh.dumpDataDir('none');
      await fresh.close();
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
      return dump;
    } catch {
      return undefined;
    }
  })();
  return templateMemo;
}
