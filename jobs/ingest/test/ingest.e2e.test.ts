/**
 * End to end on the real local Kafka and real DuckDB files: the recorded sample lands and is
 * announced once; a re-run is a no-op; a job killed (SIGKILL) after landing, mid-publish, or
 * between Kafka's ack and the outbox update loses nothing; bad payloads go to the DLQ.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaPublisher } from '../src/kafka-publisher.js';
import { EVENT_ID_HEADER } from '../src/outbox.js';
import { sharedDataDir } from '../src/replay-dir.js';
import { runIngest } from '../src/run.js';
import { replaySource } from '../src/sources/replay/source.js';
import { captureLogger, count, readTopic, tempDir, tempWarehouse } from './helpers.js';

const TOPIC = 'jobmarket.offers.ingested.v1';
const DLQ = 'jobmarket.offers.ingested.v1.dlq';
const TOTAL = 612 + 2_001;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const tmp = tempDir('jm-ingest-e2e-');
const { logger } = captureLogger('warn');

beforeAll(() => requireInfrastructure('kafka'));
afterAll(() => tmp.remove());

async function ingestInProcess(url: string, prefix: string, dir = sharedDataDir) {
  const { openWarehouse } = await import('@jobmarket/warehouse');
  const warehouse = await openWarehouse({ url });
  const publisher = await createKafkaPublisher({ brokers, topicPrefix: prefix, logger });
  try {
    return await runIngest({
      sources: [replaySource({ dir })],
      warehouse,
      publisher,
      logger,
      publishBatchSize: 500,
    });
  } finally {
    await publisher.close();
    await warehouse.close();
  }
}

/** Runs the replay in a child process that SIGKILLs itself at `crashAt`. */
function ingestChild(url: string, prefix: string, crashAt: string) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url))],
        {
          env: {
            ...process.env,
            TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
            WAREHOUSE_URL: url,
            KAFKA_TOPIC_PREFIX: prefix,
            KAFKA_BROKERS: brokers.join(','),
            REPLAY_DIR: sharedDataDir,
            PUBLISH_BATCH: '500',
            CRASH_AT: crashAt,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code, signal) => resolve({ code, signal, output }));
    },
  );
}

async function bronzeCounts(url: string) {
  const { openWarehouse } = await import('@jobmarket/warehouse');
  const warehouse = await openWarehouse({ url });
  try {
    return {
      rows: await count(warehouse, 'SELECT COUNT(*) AS n FROM bronze.raw_offers'),
      outbox: await count(warehouse, 'SELECT COUNT(*) AS n FROM bronze.offers_outbox'),
      pending: await warehouse.countPendingOutbox(),
    };
  } finally {
    await warehouse.close();
  }
}

function distinctEventIds(events: { headers: Record<string, string> }[]): number {
  return new Set(events.map((event) => event.headers[EVENT_ID_HEADER])).size;
}

describe('replay into DuckDB and Kafka', () => {
  it('lands the recorded sample and publishes one event per offer; a second run lands and publishes nothing', async () => {
    const prefix = uniqueName('ingest-e2e');
    const { url } = await tempWarehouse(tmp.dir, 'replay');
    const first = await ingestInProcess(url, prefix);
    expect(first).toMatchObject({
      status: 'succeeded',
      fetched: TOTAL,
      landed: TOTAL,
      unchanged: 0,
      published: TOTAL,
      failed: 0,
      pendingEvents: 0,
    });
    expect(first.sources.replay?.bySource).toEqual({
      francetravail: { fetched: 612, landed: 612, unchanged: 0 },
      adzuna: { fetched: 2_001, landed: 2_001, unchanged: 0 },
    });
    const events = await readTopic(prefix, TOPIC, logger);
    expect(events).toHaveLength(TOTAL);
    expect(new Set(events.map((event) => event.key)).size).toBe(TOTAL);
    expect(events[0]?.value).toMatchObject({ change: 'NEW', runId: first.runId });

    const second = await ingestInProcess(url, prefix);
    expect(second).toMatchObject({
      status: 'succeeded',
      fetched: TOTAL,
      landed: 0,
      unchanged: TOTAL,
      published: 0,
    });
    expect(await readTopic(prefix, TOPIC, logger)).toHaveLength(TOTAL);
    expect(await bronzeCounts(url)).toEqual({ rows: TOTAL, outbox: TOTAL, pending: 0 });
  });

  it('a job killed after landing, before publishing: the next run publishes the rest', async () => {
    const prefix = uniqueName('ingest-kill-landed');
    const { url } = await tempWarehouse(tmp.dir, 'kill-landed');
    const killed = await ingestChild(url, prefix, 'after-landing');
    expect(killed.signal).toBe('SIGKILL');
    expect(await bronzeCounts(url)).toEqual({ rows: TOTAL, outbox: TOTAL, pending: TOTAL });
    expect(await readTopic(prefix, TOPIC, logger)).toHaveLength(0);

    const next = await ingestInProcess(url, prefix);
    expect(next).toMatchObject({ landed: 0, unchanged: TOTAL, published: TOTAL, pendingEvents: 0 });
    const events = await readTopic(prefix, TOPIC, logger);
    expect(events).toHaveLength(TOTAL);
    expect(distinctEventIds(events)).toBe(TOTAL);
    expect(await bronzeCounts(url)).toEqual({ rows: TOTAL, outbox: TOTAL, pending: 0 });
  });

  it('a job killed mid-publish: the next run publishes exactly what was left', async () => {
    const prefix = uniqueName('ingest-kill-publish');
    const { url } = await tempWarehouse(tmp.dir, 'kill-publish');
    const killed = await ingestChild(url, prefix, 'after-publish-batch:2');
    expect(killed.signal).toBe('SIGKILL');
    expect(await bronzeCounts(url)).toEqual({ rows: TOTAL, outbox: TOTAL, pending: TOTAL - 1_000 });
    expect(await readTopic(prefix, TOPIC, logger)).toHaveLength(1_000);

    const next = await ingestInProcess(url, prefix);
    expect(next).toMatchObject({ landed: 0, published: TOTAL - 1_000, pendingEvents: 0 });
    const events = await readTopic(prefix, TOPIC, logger);
    expect(events).toHaveLength(TOTAL);
    expect(distinctEventIds(events)).toBe(TOTAL);
  });

  it('a job killed after Kafka acknowledged a batch but before the outbox recorded it: the next run finds it on Kafka, sends nothing twice', async () => {
    const prefix = uniqueName('ingest-kill-ack');
    const { url } = await tempWarehouse(tmp.dir, 'kill-ack');
    const killed = await ingestChild(url, prefix, 'before-mark:2');
    expect(killed.signal).toBe('SIGKILL');
    expect(await bronzeCounts(url)).toMatchObject({ rows: TOTAL, pending: TOTAL - 500 });
    expect(await readTopic(prefix, TOPIC, logger)).toHaveLength(1_000);

    const next = await ingestInProcess(url, prefix);
    // The 500 acknowledged but unrecorded messages are found on Kafka and marked, not resent.
    expect(next).toMatchObject({ landed: 0, published: TOTAL - 1_000, pendingEvents: 0 });
    const events = await readTopic(prefix, TOPIC, logger);
    expect(events).toHaveLength(TOTAL);
    expect(distinctEventIds(events)).toBe(TOTAL);
    expect(await bronzeCounts(url)).toEqual({ rows: TOTAL, outbox: TOTAL, pending: 0 });
  });
});

describe('bad input', () => {
  it('lands anything with an id byte for byte, sends what cannot be identified to the DLQ, once', async () => {
    const dir = join(tmp.dir, 'bad-input');
    mkdirSync(join(dir, 'francetravail'), { recursive: true });
    mkdirSync(join(dir, 'adzuna'), { recursive: true });
    const description = `<p>Poste <b>H/F</b> &amp; café ☕️ 😀 — Euros ï¿½ 1800,00 — ${'Lorem ipsum dolor sit amet. '.repeat(3_700)}`;
    const lines = [
      JSON.stringify({ id: 'HTML100K', intitule: 'Développeur <script>', description }),
      JSON.stringify({
        id: 'DRIFT01',
        salaire: [{ libelle: 'Selon profil' }],
        outilsBureautiques: 'Excel',
        nombrePostes: '2',
        lieuTravail: { latitude: '48.85' },
      }),
      JSON.stringify({ id: 5923102, intitule: 'Partner offer with a numeric id' }),
      JSON.stringify('just a string'),
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ intitule: 'no id at all' }),
      '{"id": "BROKEN", "intitule": ',
    ];
    writeFileSync(join(dir, 'francetravail', 'offers.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'adzuna', 'jobs.jsonl'),
      `${JSON.stringify({ __CLASS__: 'Adzuna::API::Response::Job', title: 'no id', company: { __CLASS__: 'Adzuna::API::Response::Company' } })}\n`,
    );
    expect(description.length).toBeGreaterThan(100_000);
    const prefix = uniqueName('ingest-bad');
    const { url } = await tempWarehouse(tmp.dir, 'bad');
    const first = await ingestInProcess(url, prefix, dir);
    expect(first).toMatchObject({ landed: 3, rejected: 5, failed: 5, published: 3 + 5 });

    const { openWarehouse } = await import('@jobmarket/warehouse');
    const warehouse = await openWarehouse({ url });
    try {
      const [row] = await warehouse.query<{ d: string }>(
        "SELECT payload->>'description' AS d FROM bronze.raw_offers WHERE source_id = 'HTML100K'",
      );
      expect(row?.d).toBe(description);
      const ids = (
        await warehouse.query<{ source_id: string }>(
          'SELECT source_id FROM bronze.raw_offers ORDER BY source_id',
        )
      ).map((r) => r.source_id);
      expect(ids).toEqual(['5923102', 'DRIFT01', 'HTML100K']);
      const reasons = (
        await warehouse.query<{ reason: string }>(
          'SELECT reason FROM bronze.rejected_offers ORDER BY reason',
        )
      ).map((r) => r.reason);
      expect(reasons).toEqual([
        'payload has no id',
        'payload has no id',
        'payload is a string, not an object',
        'payload is a string, not an object',
        'payload is an array, not an object',
      ]);
    } finally {
      await warehouse.close();
    }
    const dead = await readTopic(prefix, DLQ, logger);
    expect(dead).toHaveLength(5);
    expect(dead.map((event) => event.headers['x-dlq-reason']).sort()).toContain(
      'validation: payload has no id',
    );
    expect(
      dead.every((event) => (event.value as { consumerGroup: string }).consumerGroup === 'ingest'),
    ).toBe(true);

    const second = await ingestInProcess(url, prefix, dir);
    expect(second).toMatchObject({ landed: 0, rejected: 5, published: 0 });
    expect(await readTopic(prefix, DLQ, logger)).toHaveLength(5);
  });
});
