/**
 * The Snowflake adapter against fakesnow (PyPI), a Snowflake emulator on DuckDB, in server mode:
 * the real snowflake-sdk driver over HTTP, the Snowflake SQL the adapter generates (MERGE,
 * UPDATE ... FROM, PARSE_JSON, TO_JSON, VARIANT paths, temporary tables, binds).
 *
 * fakesnow answers queries in Arrow only, which snowflake-sdk for Node cannot read; the launcher
 * in fakesnow/serve.py re-encodes those answers as Snowflake JSON rowsets (see its header). The
 * virtualenv is created under the cache dir by fakesnow/setup.sh on first use; without python3
 * or PyPI the suite is skipped with the reason.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/index.js';
import { defineWarehouseContract } from './contract.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let venv: string | undefined;
let why = '';
try {
  venv = execFileSync('bash', [fileURLToPath(new URL('./fakesnow/setup.sh', import.meta.url))], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 170_000,
  }).trim();
} catch (error) {
  why = (error as Error).message.split('\n')[0] ?? 'setup failed';
}

describe.skipIf(!venv)(`Snowflake adapter on fakesnow${venv ? '' : ` (skipped: ${why})`}`, () => {
  let server: ChildProcess | undefined;
  let url = '';
  const env = { SNOWFLAKE_USER: 'fake', SNOWFLAKE_PASSWORD: 'fake' };

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(
      `${venv}/bin/python`,
      [fileURLToPath(new URL('./fakesnow/serve.py', import.meta.url)), String(port)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = `snowflake://fakesnow/JOBMARKET/PUBLIC?host=127.0.0.1&port=${port}&protocol=http`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const probe = await openWarehouse({ url, env, migrate: false });
        await probe.close();
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`fakesnow did not start: ${stderr.slice(-2000)}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  });
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('speaks enough of the protocol for the Node driver through the JSON-results launcher', async () => {
    const warehouse = await openWarehouse({ url, env, migrate: false });
    try {
      expect(await warehouse.query("SELECT 1 AS n, 'é😀' AS s")).toEqual([{ n: 1, s: 'é😀' }]);
    } finally {
      await warehouse.close();
    }
  });

  defineWarehouseContract(() => openWarehouse({ url, env }));
});
