/**
 * `npm run demo`: the whole platform on one machine, embedded defaults, no credentials, on the
 * recorded real payloads (see scripts/src/platform.ts for the steps). Prints where everything is
 * and runs until SIGINT/SIGTERM, then stops everything it started (and nothing else).
 */
import { commonEnv, loadConfigOrExit } from '@jobmarket/config';
import { createLogger, handleShutdown } from '@jobmarket/telemetry';
import { startPlatform } from './platform.js';

const config = loadConfigOrExit(commonEnv);
const logger = createLogger({ service: 'demo', level: config.logLevel });
const shutdown = handleShutdown({ logger, timeoutMs: 60_000 });

try {
  const platform = await startPlatform({ logger, echo: true });
  shutdown.register('platform', () => platform.stop());
  const { gatewayUrl, mlflowUri, transform, retrain } = platform;
  process.stdout.write(
    [
      '',
      'JobMarket is running:',
      `  Web app     ${gatewayUrl}/`,
      `  GraphQL     ${gatewayUrl}/graphql (playground: ${gatewayUrl}/playground)`,
      `  Kafka       ${config.kafkaBrokers.join(',')} (topics: docs/events.md; read them: npm run example:consumer)`,
      `  MLflow      ${mlflowUri} (model jobmarket-reco, champion version ${String(retrain.champion)})`,
      '  PostgreSQL  npm run infra -- status',
      `  Data        recorded France Travail and Adzuna payloads (this run: transform ${String(transform.status)}, ${String(transform.offersCurated)} offers curated)`,
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
