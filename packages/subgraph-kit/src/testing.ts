import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helpers for subgraphs: the URL of the project's test PostgreSQL, and a fresh database on it
 * per test run, so the same suite runs on PGlite and on PostgreSQL.
 */

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/**
 * TEST_DATABASE_URL, else what `scripts/infra/postgres.sh url` prints (the project's PostgreSQL on
 * 127.0.0.1:5433), else undefined.
 */
export function testDatabaseUrl(): string | undefined {
  const fromEnv = process.env.TEST_DATABASE_URL?.trim();
  if (fromEnv) return fromEnv;
  const script = resolve(repositoryRoot, 'scripts/infra/postgres.sh');
  if (!existsSync(script)) return undefined;
  try {
    const url = execFileSync('bash', [script, 'url'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
    return url.startsWith('postgres') ? url.split('\n').pop() : undefined;
  } catch {
    return undefined;
  }
}

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the server of `serverUrl`; `drop()` removes it. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'test',
): Promise<ScratchDatabase> {
  const { default: pg } = await import('pg');
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
