import { createWarehouse } from './core.js';
import { createDuckDbDriver } from './duckdb.js';
import { acquireWarehouseLock, type LockLogger, type WarehouseLockOptions } from './lock.js';
import { snowflakeCredentialsFromEnv } from './snowflake-credentials.js';
import type { Warehouse } from './types.js';
import { parseWarehouseUrl, type WarehouseTarget } from './url.js';

export interface OpenWarehouseOptions {
  /** Defaults to `WAREHOUSE_URL`; unset means `<JOBMARKET_DATA_DIR>/warehouse.duckdb`. */
  url?: string;
  env?: NodeJS.ProcessEnv;
  logger?: LockLogger;
  /** Who is opening it, shown to processes waiting for the DuckDB lock (e.g. `ingest`). */
  purpose?: string;
  /**
   * DuckDB only: take the cross-process lock first (default true). Only one process may have the
   * file open; everyone else waits here (with a log line) until it is closed.
   */
  lock?: boolean;
  lockOptions?: Omit<WarehouseLockOptions, 'purpose' | 'logger'>;
  /** Create the bronze schema and tables if missing (default true). */
  migrate?: boolean;
}

/** Opens the warehouse `WAREHOUSE_URL` points at. Close it with `warehouse.close()`. */
export async function openWarehouse(options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const env = options.env ?? process.env;
  const target: WarehouseTarget = parseWarehouseUrl(options.url ?? env.WAREHOUSE_URL, env);
  let warehouse: Warehouse;
  if (target.kind === 'duckdb') {
    const useLock = (options.lock ?? true) && target.path !== ':memory:';
    const lock = useLock
      ? await acquireWarehouseLock(target.path, {
          ...options.lockOptions,
          purpose: options.purpose ?? 'warehouse writer',
          ...(options.logger ? { logger: options.logger } : {}),
        })
      : undefined;
    try {
      const driver = await createDuckDbDriver(target.path);
      warehouse = await createWarehouse(driver, { onClose: () => lock?.release() });
    } catch (error) {
      await lock?.release();
      throw error;
    }
  } else {
    const credentials = snowflakeCredentialsFromEnv(env);
    // Loaded only when used: snowflake-sdk pulls in a large dependency tree.
    const { createSnowflakeDriver } = await import('./snowflake.js');
    const driver = await createSnowflakeDriver(target, credentials);
    warehouse = await createWarehouse(driver);
  }
  if (options.migrate ?? true) {
    try {
      await warehouse.migrate();
    } catch (error) {
      await warehouse.close();
      throw error;
    }
  }
  return warehouse;
}
