import { readFileSync } from 'node:fs';
import { loadConfigOrExit } from '@jobmarket/config';
import {
  assertSecretLengths,
  createAccessTokenVerifier,
  introspectionEnabled,
} from '@jobmarket/subgraph-kit';
import { createLogger, handleShutdown } from '@jobmarket/telemetry';
import { SUBGRAPH_PORTS } from './compose.js';
import { gatewayEnv } from './config.js';
import { createGatewayService } from './gateway.js';

const config = loadConfigOrExit(gatewayEnv);
assertSecretLengths({
  INTERNAL_AUTH_SECRET: config.internalAuthSecret,
  AUTH_JWT_SECRET: config.jwtSecret,
});
const logger = createLogger({ service: 'gateway', level: config.logLevel });
const shutdown = handleShutdown({ logger });
try {
  if (!config.jwtSecret && !config.jwtPublicKey) {
    throw new Error('set AUTH_JWT_SECRET (or AUTH_JWT_PUBLIC_KEY) to verify access tokens');
  }
  const verifier = await createAccessTokenVerifier({
    secret: config.jwtSecret,
    publicKeyPem: config.jwtPublicKey,
  });
  const values = config as unknown as Record<string, unknown>;
  const subgraphUrls = Object.fromEntries(
    Object.keys(SUBGRAPH_PORTS).map((name) => [
      name,
      (values[`${name}Url`] as URL | undefined)?.href,
    ]),
  );
  const service = await createGatewayService({
    logger,
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    subgraphUrls,
    internalAuthSecret: config.internalAuthSecret,
    verifier,
    introspection: introspectionEnabled(config.introspection, config.nodeEnv),
    playground: introspectionEnabled(config.playground, config.nodeEnv),
    development: config.nodeEnv === 'development',
    corsOrigins: config.corsOrigins,
    maxQueryDepth: config.maxQueryDepth,
    maxQueryCost: config.maxQueryCost,
    maxQueryTokens: config.maxQueryTokens,
    maxBodyBytes: config.maxBodyBytes,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    trustProxyHops: config.trustProxyHops,
    webRoot: config.webRoot,
  });
  await service.listen(config.port, config.host);
  shutdown.register('http', () => service.close());
} catch (error) {
  logger.fatal({ err: error }, 'start-up failed');
  await shutdown.shutdown('start-up failed', 1);
}
