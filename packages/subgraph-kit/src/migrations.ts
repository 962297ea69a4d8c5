import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@jobmarket/telemetry';
import type { Store } from './store.js';

/**
 * Plain SQL migrations, the same files for PGlite and PostgreSQL.
 *
 * Each subgraph keeps them in its `migrations/` folder, named `NNNN_what.sql` and applied in name
 * order at start-up. All pending files are applied in ONE transaction under an advisory lock, so two
 * replicas starting together cannot both apply them, and a failing file leaves nothing half done
 * (so no `CREATE INDEX CONCURRENTLY`). Each applied file is recorded with its SHA-256 in
 * `schema_migrations`; editing a file that was already applied stops the start-up with a message:
 * write a new migration instead.
 */

export const MIGRATIONS_TABLE = 'schema_migrations';
const LOCK_KEY = 4_031_977_113;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** The `*.sql` files of `dir`, sorted by name. */
export function readMigrations(dir: string): Migration[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return names.map((name) => {
    const sql = readFileSync(join(dir, name), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

export async function migrate(
  store: Store,
  source: string | Migration[],
  logger?: Logger,
): Promise<MigrationResult> {
  const migrations = typeof source === 'string' ? readMigrations(source) : source;
  await store.exec(
    `create table if not exists ${MIGRATIONS_TABLE} (
       name text primary key,
       checksum text not null,
       applied_at timestamptz not null default now()
     )`,
  );
  return store.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const { rows } = await tx.query<{ name: string; checksum: string }>(
      `select name, checksum from ${MIGRATIONS_TABLE}`,
    );
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.name} was changed after it was applied (checksum differs); ` +
              'restore it and add a new migration instead',
          );
        }
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(
          `migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      await tx.query(`insert into ${MIGRATIONS_TABLE} (name, checksum) values ($1, $2)`, [
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration.name);
      logger?.info({ migration: migration.name, engine: store.engine }, 'migration applied');
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  });
}
