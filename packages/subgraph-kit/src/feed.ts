import { Gauge, Counter } from 'prom-client';
import type { Logger } from '@jobmarket/telemetry';
import type { ReadinessCheck } from './http.js';
import type { ServiceMetrics } from './metrics.js';
import type { Queryable, Store } from './store.js';

/** The curated-offers topic every read model is fed from. */
export const CURATED_TOPIC = 'jobmarket.offers.curated.v1' as const;

/** A curated event as the feed's handler sees it (the shape of @jobmarket/events' ConsumedEvent). */
export interface CuratedEvent<T> {
  readonly key: string;
  /** The curated offer, or null for a tombstone (the offer closed). */
  readonly value: T | null;
  readonly partition: number;
  readonly offset: string;
}

export interface FeedConsumer {
  run(): Promise<void>;
  stop(): Promise<void>;
  lag(): Promise<{ total: number; caughtUp: boolean }>;
  isRunning(): boolean;
}

/**
 * What the feed needs of the event bus: `createEventBus(...)` from @jobmarket/events fits (kept
 * structural so the kit does not depend on the Kafka client).
 */
export interface CuratedEventSource<T> {
  consumer(options: {
    groupId: string;
    topics: readonly [typeof CURATED_TOPIC];
    fromBeginning?: boolean;
    handler: (event: CuratedEvent<T>) => Promise<void>;
  }): FeedConsumer;
}

export interface ReadModelFeedOptions<T> {
  bus: CuratedEventSource<T>;
  /** Consumer group, one per subgraph: `subgraph-offers`, `subgraph-skills`... */
  groupId: string;
  store: Store;
  logger: Logger;
  metrics?: ServiceMetrics;
  /** Inserts or replaces the offer (keyed by id); runs in a transaction; must be idempotent. */
  upsert: (tx: Queryable, id: string, offer: T) => Promise<void>;
  /** Deletes the offer and what hangs off it; runs in a transaction; a missing id is fine. */
  remove: (tx: Queryable, id: string) => Promise<void>;
  /** Readiness fails while more than this many messages are pending (default 500). */
  maxLag?: number;
  /** How often the lag gauge is refreshed (default 15 s); 0 turns the poll off. */
  lagPollMs?: number;
}

export interface ReadModelFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Messages the group has not committed yet (from the cluster). */
  lag(): Promise<number>;
  /** Counts since start. */
  stats(): { upserts: number; deletes: number; lastEventAt: Date | null; lastLag: number | null };
  /** For /readyz: the consumer runs and its lag is within `maxLag`. */
  readiness: ReadinessCheck;
}

/**
 * Keeps a subgraph's read model fed from `offers.curated`: each event is applied in its own store
 * transaction (upsert, or delete for a tombstone) before the consumer commits its offset, so a
 * redelivery after a crash is harmless. The lag is a Prometheus gauge (`read_model_lag`) and part
 * of /readyz.
 */
export function createReadModelFeed<T>(options: ReadModelFeedOptions<T>): ReadModelFeed {
  const { store, logger, maxLag = 500, lagPollMs = 15_000 } = options;
  const counts = {
    upserts: 0,
    deletes: 0,
    lastEventAt: null as Date | null,
    lastLag: null as number | null,
  };
  const registers = options.metrics ? [options.metrics.registry] : [];
  const lagGauge = new Gauge({
    name: 'read_model_lag',
    help: 'Curated-offer messages not yet applied to the read model (consumer group lag).',
    labelNames: ['group'] as const,
    registers,
  });
  const applied = new Counter({
    name: 'read_model_events_total',
    help: 'Curated-offer events applied to the read model, by kind (upsert, delete).',
    labelNames: ['group', 'kind'] as const,
    registers,
  });

  const consumer = options.bus.consumer({
    groupId: options.groupId,
    topics: [CURATED_TOPIC],
    fromBeginning: true,
    handler: async (event) => {
      if (event.value === null) {
        await store.transaction((tx) => options.remove(tx, event.key));
        counts.deletes += 1;
        applied.inc({ group: options.groupId, kind: 'delete' });
      } else {
        const offer = event.value;
        await store.transaction((tx) => options.upsert(tx, event.key, offer));
        counts.upserts += 1;
        applied.inc({ group: options.groupId, kind: 'upsert' });
      }
      counts.lastEventAt = new Date();
    },
  });

  let poll: NodeJS.Timeout | undefined;
  const lag = async () => {
    const { total } = await consumer.lag();
    counts.lastLag = total;
    lagGauge.set({ group: options.groupId }, total);
    return total;
  };

  return {
    async start() {
      await consumer.run();
      logger.info({ group: options.groupId }, 'read model feed started');
      if (lagPollMs > 0) {
        poll = setInterval(() => {
          lag().catch((error: unknown) =>
            logger.warn({ err: error }, 'could not read the consumer lag'),
          );
        }, lagPollMs);
        poll.unref();
      }
    },
    async stop() {
      if (poll) clearInterval(poll);
      await consumer.stop();
    },
    lag,
    stats: () => ({ ...counts }),
    readiness: {
      name: 'read-model',
      async check() {
        const where = { group: options.groupId, topic: CURATED_TOPIC };
        if (!consumer.isRunning()) {
          throw Object.assign(new Error('the curated-offers consumer is not running'), {
            detail: where,
          });
        }
        const total = await lag();
        if (total > maxLag) {
          throw Object.assign(
            new Error(`read model is ${total} messages behind (bound ${maxLag})`),
            {
              detail: { ...where, lag: total },
            },
          );
        }
        return { ...where, lag: total };
      },
    },
  };
}
