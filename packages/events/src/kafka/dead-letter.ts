/**
 * Writing a failed message to its topic's dead-letter queue. The DLQ message keeps the original
 * key and headers, adds `x-dlq-reason`, and its value is a DeadLetter (validated like any event).
 */
import type { KafkaMessage } from 'kafkajs';
import { DeadLetterError } from '../errors.js';
import type { DeadLetter } from '../schemas/index.js';
import { topics, type TopicKey } from '../topics.js';
import { assertValidEvent } from '../validation.js';
import type { KafkaContext } from './client.js';
import { HEADER, decodeHeaders } from './headers.js';
import { utf8Text, type FailureKind } from './incoming.js';
import type { RawMessage, createRawProducer } from './producer.js';

type RawProducer = ReturnType<typeof createRawProducer>;

export interface Failure {
  readonly topic: TopicKey;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly kind: FailureKind;
  readonly reason: string;
  readonly attempts: number;
}

/** Longest error message kept in a DeadLetter and its header, so a huge stack cannot bloat the DLQ. */
const MAX_REASON = 4_000;

function truncate(text: string, max = MAX_REASON): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function deadLetterOf(
  kafka: KafkaContext,
  failure: Failure,
  consumerGroup: string,
): DeadLetter {
  const { message } = failure;
  const text = message.value === null ? null : utf8Text(message.value);
  const binary = message.value !== null && text === undefined;
  return {
    error: { kind: failure.kind, message: truncate(failure.reason), attempts: failure.attempts },
    source: {
      topic: kafka.topicName(failure.topic),
      partition: failure.partition,
      offset: message.offset,
      timestamp: message.timestamp,
    },
    payload: binary ? message.value!.toString('base64') : (text ?? null),
    payloadEncoding: binary ? 'base64' : 'utf8',
    headers: decodeHeaders(message.headers),
    failedAt: new Date().toISOString(),
    consumerGroup,
  };
}

/**
 * Sends failures to their DLQs. Throws DeadLetterError when the DLQ write fails: the caller must
 * then not commit the offsets, so the messages are read again.
 */
export async function sendToDeadLetters(
  kafka: KafkaContext,
  producer: RawProducer,
  failures: readonly Failure[],
  consumerGroup: string,
): Promise<void> {
  const byTopic = new Map<TopicKey, RawMessage[]>();
  for (const failure of failures) {
    const dlq = topics[failure.topic].deadLetterTopic;
    if (dlq === null) {
      kafka.logger.error(
        {
          topic: failure.topic,
          partition: failure.partition,
          offset: failure.message.offset,
          reason: failure.reason,
        },
        'message on a dead-letter topic could not be processed; skipped (DLQs have no DLQ)',
      );
      continue;
    }
    const value = assertValidEvent(dlq, deadLetterOf(kafka, failure, consumerGroup));
    const headers: Record<string, Buffer | string> = {};
    for (const [name, original] of Object.entries(failure.message.headers ?? {})) {
      const last = Array.isArray(original) ? original[original.length - 1] : original;
      if (last !== undefined) headers[name] = last;
    }
    headers[HEADER.dlqReason] = truncate(`${failure.kind}: ${failure.reason}`, 1_000);
    const list = byTopic.get(dlq) ?? [];
    list.push({ key: failure.message.key, value: JSON.stringify(value), headers });
    byTopic.set(dlq, list);
    kafka.logger.warn(
      {
        topic: failure.topic,
        partition: failure.partition,
        offset: failure.message.offset,
        kind: failure.kind,
        attempts: failure.attempts,
        dlq,
        reason: failure.reason,
      },
      'message sent to the dead-letter queue',
    );
  }
  for (const [dlq, messages] of byTopic) {
    try {
      await producer.sendRaw(kafka.topicName(dlq), messages);
    } catch (error) {
      throw new DeadLetterError(
        `could not write ${messages.length} message(s) to ${kafka.topicName(dlq)}`,
        {
          cause: error,
        },
      );
    }
  }
}
