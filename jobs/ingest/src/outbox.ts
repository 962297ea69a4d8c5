/**
 * The outbox: events are written to bronze.offers_outbox in the transaction that lands their
 * rows, and published from there. A run killed before publishing leaves them pending; the next
 * run publishes them first. Event ids are derived from (source, id, payload hash), so a payload
 * version is enqueued, and so published, once.
 */
import type { Logger } from '@jobmarket/telemetry';
import type {
  LandedOffer,
  OutboxMessage,
  StoredOutboxMessage,
  Warehouse,
} from '@jobmarket/warehouse';
import { sha256Hex, type OfferSourceName } from './payload.js';

export const OFFERS_INGESTED_TOPIC = 'jobmarket.offers.ingested.v1';
export const OFFERS_INGESTED_DLQ_TOPIC = 'jobmarket.offers.ingested.v1.dlq';

/** Header carrying the outbox event id, so consumers can drop a redelivered copy. */
export const EVENT_ID_HEADER = 'x-event-id';
export const RUN_ID_HEADER = 'x-run-id';

export function offerIngestedMessage(
  offer: LandedOffer,
  runId: string,
  fetchedAt: Date,
): OutboxMessage {
  const key = `${offer.source}:${offer.sourceId}`;
  const eventId = sha256Hex(`${OFFERS_INGESTED_TOPIC}\n${key}\n${offer.payloadHash}`);
  return {
    eventId,
    topic: OFFERS_INGESTED_TOPIC,
    key,
    value: {
      source: offer.source,
      sourceId: offer.sourceId,
      payloadHash: offer.payloadHash,
      runId,
      fetchedAt: fetchedAt.toISOString(),
      change: offer.change,
    },
    headers: { [EVENT_ID_HEADER]: eventId, [RUN_ID_HEADER]: runId },
    runId,
    createdAt: fetchedAt,
  };
}

/**
 * A payload that could not be identified, for `jobmarket.offers.ingested.v1.dlq`. The value is a
 * DeadLetter (the schema of every DLQ); as no Kafka message existed yet, `source` names the topic
 * the offer would have gone to, with partition 0, offset "0" and the fetch time.
 */
export function rejectedOfferMessage(
  source: OfferSourceName,
  reason: string,
  payloadText: string,
  runId: string,
  fetchedAt: Date,
  topicName: string,
): OutboxMessage {
  const eventId = sha256Hex(`${OFFERS_INGESTED_DLQ_TOPIC}\n${source}\n${payloadText}`);
  const headers = {
    [EVENT_ID_HEADER]: eventId,
    [RUN_ID_HEADER]: runId,
    'x-ingest-source': source,
    'x-dlq-reason': `validation: ${reason}`.slice(0, 1_000),
  };
  return {
    eventId,
    topic: OFFERS_INGESTED_DLQ_TOPIC,
    key: `${source}:unidentified`,
    value: {
      error: { kind: 'validation', message: reason, attempts: 0 },
      source: {
        topic: topicName,
        partition: 0,
        offset: '0',
        timestamp: String(fetchedAt.getTime()),
      },
      payload: payloadText,
      payloadEncoding: 'utf8',
      headers,
      failedAt: fetchedAt.toISOString(),
      consumerGroup: 'ingest',
    },
    headers,
    runId,
    createdAt: fetchedAt,
  };
}

export interface OutgoingEvent {
  readonly key: string | null;
  readonly value: unknown;
  readonly headers: Record<string, string>;
}

/** Where outbox messages go (Kafka through @jobmarket/events; a fake in unit tests). */
export interface Publisher {
  /** Sends messages to `topic` (unprefixed name); resolves once the broker acknowledged them all. */
  send(topic: string, messages: readonly OutgoingEvent[]): Promise<void>;
  /**
   * The `x-event-id`s on `topic` written since the last call (the first call reads the whole
   * topic). Used after a crash between Kafka's acknowledgement and the outbox update, to mark what
   * already went out instead of sending it again. Optional: without it such messages are resent.
   */
  publishedEventIds?(topic: string): Promise<Set<string>>;
  close(): Promise<void>;
}

export interface PublishOptions {
  readonly warehouse: Warehouse;
  readonly publisher: Publisher;
  readonly logger: Logger;
  readonly batchSize?: number;
  /** Called after each batch is acknowledged and marked published (tests kill the job here). */
  readonly afterBatch?: (
    published: number,
    batch: readonly StoredOutboxMessage[],
  ) => Promise<void> | void;
  /** Called after a batch is acknowledged by Kafka, before it is marked published. */
  readonly beforeMark?: (batch: readonly StoredOutboxMessage[]) => Promise<void> | void;
  readonly onProgress?: (published: number) => void;
}

export interface PublishResult {
  readonly published: number;
  /** Per key prefix (`francetravail`, `adzuna`, `dlq`). */
  readonly bySource: Record<string, number>;
}

/** Publishes every pending outbox message, oldest first, in batches; marks each batch once acknowledged. */
export async function publishOutbox({
  warehouse,
  publisher,
  logger,
  batchSize = 1_000,
  afterBatch,
  beforeMark,
  onProgress,
}: PublishOptions): Promise<PublishResult> {
  let published = 0;
  const bySource: Record<string, number> = {};
  const inDoubt = await warehouse.inDoubtOutbox();
  if (inDoubt.length > 0 && publisher.publishedEventIds) {
    // The previous run died after sending these and before recording it: look on Kafka.
    const topics = new Map<string, Set<string>>();
    for (const message of inDoubt) {
      const ids = topics.get(message.topic) ?? new Set<string>();
      ids.add(message.eventId);
      topics.set(message.topic, ids);
    }
    const found: string[] = [];
    for (const [topic, ids] of topics) {
      const onKafka = await publisher.publishedEventIds(topic);
      for (const id of ids) if (onKafka.has(id)) found.push(id);
    }
    await warehouse.markPublished(found, new Date());
    logger.warn(
      {
        inDoubt: inDoubt.length,
        alreadyOnKafka: found.length,
        resent: inDoubt.length - found.length,
      },
      'reconciled outbox messages whose publishing was interrupted',
    );
  }
  for (;;) {
    const batch = await warehouse.pendingOutbox(batchSize);
    if (batch.length === 0) break;
    await warehouse.markSending(
      batch.map((message) => message.eventId),
      new Date(),
    );
    const byTopic = new Map<string, StoredOutboxMessage[]>();
    for (const message of batch) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    for (const [topic, messages] of byTopic) {
      await publisher.send(
        topic,
        messages.map((message) => ({
          key: message.key,
          value: message.value,
          headers: { ...(message.headers ?? {}), [EVENT_ID_HEADER]: message.eventId },
        })),
      );
    }
    await beforeMark?.(batch);
    await warehouse.markPublished(
      batch.map((message) => message.eventId),
      new Date(),
    );
    published += batch.length;
    for (const message of batch) {
      const prefix =
        message.topic === OFFERS_INGESTED_DLQ_TOPIC
          ? 'dlq'
          : (message.key?.split(':')[0] ?? 'unknown');
      bySource[prefix] = (bySource[prefix] ?? 0) + 1;
    }
    onProgress?.(published);
    logger.debug({ published }, 'outbox batch published');
    await afterBatch?.(published, batch);
  }
  return { published, bySource };
}
