/**
 * The streaming consumer services run: at-least-once, one message at a time per partition.
 *
 * For each message: parse (failure → DLQ `deserialization`), validate (failure → DLQ
 * `validation`), run the handler in the message's trace context, retrying with exponential
 * backoff; after `maxAttempts` failures the message goes to the DLQ (`handler`) and consumption
 * goes on. An offset is committed only once its message was handled or dead-lettered, so a
 * consumer that dies mid-way gets the uncommitted messages again: handlers must be idempotent.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { ConsumerStateError, KafkaOperationError } from '../errors.js';
import type { TopicKey } from '../topics.js';
import { kafkaCall, kafkaError, type KafkaContext } from './client.js';
import { sendToDeadLetters } from './dead-letter.js';
import { extractContext } from './headers.js';
import { decodeMessage, type EventOf } from './incoming.js';
import { partitionLag, type ConsumerLag } from './lag.js';
import { createRawProducer, tracer } from './producer.js';

export interface ConsumerOptions<K extends TopicKey> {
  /** Consumer group id; the bus's topic prefix is put in front of it too. */
  readonly groupId: string;
  readonly topics: readonly K[];
  /** Where a group without committed offsets starts: the beginning (default) or only new messages. */
  readonly fromBeginning?: boolean;
  /** Handler attempts before a message goes to the DLQ (default 3). */
  readonly maxAttempts?: number;
  /** Wait before the first retry, doubled at each further one (default 200 ms, capped at 30 s). */
  readonly retryBackoffMs?: number;
  /** Validate keys and values (default true). Only the benchmark turns it off. */
  readonly validate?: boolean;
  /** Partitions processed at the same time (default 1: one message at a time). */
  readonly concurrency?: number;
  /** Commit at least this often within a long batch (default 1000 ms); always at the end of a batch. */
  readonly commitIntervalMs?: number;
  /** Group session timeout (default 30 s; the broker's minimum is usually 6 s). */
  readonly sessionTimeoutMs?: number;
  /** Longest a fetch waits for new messages (default 1 s); stop() may wait this long. */
  readonly maxWaitTimeMs?: number;
  readonly handler: (event: EventOf<K>) => Promise<void> | void;
}

export interface EventConsumer {
  /** Joins the group and starts consuming; resolves once consuming has started. */
  run(): Promise<void>;
  /** Finishes the message in hand, commits, leaves the group and disconnects. Idempotent. */
  stop(): Promise<void>;
  /** Committed offset, high watermark and lag of every partition, from the cluster. */
  lag(): Promise<ConsumerLag>;
  /** True when the group's committed offsets reach the high watermarks (for /readyz). */
  caughtUp(): Promise<boolean>;
  /** True between a successful run() and stop() or a fatal crash. */
  isRunning(): boolean;
  readonly groupId: string;
}

type State = 'idle' | 'running' | 'stopped' | 'crashed';

const MAX_BACKOFF_MS = 30_000;

export function createConsumer<K extends TopicKey>(
  kafka: KafkaContext,
  options: ConsumerOptions<K>,
): EventConsumer {
  const groupId = kafka.groupName(options.groupId);
  const topicNames = options.topics.map((topic) => kafka.topicName(topic));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const retryBackoffMs = options.retryBackoffMs ?? 200;
  const validate = options.validate ?? true;
  const commitIntervalMs = options.commitIntervalMs ?? 1_000;
  const fromBeginning = options.fromBeginning ?? true;
  const logger = kafka.logger.child({ groupId });
  const dlqProducer = createRawProducer(kafka);

  const consumer: Consumer = kafka.kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
    allowAutoTopicCreation: false,
  });
  let state: State = 'idle';
  let stopping = false;
  let unregister: (() => void) | undefined;
  const wakeUps = new Set<() => void>();

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) {
      logger.warn({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    state = 'crashed';
    logger.error({ err: payload.error }, 'consumer crashed and will not restart');
  });

  /** Waits `ms`, or less if stop() is called meanwhile; heartbeats so the group keeps us. */
  async function pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (!stopping && Date.now() < until) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakeUps.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(1_000, until - Date.now()));
        wakeUps.add(wake);
      });
      await heartbeat().catch(() => undefined);
    }
  }

  async function runHandler(event: EventOf<K>, kafkaTopic: string): Promise<void> {
    const parent = extractContext(event.headers);
    await tracer.startActiveSpan(
      `process ${event.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': kafkaTopic,
          'messaging.consumer.group.name': groupId,
          'messaging.destination.partition.id': String(event.partition),
          'messaging.kafka.offset': Number(event.offset),
        },
      },
      parent,
      async (span) => {
        try {
          await options.handler(event);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /** Processes one message; false when stop() interrupted it (its offset must not be committed). */
  async function processMessage(
    topic: K,
    kafkaTopic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    const decoded = decodeMessage(topic, partition, message, validate);
    if (!decoded.ok) {
      await sendToDeadLetters(
        kafka,
        dlqProducer,
        [{ topic, partition, message, kind: decoded.kind, reason: decoded.message, attempts: 0 }],
        groupId,
      );
      return true;
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (stopping) return false;
      try {
        await runHandler(decoded.event, kafkaTopic);
        return true;
      } catch (error) {
        lastError = error;
        logger.warn(
          {
            err: error,
            topic: kafkaTopic,
            partition,
            offset: message.offset,
            attempt,
            maxAttempts,
          },
          'event handler failed',
        );
        if (attempt < maxAttempts) {
          await pause(Math.min(MAX_BACKOFF_MS, retryBackoffMs * 2 ** (attempt - 1)), heartbeat);
        }
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    await sendToDeadLetters(
      kafka,
      dlqProducer,
      [{ topic, partition, message, kind: 'handler', reason, attempts: maxAttempts }],
      groupId,
    );
    return true;
  }

  async function eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload) {
    const topic = kafka.topicKeyOf(batch.topic) as K;
    let done: string | undefined;
    let lastCommit = Date.now();
    const commit = async () => {
      if (done === undefined) return;
      const offset = (BigInt(done) + 1n).toString();
      await kafkaCall('commit offsets', () =>
        consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset }]),
      );
      lastCommit = Date.now();
    };
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || stopping) break;
        const finished = await processMessage(
          topic,
          batch.topic,
          batch.partition,
          message,
          heartbeat,
        );
        if (!finished) break;
        resolveOffset(message.offset);
        done = message.offset;
        if (Date.now() - lastCommit >= commitIntervalMs) {
          await commit();
          done = undefined;
        }
        await heartbeat();
      }
    } finally {
      // What was handled is committed even when the batch ends early (stop) or a DLQ write failed.
      await commit().catch((error: unknown) =>
        logger.warn({ err: error }, 'could not commit offsets'),
      );
    }
  }

  /** Subscribes, waiting a little for topics that another process is still creating. */
  async function subscribe(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await consumer.subscribe({ topics: topicNames, fromBeginning });
        return;
      } catch (error) {
        const retriable = kafkaError('subscribe', error).retriable;
        if (!retriable || Date.now() > deadline) {
          throw new KafkaOperationError(
            `subscribe to ${topicNames.join(', ')} (do the topics exist? provisionTopics() creates them)`,
            error,
            retriable,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  const api: EventConsumer = {
    groupId,
    async run() {
      if (state !== 'idle')
        throw new ConsumerStateError(
          `consumer ${groupId} is ${state}; create a new one to run again`,
        );
      state = 'running';
      try {
        await kafkaCall('consumer connect', () => consumer.connect());
        unregister = kafka.onDisconnect(`consumer ${groupId}`, () => api.stop());
        await subscribe();
        await kafkaCall('consumer run', () =>
          consumer.run({
            autoCommit: false,
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: options.concurrency ?? 1,
            eachBatch,
          }),
        );
        logger.info({ topics: topicNames }, 'consumer running');
      } catch (error) {
        state = 'crashed';
        await consumer.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async stop() {
      if (state === 'stopped' || state === 'idle') {
        state = 'stopped';
        return;
      }
      state = 'stopped';
      stopping = true;
      for (const wake of [...wakeUps]) wake();
      unregister?.();
      try {
        await consumer.stop();
        await consumer.disconnect();
      } finally {
        await dlqProducer.disconnect().catch(() => undefined);
      }
      logger.info('consumer stopped');
    },
    async lag() {
      return partitionLag(kafka, groupId, options.topics, fromBeginning);
    },
    async caughtUp() {
      return (await partitionLag(kafka, groupId, options.topics, fromBeginning)).caughtUp;
    },
    isRunning() {
      return state === 'running';
    },
  };
  return api;
}
