/** The CLI as a CronJob runs it: flags, environment, exit codes, the summary as the last line. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../src/sample/generate.js';
import { recordedPayloads, startFakeFranceTravail, type FakeFranceTravail } from './fake-apis.js';
import { count, tempDir, tempWarehouse } from './helpers.js';

const tmp = tempDir('jm-cli-');
afterAll(() => tmp.remove());

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return new Promise<{
    code: number | null;
    lines: string[];
    last: Record<string, unknown> | undefined;
    stderr: string;
  }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../src/cli.ts', import.meta.url)), ...args],
      {
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
          FRANCETRAVAIL_CLIENT_ID: '',
          FRANCETRAVAIL_CLIENT_SECRET: '',
          ADZUNA_APP_ID: '',
          ADZUNA_APP_KEY: '',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      const lines = stdout.split('\n').filter(Boolean);
      let last: Record<string, unknown> | undefined;
      try {
        last = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
      } catch {
        last = undefined;
      }
      resolve({ code, lines, last, stderr });
    });
  });
}

describe('ingest CLI', () => {
  it('rejects an unknown source with the usage (exit 2)', async () => {
    const result = await cli(['--source', 'pole-emploi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown source "pole-emploi"/);
    expect(result.stderr).toMatch(/usage: npm run ingest/);
  });

  it('skips sources without credentials with a clear message, and says so in the summary (exit 78)', async () => {
    const { url } = await tempWarehouse(tmp.dir, 'skipped');
    const result = await cli(['--source', 'francetravail,adzuna'], { WAREHOUSE_URL: url });
    expect(result.code).toBe(78);
    expect(result.last).toMatchObject({
      source: 'francetravail,adzuna',
      status: 'skipped',
      landed: 0,
    });
    const warnings = result.lines
      .map((line) => JSON.parse(line) as { msg?: string; reason?: string })
      .filter((line) => line.msg === 'source skipped');
    expect(warnings.map((line) => line.reason)).toEqual([
      expect.stringMatching(/FRANCETRAVAIL_CLIENT_ID and FRANCETRAVAIL_CLIENT_SECRET are not set/),
      expect.stringMatching(/ADZUNA_APP_ID and ADZUNA_APP_KEY are not set/),
    ]);
  });

  it('--dry-run fetches and counts, lands and publishes nothing', async () => {
    const dir = join(tmp.dir, 'sample');
    await generateSample({ out: dir, offers: 120, seed: 3 });
    const { url, open } = await tempWarehouse(tmp.dir, 'dry');
    const result = await cli(['--source', 'replay', '--dir', dir, '--dry-run'], {
      WAREHOUSE_URL: url,
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(result.code).toBe(0);
    expect(result.last).toMatchObject({
      source: 'replay',
      status: 'succeeded',
      dryRun: true,
      fetched: 120,
      landed: 0,
      published: 0,
    });
    const warehouse = await open();
    try {
      expect(await count(warehouse, 'SELECT COUNT(*) AS n FROM bronze.raw_offers')).toBe(0);
      expect(await count(warehouse, 'SELECT COUNT(*) AS n FROM bronze.raw_referentials')).toBe(0);
    } finally {
      await warehouse.close();
    }
  });

  describe('with Kafka', () => {
    let fake: FakeFranceTravail;
    beforeAll(async () => {
      await requireInfrastructure('kafka');
      const day = Date.parse('2025-08-20T00:00:00Z');
      const offers = recordedPayloads('francetravail').map((offer, index) => ({
        ...offer,
        dateCreation: new Date(day + index * 60_000).toISOString(),
      }));
      fake = await startFakeFranceTravail({ offers, rateLimitPerSecond: 1_000 });
    });
    afterAll(() => fake?.close());

    it('pulls France Travail with the base URLs and credentials from the environment; the last line is the summary', async () => {
      const { url, open } = await tempWarehouse(tmp.dir, 'ft-cli');
      const env = {
        WAREHOUSE_URL: url,
        KAFKA_TOPIC_PREFIX: uniqueName('ingest-cli'),
        FRANCETRAVAIL_CLIENT_ID: fake.clientId,
        FRANCETRAVAIL_CLIENT_SECRET: fake.clientSecret,
        FRANCETRAVAIL_API_URL: fake.apiUrl,
        FRANCETRAVAIL_TOKEN_URL: fake.tokenUrl,
        FRANCETRAVAIL_RATE_LIMIT: '100',
      };
      const window = ['--since', '2025-08-20', '--until', '2025-08-21'];
      const first = await cli(['--source', 'francetravail', ...window], env);
      expect(first.code).toBe(0);
      expect(first.last).toMatchObject({
        source: 'francetravail',
        status: 'succeeded',
        fetched: 612,
        landed: 612,
        published: 612,
        failed: 0,
      });
      expect(
        first.lines.some(
          (line) => line.includes('"msg":"progress"') || line.includes('"msg":"source done"'),
        ),
      ).toBe(true);
      const again = await cli(['--source', 'francetravail', ...window], env);
      expect(again.last).toMatchObject({ landed: 0, unchanged: 612, published: 0 });
      const warehouse = await open();
      try {
        expect(
          await count(
            warehouse,
            "SELECT COUNT(*) AS n FROM bronze.ingest_runs WHERE source = 'francetravail' AND status = 'succeeded'",
          ),
        ).toBe(2);
      } finally {
        await warehouse.close();
      }
    });
  });
});
