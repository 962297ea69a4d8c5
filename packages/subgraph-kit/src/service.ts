import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@jobmarket/telemetry';
import { createFormatError } from './format-error.js';
import {
  createHttpService,
  HttpRefusal,
  type HttpService,
  type ReadinessCheck,
  type RequestInfo,
} from './http.js';
import { verifyIdentity } from './identity.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { requestLogPlugin } from './request-log.js';
import { unauthenticated } from './errors.js';

/** What every subgraph resolver receives as context (a subgraph may extend it). */
export interface SubgraphContext {
  /** The user id verified by the gateway's signature, or null for an anonymous request. */
  userId: string | null;
  /** The end client's address (from the gateway's signed header, else the TCP peer). */
  clientAddress: string;
  /** Whether the identity came signed by the gateway. */
  viaGateway: boolean;
  requestId: string;
  logger: Logger;
}

/** The signed-in user's id, or UNAUTHENTICATED. */
export function requireUser(context: Pick<SubgraphContext, 'userId'>): string {
  if (!context.userId) throw unauthenticated();
  return context.userId;
}

export interface SubgraphServiceOptions<C extends SubgraphContext = SubgraphContext> {
  /** Short name: `users`, `offers`... (log `service` is `subgraph-<name>`). */
  name: string;
  schema: GraphQLSchema;
  logger: Logger;
  /** The HMAC secret shared with the gateway (INTERNAL_AUTH_SECRET). */
  internalAuthSecret: string;
  /** Refuse requests that do not come signed by the gateway (default false: unsigned = anonymous). */
  requireSignedIdentity?: boolean;
  /** How old a gateway signature may be (60 s). */
  identityMaxAgeMs?: number;
  /** Adds subgraph-specific things (loaders, the store...) to the base context. */
  extendContext?: (base: SubgraphContext) => C | Promise<C>;
  readiness?: ReadinessCheck[];
  metrics?: ServiceMetrics;
  /** Introspection (off in production by default). `_service { sdl }` works regardless. */
  introspection?: boolean;
  /** Stack traces in errors (NODE_ENV=development). */
  development?: boolean;
  maxBodyBytes?: number;
  plugins?: ApolloServerPlugin<C>[];
}

export interface SubgraphService extends HttpService {
  readonly apollo: ApolloServer<SubgraphContext>;
  readonly metrics: ServiceMetrics;
}

/** Apollo Server for a subgraph schema behind the kit's HTTP layer, with identity verification. */
export function createSubgraphService<C extends SubgraphContext = SubgraphContext>(
  options: SubgraphServiceOptions<C>,
): SubgraphService {
  const development = options.development ?? process.env.NODE_ENV === 'development';
  const metrics = options.metrics ?? createMetrics(`subgraph-${options.name}`);
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: development,
    formatError: createFormatError({ logger: options.logger, development }),
    allowBatchedHttpRequests: false,
    // Shutdown is ours (handleShutdown): Apollo's own handler would re-raise the signal mid-way.
    stopOnTerminationSignals: false,
    // No Apollo Studio traces in responses (the gateway does not use them; OpenTelemetry does that job).
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      metrics.apolloPlugin<C>(),
      requestLogPlugin<C>(options.logger),
      ...(options.plugins ?? []),
    ],
    logger: options.logger,
  });

  const context = async (info: RequestInfo): Promise<C> => {
    const verification = verifyIdentity(
      (name) => {
        const value = info.req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      },
      options.internalAuthSecret,
      {
        ...(options.identityMaxAgeMs === undefined ? {} : { maxAgeMs: options.identityMaxAgeMs }),
        requireSigned: options.requireSignedIdentity ?? false,
      },
    );
    if (!verification.ok)
      throw new HttpRefusal(401, 'UNAUTHENTICATED', `Refused: ${verification.reason}.`);
    const { identity, signed } = verification;
    const base: SubgraphContext = {
      userId: identity.userId,
      clientAddress: identity.clientAddress ?? info.peerAddress,
      viaGateway: signed,
      requestId: info.requestId,
      logger: options.logger.child({ requestId: info.requestId }),
    };
    return options.extendContext ? options.extendContext(base) : (base as C);
  };

  const http = createHttpService<C>({
    name: `subgraph-${options.name}`,
    logger: options.logger,
    apollo,
    metrics,
    context,
    readiness: options.readiness ?? [],
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  return { ...http, apollo: apollo as unknown as ApolloServer<SubgraphContext>, metrics };
}
