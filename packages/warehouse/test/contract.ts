/**
 * The contract every warehouse adapter passes. `warehouse.contract.test.ts` runs it on DuckDB;
 * `snowflake.test.ts` runs it on an emulator or a real account when one is configured.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Warehouse } from '../src/index.js';

export function payloadOf(value: unknown) {
  const payload = JSON.stringify(value);
  return { payload, payloadHash: createHash('sha256').update(payload).digest('hex') };
}

export function defineWarehouseContract(open: () => Promise<Warehouse>) {
  const t0 = new Date('2026-01-10T08:00:00.000Z');
  const t1 = new Date('2026-01-11T08:00:00.000Z');

  it('lands new payloads, moves last_seen for unchanged ones, adds a row for a changed one', async () => {
    const warehouse = await open();
    try {
      const a1 = { source: 'francetravail', sourceId: 'A1', ...payloadOf({ id: 'A1', v: 1 }) };
      const b1 = { source: 'adzuna', sourceId: '42', ...payloadOf({ id: '42', t: 'x' }) };
      const first = await warehouse.landOffers({
        runId: 'run-1',
        seenAt: t0,
        offers: [a1, b1, a1],
      });
      expect(first).toMatchObject({ inserted: 2, new: 2, changed: 0, unchanged: 0 });
      expect(first.landed.map((o) => o.change).sort()).toEqual(['NEW', 'NEW']);

      const a2 = { source: 'francetravail', sourceId: 'A1', ...payloadOf({ id: 'A1', v: 2 }) };
      const second = await warehouse.landOffers({ runId: 'run-2', seenAt: t1, offers: [a2, b1] });
      expect(second).toMatchObject({ inserted: 1, new: 0, changed: 1, unchanged: 1 });
      expect(second.landed).toEqual([
        { source: 'francetravail', sourceId: 'A1', payloadHash: a2.payloadHash, change: 'CHANGED' },
      ]);

      const rows = await warehouse.query<{
        source_id: string;
        payload_hash: string;
        run_id: string;
        last_run_id: string;
        first_seen_at: Date;
        last_seen_at: Date;
      }>(
        'SELECT source_id, payload_hash, run_id, last_run_id, first_seen_at, last_seen_at FROM bronze.raw_offers ORDER BY source_id, first_seen_at',
      );
      expect(rows).toHaveLength(3);
      const b = rows.find((row) => row.source_id === '42');
      expect(b).toMatchObject({ run_id: 'run-1', last_run_id: 'run-2' });
      expect(new Date(b!.first_seen_at).toISOString()).toBe(t0.toISOString());
      expect(new Date(b!.last_seen_at).toISOString()).toBe(t1.toISOString());
      const oldA = rows.find((row) => row.payload_hash === a1.payloadHash);
      expect(oldA).toMatchObject({ last_run_id: 'run-1' }); // not seen by run-2: dbt can close it
    } finally {
      await warehouse.close();
    }
  });

  it('keeps payload text byte for byte (HTML, emoji, mojibake, 100 kB)', async () => {
    const warehouse = await open();
    try {
      const description = `<p>Café &amp; <b>thé</b> 😀 Euros ï¿½ 1800,00 \\ "quoted" \u0000 ${'x'.repeat(100_000)}`;
      const offer = {
        source: 'francetravail',
        sourceId: 'BYTES',
        ...payloadOf({ description, id: 'BYTES' }),
      };
      await warehouse.landOffers({ runId: 'run-b', seenAt: t0, offers: [offer] });
      const [row] = await warehouse.query<{ payload: unknown }>(
        warehouse.dialect === 'snowflake'
          ? "SELECT payload:description::VARCHAR AS payload FROM bronze.raw_offers WHERE source_id = 'BYTES'"
          : "SELECT payload->>'description' AS payload FROM bronze.raw_offers WHERE source_id = 'BYTES'",
      );
      expect(row?.payload).toBe(description);
    } finally {
      await warehouse.close();
    }
  });

  it('keeps the first copy of an outbox event id, lists pending ones oldest first, marks them published', async () => {
    const warehouse = await open();
    try {
      const message = (id: string, at: Date) => ({
        eventId: id,
        topic: 'jobmarket.offers.ingested.v1',
        key: `francetravail:${id}`,
        value: { n: id, nested: { ok: true } },
        headers: { 'x-run-id': 'run-1' },
        runId: 'run-1',
        createdAt: at,
      });
      const added = await warehouse.transaction(async (tx) =>
        tx.enqueueOutbox([message('e2', t1), message('e1', t0)]),
      );
      expect(added).toBe(2);
      expect(await warehouse.enqueueOutbox([message('e1', t1), message('e3', t1)])).toBe(1);
      const pending = await warehouse.pendingOutbox(10);
      expect(pending.map((m) => m.eventId)).toEqual(['e1', 'e2', 'e3']);
      expect(pending[0]).toMatchObject({
        key: 'francetravail:e1',
        value: { n: 'e1', nested: { ok: true } },
        headers: { 'x-run-id': 'run-1' },
        publishedAt: null,
      });
      expect(await warehouse.countPendingOutbox(['jobmarket.offers.ingested.v1'])).toBe(3);
      await warehouse.markSending(['e1', 'e3'], t1);
      expect(await warehouse.inDoubtOutbox()).toEqual([
        { eventId: 'e1', topic: 'jobmarket.offers.ingested.v1' },
        { eventId: 'e3', topic: 'jobmarket.offers.ingested.v1' },
      ]);
      await warehouse.markPublished(['e1', 'e3'], t1);
      expect(await warehouse.inDoubtOutbox()).toEqual([]);
      expect((await warehouse.pendingOutbox(10)).map((m) => m.eventId)).toEqual(['e2']);
      expect(await warehouse.countPendingOutbox(['other.topic'])).toBe(0);
    } finally {
      await warehouse.close();
    }
  });

  it('rolls a transaction back as a whole', async () => {
    const warehouse = await open();
    try {
      const offer = { source: 'adzuna', sourceId: 'ROLLBACK', ...payloadOf({ id: 'ROLLBACK' }) };
      await expect(
        warehouse.transaction(async (tx) => {
          await tx.landOffers({ runId: 'run-x', seenAt: t0, offers: [offer] });
          await tx.putIngestState({
            source: 'adzuna',
            watermark: t1,
            lastRunId: 'run-x',
            lastSuccessRunId: null,
            lastSuccessAt: null,
            quota: null,
            updatedAt: t1,
          });
          throw new Error('crash inside the transaction');
        }),
      ).rejects.toThrow('crash inside');
      const rows = await warehouse.query(
        "SELECT COUNT(*) AS n FROM bronze.raw_offers WHERE source_id = 'ROLLBACK'",
      );
      expect(Number(rows[0]?.n)).toBe(0);
      expect(await warehouse.getIngestState('adzuna')).toBeUndefined();
      // Inside the work, the warehouse itself is off limits (it would wait for itself)...
      await expect(
        warehouse.transaction(async () => warehouse.query('SELECT 1 AS n')),
      ).rejects.toThrow(/use the transaction object/);
      // ...while other callers just wait for the transaction to end.
      let release: () => void = () => undefined;
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      const held = warehouse.transaction(
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
            started();
          }),
      );
      await running;
      const concurrent = warehouse.query('SELECT 1 AS n');
      release();
      await held;
      expect((await concurrent).map((row) => Number(row.n))).toEqual([1]);
    } finally {
      await warehouse.close();
    }
  });

  it('stores ingest state, runs, referentials and rejects', async () => {
    const warehouse = await open();
    try {
      await warehouse.putIngestState({
        source: 'adzuna',
        watermark: t0,
        lastRunId: 'r1',
        lastSuccessRunId: 'r1',
        lastSuccessAt: t0,
        quota: { day: { start: 't', count: 3 } },
        updatedAt: t0,
      });
      await warehouse.putIngestState({
        source: 'adzuna',
        watermark: t1,
        lastRunId: 'r2',
        lastSuccessRunId: 'r1',
        lastSuccessAt: t0,
        quota: { day: { start: 't', count: 4 } },
        updatedAt: t1,
      });
      expect(await warehouse.getIngestState('adzuna')).toEqual({
        source: 'adzuna',
        watermark: t1,
        lastRunId: 'r2',
        lastSuccessRunId: 'r1',
        lastSuccessAt: t0,
        quota: { day: { start: 't', count: 4 } },
        updatedAt: t1,
      });

      const run = {
        runId: 'r2',
        source: 'adzuna',
        startedAt: t0,
        finishedAt: null,
        status: 'running' as const,
        windowStart: t0,
        windowEnd: null,
        dryRun: false,
        counts: {},
        error: null,
      };
      await warehouse.recordRun(run);
      await warehouse.recordRun({
        ...run,
        finishedAt: t1,
        status: 'succeeded',
        counts: { fetched: 3 },
      });
      const runs = await warehouse.query<{ status: string }>(
        "SELECT status FROM bronze.ingest_runs WHERE run_id = 'r2'",
      );
      expect(runs).toEqual([{ status: 'succeeded' }]);

      const referential = (code: string, label: string) => ({
        source: 'rome',
        name: 'metiers',
        code,
        label,
        payload: JSON.stringify({ code, label }),
      });
      expect(
        await warehouse.upsertReferentials(
          [referential('A1101', 'old'), referential('A1201', 'b')],
          t0,
        ),
      ).toBe(2);
      await warehouse.upsertReferentials([referential('A1101', 'new')], t1);
      const labels = await warehouse.query<{ code: string; label: string }>(
        "SELECT code, label FROM bronze.raw_referentials WHERE name = 'metiers' ORDER BY code",
      );
      expect(labels).toEqual([
        { code: 'A1101', label: 'new' },
        { code: 'A1201', label: 'b' },
      ]);

      await warehouse.recordRejected([
        {
          source: 'adzuna',
          runId: 'r2',
          reason: 'missing-id',
          payload: '{"title":"x"}',
          rejectedAt: t1,
        },
      ]);
      const rejected = await warehouse.query<{ reason: string }>(
        'SELECT reason FROM bronze.rejected_offers',
      );
      expect(rejected).toEqual([{ reason: 'missing-id' }]);
    } finally {
      await warehouse.close();
    }
  });
}
