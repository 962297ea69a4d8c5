import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode, signIdentity } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import type { Counter } from 'prom-client';
import type { PlatformProbe } from './platform/probe.js';

/** What the gateway knows of the caller; built from the verified access token. */
export interface GatewayContext {
  userId: string | null;
  clientAddress: string;
  requestId: string;
  /** Answers `platformHealth` (the gateway's own subgraph). */
  platform?: PlatformProbe;
}

export interface SignedDataSourceOptions {
  name: string;
  url: string;
  internalAuthSecret: string;
  logger: Logger;
  timeoutMs: number;
  failures?: Counter<'subgraph' | 'reason'>;
}

/**
 * The gateway's request to one subgraph: adds the signed identity headers (user id and client
 * address, HMAC under INTERNAL_AUTH_SECRET), bounds the request in time, and turns a subgraph
 * that cannot be reached into a typed SERVICE_UNAVAILABLE error for the fields it owns, so the
 * other subgraphs' fields still come back.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly options: SignedDataSourceOptions;

  constructor(options: SignedDataSourceOptions) {
    const timeoutMs = options.timeoutMs;
    super({
      url: options.url,
      fetcher: ((input: string, init: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
    this.options = options;
  }

  override willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = signIdentity(
      { userId: context?.userId ?? null, clientAddress: context?.clientAddress ?? null },
      this.options.internalAuthSecret,
    );
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }

  override didEncounterError(
    error: Error,
    _request: unknown,
    response?: { status?: number },
  ): void {
    const status = response?.status;
    const reason =
      status !== undefined
        ? `http ${status}`
        : error.name === 'TimeoutError' || error.name === 'AbortError'
          ? 'timeout'
          : 'unreachable';
    this.options.failures?.inc({ subgraph: this.options.name, reason });
    const level = status === 401 || status === 403 ? 'error' : 'warn';
    this.options.logger[level](
      { subgraph: this.options.name, reason, err: { message: error.message, name: error.name } },
      status === 401
        ? 'subgraph refused the gateway signature: check INTERNAL_AUTH_SECRET'
        : 'subgraph request failed',
    );
    throw new GraphQLError(`The ${this.options.name} service is unavailable; try again shortly.`, {
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, serviceName: this.options.name },
    });
  }
}
