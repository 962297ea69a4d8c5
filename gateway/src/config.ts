import { resolve } from 'node:path';
import { commonEnv, env } from '@jobmarket/config';
import {
  accessTokenEnv,
  introspectionVariable,
  nodeEnvVariable,
  secretVariable,
} from '@jobmarket/subgraph-kit';
import { repositoryRoot, SUBGRAPH_PORTS, subgraphUrlVariable } from './compose.js';

/** Every variable the gateway reads (see .env.example). */
export const gatewayEnv = {
  logLevel: commonEnv.logLevel,
  port: env.port('PORT', { default: 4000 }),
  host: env.string('HOST', { default: '0.0.0.0' }),
  nodeEnv: nodeEnvVariable,
  introspection: introspectionVariable,
  playground: env.oneOf('PLAYGROUND', ['auto', 'true', 'false'], {
    default: 'auto',
    description: 'the offline GraphiQL at /playground; auto: on unless NODE_ENV=production',
  }),
  supergraphPath: env.string('SUPERGRAPH_PATH', {
    default: resolve(repositoryRoot, 'gateway/supergraph.graphql'),
  }),
  internalAuthSecret: secretVariable(
    'INTERNAL_AUTH_SECRET',
    'HMAC key shared by the gateway and the subgraphs',
  ),
  ...accessTokenEnv,
  corsOrigins: env.list('CORS_ORIGINS', {
    default: [],
    description: 'browser origins allowed to call /graphql, e.g. http://localhost:5173',
  }),
  maxQueryDepth: env.integer('MAX_QUERY_DEPTH', { default: 12, min: 2, max: 100 }),
  maxQueryCost: env.integer('MAX_QUERY_COST', { default: 20_000, min: 10, max: 10_000_000 }),
  maxQueryTokens: env.integer('MAX_QUERY_TOKENS', { default: 5_000, min: 100, max: 1_000_000 }),
  maxBodyBytes: env.integer('MAX_BODY_BYTES', {
    default: 100 * 1024,
    min: 1024,
    max: 10 * 1024 * 1024,
  }),
  subgraphTimeoutMs: env.integer('SUBGRAPH_TIMEOUT_MS', {
    default: 10_000,
    min: 100,
    max: 120_000,
  }),
  trustProxyHops: env.integer('TRUST_PROXY_HOPS', {
    default: 0,
    min: 0,
    max: 10,
    description:
      'proxies in front of the gateway whose X-Forwarded-For entries are trusted for the client address',
  }),
  webRoot: env.string('WEB_ROOT', {
    default: resolve(repositoryRoot, 'frontend/dist'),
    description: "the web app's static build, served at / when the directory exists",
  }),
  ...Object.fromEntries(
    Object.keys(SUBGRAPH_PORTS).map((name) => [
      `${name}Url`,
      env.url(subgraphUrlVariable(name), {
        protocols: ['http:', 'https:'],
        optional: true,
        description: `the ${name} subgraph; its URL in the supergraph when unset`,
      }),
    ]),
  ),
};
