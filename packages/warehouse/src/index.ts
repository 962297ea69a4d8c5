export type {
  Dialect,
  IngestRunRecord,
  IngestState,
  LandOffersInput,
  LandOffersResult,
  LandedOffer,
  OfferChange,
  OutboxMessage,
  RawOfferInput,
  ReferentialRow,
  RejectedOffer,
  RunStatus,
  SqlValue,
  StoredOutboxMessage,
  Warehouse,
  WarehouseOps,
} from './types.js';
export { openWarehouse } from './open.js';
export type { OpenWarehouseOptions } from './open.js';
export { createWarehouse } from './core.js';
export type { Driver } from './core.js';
export { createDuckDbDriver } from './duckdb.js';
export { snowflakeCredentialsFromEnv, SnowflakeCredentialsError } from './snowflake-credentials.js';
export type { SnowflakeCredentials } from './snowflake-credentials.js';
// The Snowflake driver itself (`createSnowflakeDriver`) is in './snowflake.js', loaded on demand by openWarehouse.
export {
  acquireWarehouseLock,
  withWarehouseLock,
  withWarehouseLockFor,
  WarehouseLockTimeoutError,
} from './lock.js';
export type { LockLogger, WarehouseLock, WarehouseLockOptions } from './lock.js';
export { defaultDuckDbPath, describeTarget, parseWarehouseUrl, WarehouseUrlError } from './url.js';
export type { DuckDbTarget, SnowflakeTarget, WarehouseTarget } from './url.js';
export * as warehouseSql from './sql.js';
