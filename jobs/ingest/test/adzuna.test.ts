/** The Adzuna client and source against the fake API fed with the 2,001 recorded real jobs. */
import { afterAll, describe, expect, it } from 'vitest';
import { runIngest } from '../src/run.js';
import { fixedWindow, Quota, QuotaExhaustedError } from '../src/sources/adzuna/quota.js';
import { adzunaSource } from '../src/sources/adzuna/source.js';
import { recordedPayloads, startFakeAdzuna } from './fake-apis.js';
import { captureLogger, count, memoryPublisher, tempDir, tempWarehouse } from './helpers.js';

const jobs = recordedPayloads('adzuna');
const tmp = tempDir('jm-adzuna-');
afterAll(() => tmp.remove());
const fastRetries = { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 10_000 };

describe('Adzuna quota', () => {
  it('waits out a full minute window and stops on a full day', async () => {
    let now = 1_000_000;
    const slept: number[] = [];
    const quota = new Quota(
      [fixedWindow('minute', 2, 60_000, true), fixedWindow('day', 3, 86_400_000, false)],
      undefined,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    await quota.reserve();
    await quota.reserve();
    await quota.reserve(); // third in the minute: waits for the next one
    expect(slept).toHaveLength(1);
    await expect(quota.reserve()).rejects.toThrow(QuotaExhaustedError);
    const restored = new Quota(
      [fixedWindow('day', 3, 86_400_000, false)],
      quota.toJSON(),
      () => now,
    );
    await expect(restored.reserve()).rejects.toThrow(/day quota used up/);
  });
});

describe('Adzuna source', () => {
  it('lands all 2,001 recorded jobs exactly once, without __CLASS__, within the per-minute quota', async () => {
    const fake = await startFakeAdzuna({
      jobs,
      failureRate: 0.05,
      quotas: [{ name: 'minute', max: 25, ms: 1_000 }],
    });
    const { open } = await tempWarehouse(tmp.dir, 'adzuna-all');
    const warehouse = await open();
    try {
      const source = adzunaSource({
        appId: fake.appId,
        appKey: fake.appKey,
        apiUrl: fake.apiUrl,
        policy: fastRetries,
        // Adzuna's 25 hits a minute, with one-second "minutes" to keep the test short.
        limits: [
          fixedWindow('minute', 25, 1_000, true),
          fixedWindow('day', 250, 86_400_000, false),
        ],
      });
      const summary = await runIngest({
        sources: [source],
        warehouse,
        publisher: memoryPublisher(),
        logger: captureLogger().logger,
        since: new Date('2021-01-01T00:00:00Z'),
      });
      expect(summary.sources.adzuna?.error).toBeUndefined();
      expect(summary.sources.adzuna).toMatchObject({
        status: 'succeeded',
        fetched: 2_001,
        landed: 2_001,
      });
      expect(fake.requests.map((r) => r.status)).not.toContain(429);
      expect(
        fake.requests.every((r) => r.query.results_per_page === '50' && r.query.sort_by === 'date'),
      ).toBe(true);
      expect(
        await count(
          warehouse,
          "SELECT COUNT(DISTINCT source_id) AS n FROM bronze.raw_offers WHERE source = 'adzuna'",
        ),
      ).toBe(2_001);
      expect(
        await count(
          warehouse,
          "SELECT COUNT(*) AS n FROM bronze.raw_offers WHERE CAST(payload AS VARCHAR) LIKE '%__CLASS__%'",
        ),
      ).toBe(0);
      const state = await warehouse.getIngestState('adzuna');
      expect(state?.lastSuccessRunId).toBe(summary.runId);
      expect(state?.quota).toMatchObject({ day: { count: fake.requests.length } });
    } finally {
      await warehouse.close();
      await fake.close();
    }
  });

  it('stops at the daily quota, persists the counters, and the next run respects them', async () => {
    const fake = await startFakeAdzuna({ jobs, quotas: [{ name: 'day', max: 8, ms: 3_600_000 }] });
    const { open } = await tempWarehouse(tmp.dir, 'adzuna-quota');
    const warehouse = await open();
    const limits = [
      fixedWindow('minute', 25, 1_000, true),
      fixedWindow('day', 8, 3_600_000, false),
    ];
    const source = adzunaSource({
      appId: fake.appId,
      appKey: fake.appKey,
      apiUrl: fake.apiUrl,
      policy: fastRetries,
      limits,
    });
    try {
      const since = new Date('2021-01-01T00:00:00Z');
      const first = await runIngest({
        sources: [source],
        warehouse,
        publisher: memoryPublisher(),
        logger: captureLogger().logger,
        since,
      });
      expect(first.sources.adzuna).toMatchObject({
        status: 'partial',
        landed: 400,
        unfetched: 2_001 - 400,
      });
      expect(first.sources.adzuna?.notes[0]).toMatch(/day quota used up/);
      expect(fake.requests).toHaveLength(8);
      const second = await runIngest({
        sources: [source],
        warehouse,
        publisher: memoryPublisher(),
        logger: captureLogger().logger,
        since,
      });
      expect(second.sources.adzuna).toMatchObject({ status: 'partial', fetched: 0 });
      expect(fake.requests).toHaveLength(8); // nothing sent: the persisted counters said the day was used up
      expect(fake.requests.map((r) => r.status)).not.toContain(429);
    } finally {
      await warehouse.close();
      await fake.close();
    }
  });

  it('fails the source (not the run) on refused keys', async () => {
    const fake = await startFakeAdzuna({ jobs: jobs.slice(0, 10) });
    const { open } = await tempWarehouse(tmp.dir, 'adzuna-keys');
    const warehouse = await open();
    try {
      const summary = await runIngest({
        sources: [
          adzunaSource({
            appId: fake.appId,
            appKey: 'wrong',
            apiUrl: fake.apiUrl,
            policy: fastRetries,
          }),
        ],
        warehouse,
        publisher: memoryPublisher(),
        logger: captureLogger().logger,
      });
      expect(summary.status).toBe('failed');
      expect(summary.sources.adzuna?.error).toMatch(/HTTP 401/);
    } finally {
      await warehouse.close();
      await fake.close();
    }
  });
});
