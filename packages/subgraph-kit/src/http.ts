import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  HeaderMap,
  type ApolloServer,
  type BaseContext,
  type HTTPGraphQLResponse,
} from '@apollo/server';
import type { Logger } from '@jobmarket/telemetry';
import type { ServiceMetrics } from './metrics.js';

/**
 * A small HTTP layer around Apollo Server on `node:http` (no framework): `/graphql`, `/healthz`,
 * `/readyz`, `/metrics`, a request size limit, security headers, optional CORS and extra routes.
 * The gateway and every subgraph use it.
 */

/** Thrown by a context builder to refuse a request with an HTTP status and a GraphQL-shaped error. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpRefusal';
  }
}

export interface ReadinessCheck {
  name: string;
  /** Resolves (optionally with a detail) when ready; throws when not. Bounded by `readinessTimeoutMs`. */
  check: () => Promise<unknown>;
}

export interface RequestInfo {
  req: IncomingMessage;
  url: URL;
  requestId: string;
  /** The TCP peer's address. */
  peerAddress: string;
}

/** Handles a route other than the built-in ones; returns true when it answered. */
export type Route = (info: RequestInfo, res: ServerResponse) => Promise<boolean> | boolean;

export interface HttpServiceOptions<C extends BaseContext> {
  name: string;
  logger: Logger;
  apollo: ApolloServer<C>;
  metrics: ServiceMetrics;
  context: (info: RequestInfo) => Promise<C>;
  graphqlPath?: string;
  readiness?: ReadinessCheck[];
  readinessTimeoutMs?: number;
  /** Largest accepted request body (100 KiB). */
  maxBodyBytes?: number;
  /** Headers added to every response (security headers). */
  headers?: Record<string, string>;
  /** Allowed browser origins for CORS; none by default (no CORS headers at all). */
  corsOrigins?: readonly string[];
  /** Tried in order before the 404, after the built-in routes. */
  routes?: Route[];
  /** Tried before `/graphql` (e.g. a browser GET of `/graphql` that should show the playground). */
  preRoutes?: Route[];
}

export interface HttpService {
  readonly server: Server;
  /** Starts Apollo and listens; port 0 picks a free port. */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), stops Apollo. */
  close(graceMs?: number): Promise<void>;
}

/** Headers that make sense on every JSON/HTML answer of every service. */
export const BASE_SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-site',
  'cross-origin-opener-policy': 'same-origin',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function graphqlError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
) {
  sendJson(res, status, { errors: [{ message, extensions: { ...extensions, code } }] }, headers);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs readiness checks in parallel; `ready` only if all pass. */
export async function runReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000) {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        const detail = await withTimeout(check(), timeoutMs);
        return [name, detail === undefined ? { ok: true } : { ok: true, detail }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const detail = (error as { detail?: unknown } | null)?.detail;
        const failed =
          detail === undefined
            ? { ok: false, error: message }
            : { ok: false, error: message, detail };
        return [name, failed] as const;
      }
    }),
  );
  const ready = results.every(([, result]) => result.ok);
  return { ready, checks: Object.fromEntries(results) };
}

function routeLabel(path: string, graphqlPath: string): string {
  if (path === graphqlPath || path === '/healthz' || path === '/readyz' || path === '/metrics')
    return path;
  return 'other';
}

export function createHttpService<C extends BaseContext>(
  options: HttpServiceOptions<C>,
): HttpService {
  const {
    logger,
    apollo,
    metrics,
    graphqlPath = '/graphql',
    readiness = [],
    readinessTimeoutMs = 2_000,
    maxBodyBytes = 100 * 1024,
    headers = BASE_SECURITY_HEADERS,
    corsOrigins = [],
    routes = [],
    preRoutes = [],
  } = options;
  const allowedOrigins = new Set(corsOrigins);
  let started = false;
  let stopping = false;

  const applyCors = (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins.has(origin)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-allow-credentials', 'true');
    return true;
  };

  const handleGraphql = async (info: RequestInfo, res: ServerResponse) => {
    const { req, url } = info;
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      graphqlError(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET or POST.', { allow: 'GET, POST' });
      return;
    }
    let body: unknown = undefined;
    if (method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          graphqlError(
            res,
            413,
            'PAYLOAD_TOO_LARGE',
            `The request body is larger than ${maxBodyBytes} bytes.`,
            { connection: 'close' },
          );
          return;
        }
        throw error;
      }
      const contentType = req.headers['content-type'] ?? '';
      if (contentType.includes('json')) {
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          graphqlError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
          return;
        }
      } else {
        body = text;
      }
    } else if (url.search.length > maxBodyBytes) {
      graphqlError(
        res,
        414,
        'URI_TOO_LONG',
        `The query string is longer than ${maxBodyBytes} bytes.`,
      );
      return;
    }

    let context: C;
    try {
      context = await options.context(info);
    } catch (error) {
      if (error instanceof HttpRefusal) {
        logger.warn(
          { requestId: info.requestId, reason: error.message, peer: info.peerAddress },
          'request refused',
        );
        graphqlError(res, error.status, error.code, error.message, error.headers, error.extensions);
        return;
      }
      throw error;
    }

    const headerMap = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headerMap.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response: HTTPGraphQLResponse = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers: headerMap, search: url.search, body },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    // Answers may hold personal data: no shared cache keeps them unless a cache hint said so.
    if (!response.headers.has('cache-control')) res.setHeader('cache-control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = process.hrtime.bigint();
    const requestId =
      typeof req.headers['x-request-id'] === 'string' &&
      /^[\w.-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const info: RequestInfo = { req, url, requestId, peerAddress: req.socket.remoteAddress ?? '' };
    for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
    res.setHeader('x-request-id', requestId);
    const route = routeLabel(url.pathname, graphqlPath);
    res.on('finish', () => {
      const status = String(res.statusCode);
      metrics.httpRequests.inc({ route, method: req.method ?? 'GET', status });
      metrics.httpDuration.observe({ route }, Number(process.hrtime.bigint() - startedAt) / 1e9);
    });

    const cors = applyCors(req, res);
    if (req.method === 'OPTIONS') {
      if (cors) {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader(
          'access-control-allow-headers',
          'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id',
        );
        res.setHeader('access-control-max-age', '600');
      }
      res.writeHead(cors ? 204 : 403).end();
      return;
    }

    try {
      if (url.pathname === '/healthz') {
        sendJson(res, stopping ? 503 : 200, {
          status: stopping ? 'stopping' : 'ok',
          service: options.name,
        });
        return;
      }
      if (url.pathname === '/readyz') {
        if (stopping || !started) {
          sendJson(res, 503, { status: stopping ? 'stopping' : 'starting', service: options.name });
          return;
        }
        const result = await runReadiness(readiness, readinessTimeoutMs);
        sendJson(res, result.ready ? 200 : 503, {
          status: result.ready ? 'ready' : 'not ready',
          service: options.name,
          checks: result.checks,
        });
        return;
      }
      if (url.pathname === '/metrics') {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
        return;
      }
      for (const route of preRoutes) if (await route(info, res)) return;
      if (url.pathname === graphqlPath) {
        await handleGraphql(info, res);
        return;
      }
      for (const route of routes) if (await route(info, res)) return;
      sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      logger.error({ err: error, requestId, path: url.pathname }, 'request failed');
      if (!res.headersSent)
        graphqlError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
      else res.end();
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  return {
    server,
    async listen(port, host = '0.0.0.0') {
      if (!started) {
        await apollo.start();
        started = true;
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      const url = `http://${shownHost}:${address.port}${graphqlPath}`;
      logger.info({ port: address.port, url }, `${options.name} listening`);
      return { url, port: address.port };
    },
    async close(graceMs = 10_000) {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last response goes out: close them as they do.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
      if (started) await apollo.stop();
    },
  };
}
