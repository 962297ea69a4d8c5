import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from './store.js';

/** Label values a client can influence are capped, so a client cannot blow up the series count. */
const MAX_OPERATION_NAMES = 200;

export interface ServiceMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route'>;
  readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation' | 'type'>;
  readonly graphqlErrors: Counter<'code'>;
  /** An Apollo Server plugin that records every operation's duration, outcome and error codes. */
  apolloPlugin<C extends BaseContext>(): ApolloServerPlugin<C>;
  /** Publishes the store's pool usage as `store_pool_connections{state}`. */
  observeStore(store: Store): void;
  /** `operation` as a label value: the client's name if seen before or still room, else `other`. */
  operationLabel(name: string | null | undefined): string;
}

/** The Prometheus metrics of one service, in its own registry (served at `/metrics`). */
export function createMetrics(service: string, { defaultMetrics = true } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaultMetrics) collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome (ok, error).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration by name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned to clients, by code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });

  const seen = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    const label = name.slice(0, 64);
    if (seen.has(label)) return label;
    if (seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(label);
    return label;
  };

  const stores: Store[] = [];
  new Gauge({
    name: 'store_pool_connections',
    help: 'Store connections by state (total, idle, waiting, max).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const store of stores) {
        const stats = store.poolStats();
        this.inc({ state: 'total' }, stats.total);
        this.inc({ state: 'idle' }, stats.idle);
        this.inc({ state: 'waiting' }, stats.waiting);
        this.inc({ state: 'max' }, stats.max);
      }
    },
  });

  return {
    registry,
    httpRequests,
    httpDuration,
    graphqlOperations,
    graphqlDuration,
    graphqlErrors,
    operationLabel,
    observeStore(store) {
      stores.push(store);
    },
    apolloPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
      return {
        async requestDidStart() {
          const started = process.hrtime.bigint();
          return {
            async willSendResponse({ request, operation, errors, response }) {
              const seconds = Number(process.hrtime.bigint() - started) / 1e9;
              const operationName = operationLabel(request.operationName ?? operation?.name?.value);
              const type = operation?.operation ?? 'unknown';
              const body = response.body;
              const resultErrors =
                errors ?? (body.kind === 'single' ? body.singleResult.errors : undefined) ?? [];
              graphqlDuration.observe({ operation: operationName, type }, seconds);
              graphqlOperations.inc({
                operation: operationName,
                type,
                outcome: resultErrors.length ? 'error' : 'ok',
              });
              for (const error of resultErrors) {
                const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
                graphqlErrors.inc({
                  code: typeof code === 'string' ? code.slice(0, 40) : 'UNKNOWN',
                });
              }
            },
          };
        },
      };
    },
  };
}
