import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { openWarehouse } from '../src/index.js';
import { defineWarehouseContract } from './contract.js';

// A real account: SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PASSWORD or
// SNOWFLAKE_PRIVATE_KEY_PATH, SNOWFLAKE_WAREHOUSE, optionally SNOWFLAKE_ROLE. The suite creates a
// throwaway database and drops it afterwards.
const account = process.env.SNOWFLAKE_ACCOUNT;
describe.skipIf(!account)('Snowflake adapter on a real account: warehouse contract', () => {
  const database = `JOBMARKET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
  const params = new URLSearchParams();
  if (process.env.SNOWFLAKE_WAREHOUSE) params.set('warehouse', process.env.SNOWFLAKE_WAREHOUSE);
  if (process.env.SNOWFLAKE_ROLE) params.set('role', process.env.SNOWFLAKE_ROLE);
  const url = `snowflake://${account}/${database}/PUBLIC?${params}`;
  afterAll(async () => {
    const warehouse = await openWarehouse({ url, migrate: false });
    await warehouse.execute(`DROP DATABASE IF EXISTS ${database}`);
    await warehouse.close();
  });
  defineWarehouseContract(async () => {
    const bootstrap = await openWarehouse({
      url: `snowflake://${account}/SNOWFLAKE/PUBLIC?${params}`,
      migrate: false,
    });
    await bootstrap.execute(`CREATE DATABASE IF NOT EXISTS ${database}`);
    await bootstrap.close();
    return openWarehouse({ url });
  });
});
