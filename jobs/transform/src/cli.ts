#!/usr/bin/env node
/**
 * `npm run transform [-- --full-refresh]`: one transform run (see run.ts). Logs JSON lines while
 * running; the last line is the one-line JSON summary. Exit code 0 when the run succeeded or had
 * nothing to do, 1 when it failed (dbt, Kafka or the warehouse; nothing was committed), 2 on bad
 * arguments, 78 on bad configuration.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@jobmarket/config';
import { createEventBus } from '@jobmarket/events';
import { createLogger } from '@jobmarket/telemetry';
import { describeTarget, parseWarehouseUrl } from '@jobmarket/warehouse';
import { repositoryRoot, transformEnv } from './config.js';
import { resolveDbtBin } from './dbt.js';
import { loadRegistryClassifier } from './rome-classifier.js';
import { runTransform } from './run.js';

const USAGE = `usage: npm run transform -- [--full-refresh] [--rebuild]
  --full-refresh  rebuild dbt's incremental models from bronze (after a model change)
  --rebuild       run dbt and publish even when no offers.ingested event is pending (e.g. after a
                  new ROME classifier: offers without a code get its predictions)`;

let args;
try {
  args = parseArgs({
    options: {
      'full-refresh': { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const config = loadConfigOrExit(transformEnv);
const logger = createLogger({ service: 'transform', level: config.logLevel });
const target = parseWarehouseUrl(config.warehouseUrl);
logger.info(
  { warehouse: describeTarget(target), brokers: config.kafkaBrokers },
  'transform starting',
);

let bin: string;
try {
  bin = await resolveDbtBin(config.dbtBin, repositoryRoot);
} catch (error) {
  logger.fatal({ err: error }, 'dbt not found');
  process.exit(78);
}

const bus = createEventBus({
  brokers: config.kafkaBrokers,
  clientId: 'transform',
  topicPrefix: config.kafkaTopicPrefix,
  logger,
});
const classifier = config.romeClassifier
  ? await loadRegistryClassifier({
      trackingUri: config.mlflowTrackingUri,
      dataDir: config.dataDir,
      modelName: config.modelName,
      logger,
    })
  : null;
let exitCode = 1;
try {
  const summary = await runTransform({
    bus,
    warehouseUrl: config.warehouseUrl,
    dbt: { bin, projectDir: config.dbtProjectDir, threads: config.dbtThreads },
    logger,
    groupId: config.groupId,
    maxEvents: config.maxEvents,
    publishBatchSize: config.publishBatchSize,
    fullRefresh: args['full-refresh'],
    rebuild: args.rebuild,
    ...(classifier ? { classifier } : {}),
  });
  exitCode = summary.status === 'failed' ? 1 : 0;
  await classifier?.close().catch(() => undefined);
  await bus.disconnect().catch(() => undefined);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  logger.fatal({ err: error }, 'transform crashed');
  await bus.disconnect().catch(() => undefined);
}
process.exit(exitCode);
