/** The DuckDB adapter (embedded default) over `@duckdb/node-api`. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Driver, Row } from './core.js';
import { STAGING, clearStaging, type StagingKind } from './sql.js';

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

function lowerKeys(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key.toLowerCase()] = plain(value);
  return out;
}

export async function createDuckDbDriver(path: string): Promise<Driver> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  const connection: DuckDBConnection = await instance.connect();
  // A batch job next to others on a small machine: bound DuckDB's buffer pool (it spills beyond).
  await connection.run(`SET memory_limit = '${process.env.DUCKDB_MEMORY_LIMIT ?? '512MB'}'`);
  return {
    dialect: 'duckdb',
    location: `duckdb:${path}`,
    async all(statement, params) {
      const reader = await connection.runAndReadAll(
        statement,
        params.length ? ([...params] as never) : undefined,
      );
      return reader.getRowObjectsJS().map((row) => lowerKeys(row as Record<string, unknown>));
    },
    async run(statement, params) {
      await connection.run(statement, params.length ? ([...params] as never) : undefined);
    },
    async load(kind: StagingKind, rows) {
      await connection.run(clearStaging(kind));
      const appender = await connection.createAppender(STAGING[kind].table, 'main', 'temp');
      try {
        for (const row of rows) {
          for (const value of row) {
            if (value === null) appender.appendNull();
            else appender.appendVarchar(value);
          }
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
