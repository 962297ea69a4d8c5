// Child process for lock.test.ts: opens the warehouse (taking the lock), writes one row, holds it
// for HOLD_MS, then closes. Prints "opened" once it holds the file.
import { openWarehouse } from '../src/index.js';

const warehouse = await openWarehouse({
  url: process.env.TEST_WAREHOUSE_URL,
  purpose: 'test holder',
});
await warehouse.recordRejected([
  { source: 'adzuna', runId: 'holder', reason: 'test', payload: '{}', rejectedAt: new Date() },
]);
process.stdout.write('opened\n');
await new Promise((resolve) => setTimeout(resolve, Number(process.env.HOLD_MS ?? 1000)));
if (process.env.CRASH === '1') process.kill(process.pid, 'SIGKILL');
await warehouse.close();
