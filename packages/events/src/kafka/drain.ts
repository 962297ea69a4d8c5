/**
 * Batch consumption for CronJobs: read what a group has not yet committed, up to the high
 * watermarks seen at the start, hand it all to the handler at once, and commit only if the
 * handler resolves. A handler that throws leaves the offsets where they were, so the next run
 * reads the same events again.
 */
import type { Consumer, KafkaMessage } from 'kafkajs';
import { DrainCommitError } from '../errors.js';
import type { TopicKey } from '../topics.js';
import { kafkaCall, type KafkaContext } from './client.js';
import { sendToDeadLetters, type Failure } from './dead-letter.js';
import { decodeMessage, type EventOf } from './incoming.js';
import { partitionPositions } from './lag.js';
import { createRawProducer } from './producer.js';

export interface DrainOptions<K extends TopicKey> {
  /** Consumer group id; the bus's topic prefix is put in front of it too. */
  readonly groupId: string;
  readonly topic: K;
  /** Read at most this many messages (default: everything pending). */
  readonly maxMessages?: number;
  /** Validate keys and values (default true); invalid messages go to the DLQ. */
  readonly validate?: boolean;
  /**
   * Stop reading a partition once it delivered nothing for this long after the group was joined
   * (default 5 s). Only matters when the last offsets before the high watermark were compacted away.
   */
  readonly idleTimeoutMs?: number;
  /** Group session timeout while the handler runs (default 30 s; heartbeats continue meanwhile). */
  readonly sessionTimeoutMs?: number;
  /** Called once with every valid event read, in partition order; commit happens only if it resolves. */
  readonly handler: (events: EventOf<K>[]) => Promise<void> | void;
}

export interface DrainResult {
  /** Valid events passed to the handler. */
  readonly consumed: number;
  /** Invalid messages written to the DLQ (after the handler resolved). */
  readonly deadLettered: number;
  /** Whether offsets were committed (false when nothing was pending). */
  readonly committed: boolean;
}

interface PartitionProgress {
  readonly start: bigint;
  readonly target: bigint;
  next: bigint;
}

export async function drain<K extends TopicKey>(
  kafka: KafkaContext,
  options: DrainOptions<K>,
): Promise<DrainResult> {
  const groupId = kafka.groupName(options.groupId);
  const name = kafka.topicName(options.topic);
  const logger = kafka.logger.child({ groupId, topic: name });
  const validate = options.validate ?? true;
  const idleTimeoutMs = options.idleTimeoutMs ?? 5_000;

  const positions = await partitionPositions(kafka, groupId, [options.topic], true);
  const progress = new Map<number, PartitionProgress>();
  let pending = 0n;
  for (const position of positions) {
    progress.set(position.partition, {
      start: position.start,
      target: position.high,
      next: position.start,
    });
    if (position.high > position.start) pending += position.high - position.start;
  }
  if (pending === 0n) {
    logger.debug('nothing pending');
    return { consumed: 0, deadLettered: 0, committed: false };
  }
  const limit = Math.min(Number(pending), options.maxMessages ?? Number.POSITIVE_INFINITY);
  logger.info({ pending: Number(pending), limit }, 'draining');

  const consumer: Consumer = kafka.kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    // Short fetches: once everything is read the partitions are paused, and disconnecting waits
    // for the fetch in flight.
    maxWaitTimeInMs: 200,
    allowAutoTopicCreation: false,
  });
  const unregister = kafka.onDisconnect(`drain ${groupId}`, () => consumer.disconnect());
  const messages: { partition: number; message: KafkaMessage }[] = [];
  let assigned: number[] | undefined;
  let lastProgress = Date.now();

  const finished = () =>
    messages.length >= limit ||
    (assigned !== undefined &&
      assigned.every((partition) => {
        const state = progress.get(partition);
        return !state || state.next >= state.target;
      }));

  try {
    await kafkaCall('drain connect', () => consumer.connect());
    await kafkaCall('drain subscribe', () =>
      consumer.subscribe({ topics: [name], fromBeginning: true }),
    );

    let idle = false;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (finished()) return done();
        if (assigned !== undefined && Date.now() - lastProgress > idleTimeoutMs) {
          idle = true;
          return done();
        }
      };
      const timer = setInterval(check, 100);
      const done = () => {
        clearInterval(timer);
        consumer.pause([{ topic: name }]);
        resolve();
      };
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned = payload.memberAssignment[name] ?? [];
        lastProgress = Date.now();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) {
          clearInterval(timer);
          reject(payload.error);
        }
      });
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset }) => {
            const state = progress.get(batch.partition);
            if (!state) return;
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (offset < state.next) continue;
              if (offset >= state.target || messages.length >= limit) {
                consumer.pause([{ topic: name, partitions: [batch.partition] }]);
                break;
              }
              messages.push({ partition: batch.partition, message });
              state.next = offset + 1n;
              resolveOffset(message.offset);
              lastProgress = Date.now();
            }
            check();
          },
        })
        .catch((error: unknown) => {
          clearInterval(timer);
          reject(error);
        });
    });

    if (idle) {
      // Fetching went on for idleTimeoutMs without reaching the target: the offsets in between
      // do not exist any more (compacted), so the assigned partitions are read up to the target.
      for (const partition of assigned ?? []) {
        const state = progress.get(partition);
        if (state && state.next < state.target && messages.length < limit) {
          logger.warn(
            { partition, next: String(state.next), target: String(state.target) },
            'no more messages before the high watermark',
          );
          state.next = state.target;
        }
      }
    }

    const events: EventOf<K>[] = [];
    const failures: Failure[] = [];
    messages.sort(
      (a, b) =>
        a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
    );
    for (const { partition, message } of messages) {
      const decoded = decodeMessage(options.topic, partition, message, validate);
      if (decoded.ok) events.push(decoded.event);
      else
        failures.push({
          topic: options.topic,
          partition,
          message,
          kind: decoded.kind,
          reason: decoded.message,
          attempts: 0,
        });
    }

    await options.handler(events);

    if (failures.length > 0) {
      const producer = createRawProducer(kafka);
      try {
        await sendToDeadLetters(kafka, producer, failures, groupId);
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    }

    const offsets = [...progress.entries()]
      .filter(([, state]) => state.next > state.start)
      .map(([partition, state]) => ({ topic: name, partition, offset: state.next.toString() }));
    try {
      await consumer.commitOffsets(offsets);
    } catch (error) {
      throw new DrainCommitError(
        `the handler succeeded but the offsets of ${name} could not be committed for ${groupId}; the next drain reads these events again`,
        { cause: error },
      );
    }
    logger.info({ consumed: events.length, deadLettered: failures.length }, 'drained');
    return { consumed: events.length, deadLettered: failures.length, committed: true };
  } finally {
    unregister();
    await consumer.disconnect().catch(() => undefined);
  }
}
