#!/usr/bin/env node
/**
 * Example consumer of `jobmarket.offers.curated.v1` for downstream teams (docs/events.md,
 * "Consuming curated offers"): plain kafkajs, no JobMarket library, so the same steps work with
 * any Kafka client.
 *
 *   1. Read the topic from the beginning. It is compacted, keyed by offer id: what is left is the
 *      latest value of every offer, so reading it through rebuilds the current state.
 *   2. A value is the CuratedOffer JSON (UTF-8); a null value (tombstone) means the offer closed:
 *      forget it. Check the `schema-version` header before trusting the shape.
 *   3. Once the high watermarks seen at the start are reached, the view is complete; then follow
 *      new messages (upsert by key, delete on tombstone: idempotent, as delivery is at least once).
 *
 * `npm run example:consumer [-- --follow]`: prints progress, then one JSON summary line.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import type { KafkaMessage } from 'kafkajs';

/** The fields this example uses; the full contract is the CuratedOffer JSON Schema. */
export interface CuratedOfferView {
  id: string;
  title: string;
  contract: { type: string };
  location: { departementCode: string | null; city: string | null };
  curatedAt: string;
}

export interface CuratedState {
  /** The open offers by id, as the topic says now. */
  readonly offers: Map<string, CuratedOfferView>;
  messages: number;
  tombstones: number;
  /** Values whose `schema-version` header this example does not know (skipped). */
  skipped: number;
}

/** The schema versions of the value this consumer understands. */
export const SUPPORTED_SCHEMA_VERSIONS = new Set(['1']);

/** Applies one message to the state: upsert on a value, delete on a tombstone. Idempotent. */
export function applyMessage(
  state: CuratedState,
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>,
): void {
  state.messages += 1;
  const key = message.key?.toString('utf8');
  if (!key) return;
  if (message.value === null) {
    state.tombstones += 1;
    state.offers.delete(key);
    return;
  }
  const version = message.headers?.['schema-version']?.toString();
  if (version !== undefined && !SUPPORTED_SCHEMA_VERSIONS.has(version)) {
    state.skipped += 1;
    return;
  }
  state.offers.set(key, JSON.parse(message.value.toString('utf8')) as CuratedOfferView);
}

export interface ReadOptions {
  readonly brokers: readonly string[];
  /** The Kafka topic name, with the environment prefix if any. */
  readonly topic: string;
  /** Keep following after the initial read, until `signal` aborts. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  readonly onCaughtUp?: (state: CuratedState) => void;
}

/**
 * Reads the curated topic from the beginning up to the high watermarks seen at the start (and on,
 * when following). A throwaway consumer group is used: a service keeping its own copy would use a
 * stable group id and rebuild from the beginning only when its store is empty.
 */
export async function readCuratedOffers(options: ReadOptions): Promise<CuratedState> {
  const kafka = new kafkajs.Kafka({
    clientId: 'curated-offers-example',
    brokers: [...options.brokers],
    logLevel: kafkajs.logLevel.ERROR,
  });
  const state: CuratedState = { offers: new Map(), messages: 0, tombstones: 0, skipped: 0 };
  const admin = kafka.admin();
  await admin.connect();
  const high = new Map<number, bigint>();
  try {
    for (const partition of await admin.fetchTopicOffsets(options.topic)) {
      high.set(partition.partition, BigInt(partition.high));
    }
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...high].filter(([, offset]) => offset > 0n).map(([p]) => p));
  const consumer = kafka.consumer({
    groupId: `curated-offers-example-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 500,
  });
  let caughtUp!: () => void;
  const done = new Promise<void>((resolve) => {
    caughtUp = resolve;
  });
  if (remaining.size === 0) caughtUp();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        applyMessage(state, message);
        if (
          remaining.has(partition) &&
          BigInt(message.offset) + 1n >= (high.get(partition) ?? 0n)
        ) {
          remaining.delete(partition);
          if (remaining.size === 0) caughtUp();
        }
      },
    });
    await done;
    options.onCaughtUp?.(state);
    if (options.follow) {
      await new Promise<void>((resolve) => {
        if (options.signal?.aborted) return resolve();
        options.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  } finally {
    await consumer.disconnect();
  }
  return state;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { follow: { type: 'boolean', default: false } },
    strict: true,
  });
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const topic = `${process.env.KAFKA_TOPIC_PREFIX ?? ''}jobmarket.offers.curated.v1`;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  const started = Date.now();
  const state = await readCuratedOffers({
    brokers,
    topic,
    follow: values.follow,
    signal: abort.signal,
    onCaughtUp: (s) =>
      process.stderr.write(
        `caught up: ${s.offers.size} open offers from ${s.messages} messages (${s.tombstones} tombstones)${values.follow ? '; following, Ctrl-C to stop' : ''}\n`,
      ),
  });
  const byContract: Record<string, number> = {};
  for (const offer of state.offers.values()) {
    byContract[offer.contract.type] = (byContract[offer.contract.type] ?? 0) + 1;
  }
  process.stdout.write(
    `${JSON.stringify({
      topic,
      openOffers: state.offers.size,
      messages: state.messages,
      tombstones: state.tombstones,
      skipped: state.skipped,
      byContract,
      durationMs: Date.now() - started,
    })}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
