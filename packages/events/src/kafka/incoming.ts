/**
 * What consumers and drains do with each Kafka message before a handler sees it: decode the
 * headers, parse the JSON value, validate key and value. A message that fails goes to the
 * topic's dead-letter queue (see `dead-letter.ts`).
 */
import type { KafkaMessage } from 'kafkajs';
import type { DeadLetter } from '../schemas/index.js';
import type { DeadLetterTopicKey, EventValue, TopicKey } from '../topics.js';
import { validateEvent, validateKey } from '../validation.js';
import { decodeHeaders, type Headers } from './headers.js';

/** An event as handlers receive it. */
export interface ConsumedEvent<K extends TopicKey = TopicKey> {
  /** The topic key (unprefixed name). */
  readonly topic: K;
  /** The message key; always present on event topics, as their key schemas require. */
  readonly key: K extends DeadLetterTopicKey ? string | null : string;
  /** The validated value; `null` for a tombstone on the curated topic. */
  readonly value: EventValue<K>;
  readonly headers: Headers;
  readonly partition: number;
  readonly offset: string;
  /** Kafka timestamp, ms since epoch, as a string. */
  readonly timestamp: string;
}

/** The event type for any of the topics in `K`, discriminated by `topic`. */
export type EventOf<K extends TopicKey> = K extends TopicKey ? ConsumedEvent<K> : never;

export type FailureKind = DeadLetter['error']['kind'];

export type Decoded<K extends TopicKey> =
  | { readonly ok: true; readonly event: EventOf<K> }
  | { readonly ok: false; readonly kind: FailureKind; readonly message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The value as UTF-8 text, or undefined when its bytes are not valid UTF-8. */
export function utf8Text(value: Buffer): string | undefined {
  try {
    return utf8.decode(value);
  } catch {
    return undefined;
  }
}

export function decodeMessage<K extends TopicKey>(
  topic: K,
  partition: number,
  message: KafkaMessage,
  validate: boolean,
): Decoded<K> {
  const headers = decodeHeaders(message.headers);
  const key = message.key === null ? null : message.key.toString('utf8');

  let value: unknown = null;
  if (message.value !== null) {
    const text = utf8Text(message.value);
    if (text === undefined)
      return { ok: false, kind: 'deserialization', message: 'value is not valid UTF-8' };
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        ok: false,
        kind: 'deserialization',
        message: `value is not JSON: ${(error as Error).message}`,
      };
    }
  }

  if (validate) {
    const issues = [...validateKey(topic, key)];
    const result = validateEvent(topic, value);
    if (!result.valid) issues.push(...result.issues);
    if (issues.length > 0) {
      return {
        ok: false,
        kind: 'validation',
        message: issues.map((issue) => `${issue.path || '/'} ${issue.message}`).join('; '),
      };
    }
  }

  const event = {
    topic,
    key,
    value,
    headers,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
  } as unknown as EventOf<K>;
  return { ok: true, event };
}
