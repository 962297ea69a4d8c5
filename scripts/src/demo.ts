/**
 * `npm run demo`: the whole platform on one machine, embedded defaults, no credentials.
 * Starts the local engines, prepares the Kafka topics, prints where everything is, and keeps
 * running until SIGINT/SIGTERM, when it stops everything it started (and nothing else).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonEnv, loadConfigOrExit } from '@jobmarket/config';
import { createEventBus } from '@jobmarket/events';
import { createLogger, handleShutdown } from '@jobmarket/telemetry';
import { repositoryRoot, runCommand } from './processes.js';

const config = loadConfigOrExit(commonEnv);
const logger = createLogger({ service: 'demo', level: config.logLevel });
const shutdown = handleShutdown({ logger, timeoutMs: 60_000 });

const scratch = mkdtempSync(join(tmpdir(), 'jobmarket-demo-'));
const startedFile = join(scratch, 'started-engines');

shutdown.register('local engines', async () => {
  await runCommand('bash', ['scripts/infra/infra.sh', 'down', '--started-file', startedFile], {
    echo: true,
  });
  rmSync(scratch, { recursive: true, force: true });
});

try {
  await runCommand('bash', ['scripts/infra/infra.sh', 'up', '--started-file', startedFile], {
    echo: true,
  });

  const bus = createEventBus({
    brokers: config.kafkaBrokers,
    clientId: 'demo',
    topicPrefix: config.kafkaTopicPrefix,
    logger,
  });
  await bus.provisionTopics();
  await bus.disconnect();
  logger.info({ repositoryRoot }, 'topics provisioned');

  // The data pipeline on the recorded real payloads: ingest (replay) lands them in the warehouse
  // and emits offers.ingested; transform runs dbt and publishes the curated offers.
  const summaryOf = (output: string) =>
    JSON.parse(output.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  const ingest = summaryOf(
    await runCommand('node', ['jobs/ingest/dist/cli.js', '--source', 'replay']),
  );
  logger.info({ landed: ingest.landed, published: ingest.published }, 'ingest (replay) done');
  // Models go to the MLflow server infra.sh started (jobs/retrain, docs/recommendations.md).
  const mlflowUri =
    process.env.MLFLOW_TRACKING_URI ??
    (await runCommand('bash', ['scripts/infra/mlflow.sh', 'url'])).trim();
  const withMlflow = { env: { ...process.env, MLFLOW_TRACKING_URI: mlflowUri } };
  const transform = summaryOf(await runCommand('node', ['jobs/transform/dist/cli.js'], withMlflow));
  logger.info(
    {
      offersCurated: transform.offersCurated,
      tombstones: transform.tombstones,
      dbt: transform.dbt,
    },
    'transform done',
  );
  // The first model (or a better one): trained from the warehouse, evaluated on a frozen window,
  // registered in MLflow, promoted when it beats the champion, announced on models.published.
  const retrain = summaryOf(await runCommand('node', ['jobs/retrain/dist/cli.js'], withMlflow));
  const model = retrain.model as { version?: string } | null;
  logger.info(
    {
      status: retrain.status,
      reason: retrain.reason,
      version: model?.version,
      champion: retrain.champion,
    },
    'retrain done',
  );
  if (retrain.promoted === true) {
    // A new ROME classifier: offers without a code (Adzuna) get its predictions, republished.
    const recoded = summaryOf(
      await runCommand('node', ['jobs/transform/dist/cli.js', '--rebuild'], withMlflow),
    );
    logger.info(
      { romePredicted: recoded.romePredicted, offersCurated: recoded.offersCurated },
      'transform with the new ROME classifier done',
    );
  }

  process.stdout.write(
    [
      '',
      'JobMarket is running:',
      `  Kafka      ${config.kafkaBrokers.join(',')} (topics provisioned, see docs/events.md)`,
      '  PostgreSQL see the infra lines above (npm run infra -- status)',
      '  MLflow     http://127.0.0.1:5000',
      `  Offers     transform ${String(transform.status)}: ${String(transform.offersCurated)} curated offers published this run to jobmarket.offers.curated.v1 (see them: npm run example:consumer)`,
      `  Model      ${String(retrain.status)}: champion version ${String(retrain.champion)} of jobmarket-reco in MLflow (${mlflowUri}/#/models/jobmarket-reco)`,
      '',
      'Press Ctrl-C to stop everything the demo started.',
      '',
    ].join('\n'),
  );
  // Signal handlers alone do not keep Node running; this timer does, until shutdown exits.
  setInterval(() => undefined, 60_000);
} catch (error) {
  logger.error({ err: error }, 'demo failed');
  await shutdown.shutdown('demo failed', 1);
}
