#!/usr/bin/env node
/**
 * `npm run ingest -- --source francetravail|adzuna|replay[,...] [--dir DIR] [--since DATE]
 * [--until DATE] [--dry-run]`. Logs JSON lines while running; the last line is the one-line
 * JSON summary. Exit code: 0 when every source that ran succeeded (or was partial), 1 when a
 * source or the publishing failed, 2 on bad arguments, 78 when no source could run (configuration),
 * 143 when stopped by a signal.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@jobmarket/config';
import { createLogger, handleShutdown } from '@jobmarket/telemetry';
import { describeTarget, openWarehouse, parseWarehouseUrl } from '@jobmarket/warehouse';
import { ingestEnv } from './config.js';
import { createKafkaPublisher } from './kafka-publisher.js';
import type { Publisher } from './outbox.js';
import { resolveReplayDir } from './replay-dir.js';
import { newRunId, runIngest } from './run.js';
import { adzunaSource } from './sources/adzuna/source.js';
import { franceTravailSource } from './sources/francetravail/source.js';
import { replaySource } from './sources/replay/source.js';
import type { OfferSource } from './sources/types.js';

const USAGE = `usage: npm run ingest -- [--source francetravail|adzuna|replay[,...]] [--dir DIR] [--since DATE] [--until DATE] [--dry-run]
  --source   which sources to pull (default francetravail,adzuna); replay reads recorded payloads
  --dir      replay directory (default REPLAY_DIR, else ../shared/data, else a generated sample)
  --since    start of the creation-date window (ISO date or date-time; default: the last watermark)
  --until    end of the window (default now)
  --dry-run  fetch and count only: nothing is landed or published`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseDate(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) fail(`${flag} ${JSON.stringify(value)} is not a date`);
  return date;
}

let args;
try {
  args = parseArgs({
    options: {
      source: { type: 'string', multiple: true },
      dir: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const config = loadConfigOrExit(ingestEnv);
const logger = createLogger({ service: 'ingest', level: config.logLevel });
const requested = (args.source ?? ['francetravail,adzuna'])
  .flatMap((value) => value.split(','))
  .map((value) => value.trim())
  .filter(Boolean);
for (const name of requested) {
  if (!['francetravail', 'adzuna', 'replay'].includes(name))
    fail(`unknown source ${JSON.stringify(name)}`);
}
const since = parseDate(args.since, '--since');
const until = parseDate(args.until, '--until');
if (since && until && since >= until) fail('--since must be before --until');
const dryRun = args['dry-run'];

const sources: OfferSource[] = [];
for (const name of new Set(requested)) {
  if (name === 'francetravail') {
    sources.push(
      franceTravailSource({
        clientId: config.franceTravailClientId,
        clientSecret: config.franceTravailClientSecret,
        ...(config.franceTravailApiUrl ? { apiUrl: config.franceTravailApiUrl } : {}),
        ...(config.franceTravailTokenUrl ? { tokenUrl: config.franceTravailTokenUrl } : {}),
        ...(config.franceTravailScope ? { scope: config.franceTravailScope } : {}),
        ratePerSecond: config.franceTravailRateLimit,
      }),
    );
  } else if (name === 'adzuna') {
    sources.push(
      adzunaSource({
        appId: config.adzunaAppId,
        appKey: config.adzunaAppKey,
        ...(config.adzunaApiUrl ? { apiUrl: config.adzunaApiUrl } : {}),
        country: config.adzunaCountry,
        maxPages: config.adzunaMaxPages,
        quota: {
          perMinute: config.adzunaQuotaPerMinute,
          perDay: config.adzunaQuotaPerDay,
          perWeek: config.adzunaQuotaPerWeek,
          perMonth: config.adzunaQuotaPerMonth,
        },
      }),
    );
  } else {
    const dir = await resolveReplayDir({ dir: args.dir ?? config.replayDir, logger });
    sources.push(replaySource({ dir, batchSize: config.batchSize }));
  }
}

const runId = newRunId();
// Only a signal (SIGTERM from Kubernetes, Ctrl-C) ends the job through here: what was landed is
// committed, the rest is retried by the next run; the exit code says the run did not complete.
const shutdown = handleShutdown({
  logger,
  timeoutMs: 30_000,
  exit: (code) => {
    process.stdout.write(
      `${JSON.stringify({ source: requested.join(','), runId, status: 'interrupted' })}\n`,
    );
    process.exit(code === 0 ? 143 : code);
  },
});
let exitCode = 0;
try {
  const target = parseWarehouseUrl(config.warehouseUrl);
  logger.info(
    {
      runId,
      sources: sources.map((s) => s.name),
      warehouse: describeTarget(target),
      dryRun,
      since,
      until,
    },
    'ingest starting',
  );
  const warehouse = await openWarehouse({
    url: config.warehouseUrl,
    logger,
    purpose: `ingest ${runId}`,
  });
  shutdown.register('warehouse', () => warehouse.close());
  let publisher: Publisher | undefined;
  let publisherError: string | undefined;
  if (!dryRun) {
    try {
      publisher = await createKafkaPublisher({
        brokers: config.kafkaBrokers,
        topicPrefix: config.kafkaTopicPrefix,
        logger,
      });
      shutdown.register('kafka', () => publisher?.close());
    } catch (error) {
      publisherError = `Kafka unreachable: ${(error as Error).message}`;
      logger.error(
        { err: error, brokers: config.kafkaBrokers },
        'Kafka unreachable; landing anyway, events stay in the outbox',
      );
    }
  }
  const summary = await runIngest({
    sources,
    warehouse,
    publisher,
    publisherError,
    logger,
    dryRun,
    since,
    until,
    runId,
    batchSize: config.batchSize,
    topicName: `${config.kafkaTopicPrefix}jobmarket.offers.ingested.v1`,
  });
  await publisher?.close();
  await warehouse.close();
  shutdown.dispose();
  exitCode = summary.status === 'failed' ? 1 : summary.status === 'skipped' ? 78 : 0;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  logger.error({ err: error }, 'ingest failed');
  process.stdout.write(
    `${JSON.stringify({ source: requested.join(','), runId, status: 'failed', error: (error as Error).message })}\n`,
  );
  exitCode = 1;
}
process.exit(exitCode);
