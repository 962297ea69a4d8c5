import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireWarehouseLock, openWarehouse, withWarehouseLock } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'jm-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recorder() {
  const lines: { level: string; msg: string; fields: object }[] = [];
  return {
    lines,
    logger: {
      info: (fields: object, msg: string) => lines.push({ level: 'info', msg, fields }),
      warn: (fields: object, msg: string) => lines.push({ level: 'warn', msg, fields }),
    },
  };
}

function holder(url: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./hold-warehouse.ts', import.meta.url))],
    {
      env: { ...process.env, TEST_WAREHOUSE_URL: url, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('opened')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code} before opening`)));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, opened, exited };
}

describe('warehouse lock', () => {
  it('makes a second holder wait, with a log line, until the first releases', async () => {
    const file = join(dir, 'a.duckdb');
    const first = await acquireWarehouseLock(file, { purpose: 'first' });
    const { lines, logger } = recorder();
    let acquired = false;
    const second = withWarehouseLock(
      file,
      async () => {
        acquired = true;
      },
      { purpose: 'second', logger, pollMs: 20, logEveryMs: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(acquired).toBe(false);
    expect(lines.some((line) => line.msg.startsWith('waiting for the warehouse lock'))).toBe(true);
    expect(JSON.stringify(lines[0]?.fields)).toContain('first (pid');
    await first.release();
    await second;
    expect(acquired).toBe(true);
  });

  it('breaks the lock of a process that died', async () => {
    const file = join(dir, 'b.duckdb');
    mkdirSync(`${file}.lock`);
    // pid 2^22 + 1 is above Linux's pid_max default: no such process.
    writeFileSync(
      `${file}.lock/owner.json`,
      JSON.stringify({
        pid: 4_194_305,
        host: (await import('node:os')).hostname(),
        purpose: 'killed job',
        token: 'x',
        acquiredAt: 'then',
      }),
    );
    const { lines, logger } = recorder();
    const lock = await acquireWarehouseLock(file, { logger, pollMs: 20 });
    expect(lines.map((line) => line.msg)).toContain('breaking a stale warehouse lock');
    await lock.release();
  });

  it('gives up after timeoutMs when asked to', async () => {
    const file = join(dir, 'c.duckdb');
    const held = await acquireWarehouseLock(file, { purpose: 'holder' });
    await expect(acquireWarehouseLock(file, { timeoutMs: 100, pollMs: 20 })).rejects.toThrow(
      /timed out waiting for the warehouse lock .*held by holder/,
    );
    await held.release();
  });

  it('lets two processes share one DuckDB file: the second waits instead of failing', async () => {
    const url = `duckdb://${join(dir, 'shared.duckdb')}`;
    const first = holder(url, { HOLD_MS: '1500' });
    await first.opened;
    const { lines, logger } = recorder();
    const started = Date.now();
    const warehouse = await openWarehouse({
      url,
      logger,
      purpose: 'test',
      lockOptions: { pollMs: 50, logEveryMs: 200 },
    });
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(lines.some((line) => line.msg.startsWith('waiting for the warehouse lock'))).toBe(true);
    const rows = await warehouse.query('SELECT COUNT(*) AS n FROM bronze.rejected_offers');
    expect(Number(rows[0]?.n)).toBe(1);
    await warehouse.close();
    expect(await first.exited).toBe(0);
  });

  it('recovers the file after a holder is killed (SIGKILL)', async () => {
    const url = `duckdb://${join(dir, 'killed.duckdb')}`;
    const first = holder(url, { HOLD_MS: '100', CRASH: '1' });
    await first.opened;
    await first.exited;
    const warehouse = await openWarehouse({ url, lockOptions: { pollMs: 20 } });
    const rows = await warehouse.query('SELECT COUNT(*) AS n FROM bronze.rejected_offers');
    expect(Number(rows[0]?.n)).toBe(1);
    await warehouse.close();
  });
});
