#!/usr/bin/env node
/**
 * `npm run bench:ingest`: replay of 100 k offers (the recorded sample scaled up with distinct
 * ids by the sample generator) into a fresh DuckDB file and the local Kafka; then the same run
 * again (the no-op case). Prints offers/s landed, events/s published, peak RSS; last line JSON.
 * Options: --offers N (default 100000), --keep (keep the DuckDB file and the generated sample).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { commonEnv, loadConfigOrExit } from '@jobmarket/config';
import { createLogger } from '@jobmarket/telemetry';
import { openWarehouse } from '@jobmarket/warehouse';
import { createKafkaPublisher } from '../kafka-publisher.js';
import { sharedDataDir } from '../replay-dir.js';
import { runIngest, type IngestSummary } from '../run.js';
import { generateSample } from '../sample/generate.js';
import { replaySource } from '../sources/replay/source.js';

const { values } = parseArgs({
  options: {
    offers: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
  },
});
const offers = Number(values.offers);
const batchSize = Number(process.env.INGEST_BATCH_SIZE ?? 1_000);
const config = loadConfigOrExit(commonEnv);
const logger = createLogger({
  service: 'bench-ingest',
  level: config.logLevel === 'info' ? 'warn' : config.logLevel,
});
const say = (text: string) => process.stderr.write(`${text}\n`);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
sampler.unref();

const work = await mkdtemp(join(tmpdir(), 'jobmarket-bench-ingest-'));
const from = existsSync(join(sharedDataDir, 'francetravail')) ? sharedDataDir : undefined;
const sampleDir = join(work, 'sample');
let started = Date.now();
const sample = await generateSample({ out: sampleDir, offers, ...(from ? { from } : {}) });
say(
  `generated ${offers} offers (${sample.mode}${from ? ` from ${from}` : ''}) in ${Date.now() - started} ms`,
);

const url = `duckdb://${join(work, 'bench.duckdb')}`;
const topicPrefix = `bench-ingest-${Date.now().toString(36)}.`;
const rssBefore = process.memoryUsage().rss;

async function once(label: string): Promise<IngestSummary & { wallMs: number }> {
  const warehouse = await openWarehouse({ url, logger, purpose: 'bench:ingest' });
  const publisher = await createKafkaPublisher({
    brokers: config.kafkaBrokers,
    topicPrefix,
    logger,
    clientId: 'bench-ingest',
  });
  const begin = Date.now();
  try {
    const summary = await runIngest({
      sources: [replaySource({ dir: sampleDir, batchSize })],
      warehouse,
      publisher,
      logger,
      batchSize,
      progressEveryMs: 60_000,
    });
    const wallMs = Date.now() - begin;
    const memory = process.memoryUsage();
    say(
      `${label}: memory rss ${Math.round(memory.rss / 2 ** 20)} MB, heap ${Math.round(memory.heapUsed / 2 ** 20)} MB, external ${Math.round(memory.external / 2 ** 20)} MB`,
    );
    say(
      `${label}: fetched ${summary.fetched}, landed ${summary.landed}, unchanged ${summary.unchanged}, published ${summary.published} in ${wallMs} ms (land ${summary.landMs} ms, publish ${summary.publishMs} ms)`,
    );
    return { ...summary, wallMs };
  } finally {
    await publisher.close();
    await warehouse.close();
  }
}

started = Date.now();
const first = await once('first run');
const second = await once('no-op rerun');
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const perSecond = (count: number, ms: number) => (ms > 0 ? Math.round((count / ms) * 1000) : 0);
const result = {
  benchmark: 'ingest',
  offers,
  sampleMode: sample.mode,
  warehouse: 'duckdb',
  first: {
    landed: first.landed,
    published: first.published,
    wallMs: first.wallMs,
    landMs: first.landMs,
    publishMs: first.publishMs,
    offersLandedPerSecond: perSecond(first.landed, first.landMs),
    eventsPublishedPerSecond: perSecond(first.published, first.publishMs),
  },
  noopRerun: {
    landed: second.landed,
    published: second.published,
    unchanged: second.unchanged,
    wallMs: second.wallMs,
    offersCheckedPerSecond: perSecond(second.unchanged, second.landMs),
  },
  peakRssMb: Math.round(peakRss / 1024 / 1024),
  rssBeforeRunsMb: Math.round(rssBefore / 1024 / 1024),
  topicPrefix,
  ok:
    first.landed === offers &&
    first.published === offers &&
    second.landed === 0 &&
    second.published === 0,
};
if (!values.keep) await rm(work, { recursive: true, force: true });
else say(`kept ${work}`);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.ok ? 0 : 1);
