import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { Counter } from 'prom-client';
import {
  AccessTokenError,
  BASE_SECURITY_HEADERS,
  createFormatError,
  createHttpService,
  createMetrics,
  ErrorCode,
  HttpRefusal,
  requestLogPlugin,
  type AccessTokenVerifier,
  type HttpService,
  type RequestInfo,
  type Route,
  type ServiceMetrics,
} from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { SignedDataSource, type GatewayContext } from './datasource.js';
import { LIMIT_CODES, queryLimitsPlugin } from './limits.js';
import { PlatformProbe } from './platform/probe.js';
import { buildPlatformSchema, PLATFORM_SUBGRAPH } from './platform/schema.js';
import { playgroundRoute } from './playground.js';
import { webRootRoute } from './static.js';

export interface GatewayOptions {
  logger: Logger;
  supergraphSdl: string;
  /** Run-time URL of each subgraph by name; a subgraph left out keeps the supergraph's URL. */
  subgraphUrls?: Record<string, string | undefined>;
  internalAuthSecret: string;
  verifier: AccessTokenVerifier;
  introspection: boolean;
  playground: boolean;
  development?: boolean;
  corsOrigins?: readonly string[];
  maxQueryDepth?: number;
  maxQueryCost?: number;
  maxQueryTokens?: number;
  maxBodyBytes?: number;
  subgraphTimeoutMs?: number;
  trustProxyHops?: number;
  webRoot?: string | undefined;
  metrics?: ServiceMetrics;
}

/** Security headers of every gateway answer (the playground and the web app included). */
export const GATEWAY_SECURITY_HEADERS: Record<string, string> = {
  ...BASE_SECURITY_HEADERS,
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'permissions-policy': 'camera=(), microphone=(), payment=(), usb=()',
};

/** The end client's address: the TCP peer, or the X-Forwarded-For entry added by the nearest trusted proxy. */
export function clientAddressOf(info: RequestInfo, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const header = info.req.headers['x-forwarded-for'];
    const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const candidate = chain[chain.length - trustProxyHops];
    if (candidate && candidate.length <= 64) return candidate;
  }
  return info.peerAddress;
}

/** The subgraph names and URLs of a supergraph (its `join__Graph` enum values). */
export function supergraphSubgraphs(supergraphSdl: string): { name: string; url: string }[] {
  const result: { name: string; url: string }[] = [];
  const pattern = /@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g;
  for (const match of supergraphSdl.matchAll(pattern))
    result.push({ name: match[1] ?? '', url: match[2] ?? '' });
  return result;
}

export interface GatewayService extends HttpService {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly metrics: ServiceMetrics;
  /** Current API schema (after start). */
  schema(): GraphQLSchema | undefined;
}

export async function createGatewayService(options: GatewayOptions): Promise<GatewayService> {
  const { logger } = options;
  const development = options.development ?? false;
  const metrics = options.metrics ?? createMetrics('gateway');
  const failures = new Counter({
    name: 'gateway_subgraph_failures_total',
    help: 'Subgraph requests that failed (unreachable, timeout, http status).',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [metrics.registry],
  });
  // Remote subgraphs; the gateway's own `platform` subgraph runs in-process.
  const subgraphs = supergraphSubgraphs(options.supergraphSdl)
    .filter(({ name }) => name !== PLATFORM_SUBGRAPH)
    .map(({ name, url }) => ({ name, url: options.subgraphUrls?.[name] ?? url }));
  const urlOf = new Map(subgraphs.map((s) => [s.name, s.url]));
  const platformSchema = await buildPlatformSchema();
  const platform = new PlatformProbe({ subgraphs, showUrls: development });

  let apiSchema: GraphQLSchema | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name, url }) =>
      name === PLATFORM_SUBGRAPH
        ? new LocalGraphQLDataSource(platformSchema)
        : new SignedDataSource({
            name,
            url: urlOf.get(name) ?? url ?? '',
            internalAuthSecret: options.internalAuthSecret,
            logger,
            timeoutMs: options.subgraphTimeoutMs ?? 10_000,
            failures,
          }),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: development,
    formatError: createFormatError({
      logger,
      development,
      extraCodes: [LIMIT_CODES.tooDeep, LIMIT_CODES.tooCostly, ErrorCode.SERVICE_UNAVAILABLE],
    }),
    parseOptions: { maxTokens: options.maxQueryTokens ?? 5_000 },
    allowBatchedHttpRequests: false,
    // Shutdown is ours (handleShutdown): Apollo's own handler would re-raise the signal mid-way.
    stopOnTerminationSignals: false,
    plugins: [
      metrics.apolloPlugin<GatewayContext>(),
      requestLogPlugin<GatewayContext>(logger),
      queryLimitsPlugin<GatewayContext>({
        maxDepth: options.maxQueryDepth ?? 12,
        maxCost: options.maxQueryCost ?? 20_000,
      }),
    ],
  });

  const trustProxyHops = options.trustProxyHops ?? 0;
  const context = async (info: RequestInfo): Promise<GatewayContext> => {
    const clientAddress = clientAddressOf(info, trustProxyHops);
    const authorization = info.req.headers.authorization;
    if (!authorization) return { userId: null, clientAddress, requestId: info.requestId, platform };
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const refuse = (message: string, reason: string) =>
      new HttpRefusal(
        401,
        ErrorCode.UNAUTHENTICATED,
        message,
        { 'www-authenticate': 'Bearer' },
        { reason },
      );
    if (!token)
      throw refuse('The Authorization header must be "Bearer <access token>".', 'TOKEN_INVALID');
    try {
      const { userId } = await options.verifier.verify(token);
      return { userId, clientAddress, requestId: info.requestId, platform };
    } catch (error) {
      if (error instanceof AccessTokenError) {
        throw refuse(error.message, error.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
      }
      throw error;
    }
  };

  const routes: Route[] = [];
  const preRoutes: Route[] = [];
  if (options.playground) {
    routes.push(playgroundRoute(() => apiSchema));
    // A browser opening /graphql gets the playground.
    preRoutes.push(({ req, url }, res) => {
      if (url.pathname !== '/graphql' || req.method !== 'GET' || url.search) return false;
      if (!(req.headers.accept ?? '').includes('text/html')) return false;
      res.writeHead(302, { location: '/playground' }).end();
      return true;
    });
  }
  const web = webRootRoute(options.webRoot);
  if (web) routes.push(web);

  const readiness = subgraphs.map(({ name, url }) => ({
    name: `subgraph ${name}`,
    async check() {
      const health = new URL('/healthz', url);
      const response = await fetch(health, { signal: AbortSignal.timeout(1_500) });
      if (!response.ok) throw new Error(`${health.href} answered ${response.status}`);
      return { url: health.origin };
    },
  }));

  const http = createHttpService<GatewayContext>({
    name: 'gateway',
    logger,
    apollo,
    metrics,
    context,
    readiness,
    headers: GATEWAY_SECURITY_HEADERS,
    corsOrigins: options.corsOrigins ?? [],
    maxBodyBytes: options.maxBodyBytes ?? 100 * 1024,
    routes,
    preRoutes,
  });
  logger.info({ subgraphs }, 'gateway subgraphs');
  return { ...http, apollo, metrics, schema: () => apiSchema };
}
