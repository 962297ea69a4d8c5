#!/usr/bin/env node
/**
 * `npm run retrain [-- --force]`: one retrain run (see run.ts and docs/recommendations.md). Logs
 * JSON lines while running (training progress: epochs, loss, ETA); the last line is the one-line
 * JSON summary. Exit code 0 when the run trained, found nothing to do or found the same data
 * again; 1 when it failed; 2 on bad arguments; 78 on bad configuration.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@jobmarket/config';
import { createEventBus } from '@jobmarket/events';
import { openModelRegistry } from '@jobmarket/model-registry';
import { createLogger } from '@jobmarket/telemetry';
import { describeTarget, parseWarehouseUrl } from '@jobmarket/warehouse';
import { retrainEnv } from './config.js';
import { runRetrain } from './run.js';

const USAGE = `usage: npm run retrain -- [--force] [--seed N]
  --force   train even without a warehouse refresh or enough new offers since the last version
            (the same data, seed and trainer still give no new version)
  --seed N  training seed (default RETRAIN_SEED, 42)`;

let args;
try {
  args = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      seed: { type: 'string' },
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
if (args.seed !== undefined && !/^\d+$/.test(args.seed)) {
  process.stderr.write(`--seed expects a non-negative integer\n${USAGE}\n`);
  process.exit(2);
}

const config = loadConfigOrExit(retrainEnv);
const logger = createLogger({ service: 'retrain', level: config.logLevel });
let registry;
try {
  registry = openModelRegistry({
    trackingUri: config.mlflowTrackingUri,
    dataDir: config.dataDir,
    experimentName: config.experimentName,
  });
} catch (error) {
  process.stderr.write(`Invalid configuration:\n  - ${(error as Error).message}\n`);
  process.exit(78);
}
logger.info(
  {
    warehouse: describeTarget(parseWarehouseUrl(config.warehouseUrl)),
    registry: `${registry.kind} ${registry.location}`,
    model: config.modelName,
    brokers: config.kafkaBrokers,
  },
  'retrain starting',
);

const bus = createEventBus({
  brokers: config.kafkaBrokers,
  clientId: 'retrain',
  topicPrefix: config.kafkaTopicPrefix,
  logger,
});
let exitCode = 1;
try {
  const summary = await runRetrain({
    bus,
    warehouseUrl: config.warehouseUrl,
    registry,
    modelName: config.modelName,
    logger,
    seed: args.seed !== undefined ? Number(args.seed) : config.seed,
    minNewOffers: config.minNewOffers,
    force: args.force,
    evaluationFraction: config.evaluationFraction / 100,
    resamples: config.resamples,
    groupId: config.groupId,
    ...(config.romeReferentialDir ? { romeReferentialDir: config.romeReferentialDir } : {}),
  });
  exitCode = summary.status === 'failed' ? 1 : 0;
  await bus.disconnect().catch(() => undefined);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  logger.fatal({ err: error }, 'retrain crashed');
  await bus.disconnect().catch(() => undefined);
}
process.exit(exitCode);
