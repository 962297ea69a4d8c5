/**
 * The producer: idempotent (acks from all in-sync replicas, one request in flight), validates
 * every value before anything is sent, writes plain JSON, and adds the standard headers and the
 * active trace context.
 */
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import kafkajs from 'kafkajs';
import type { Message, Producer } from 'kafkajs';
import { EventValidationError, type ValidationIssue } from '../errors.js';
import type { EventValue, TopicKey } from '../topics.js';
import { validateEvent, validateKey } from '../validation.js';
import { kafkaCall, type KafkaContext } from './client.js';
import { standardHeaders, type Headers } from './headers.js';

export interface OutgoingMessage<K extends TopicKey = TopicKey> {
  readonly key: string;
  /** The event; `null` (a tombstone) only on `jobmarket.offers.curated.v1`. */
  readonly value: EventValue<K>;
  /** Extra headers; the standard ones (content-type, schema-version, event-type, trace) win. */
  readonly headers?: Headers;
}

export interface SendResult {
  readonly topic: TopicKey;
  readonly partition: number;
  /** Offset of the first message written to this partition by the call. */
  readonly baseOffset: string;
}

export interface ProducerOptions {
  /** Validate values against the topic schema before sending (default true). Only the benchmark turns it off. */
  readonly validate?: boolean;
}

export interface EventProducer {
  /** Connects now (send connects on first use anyway); rejects if the broker is unreachable. */
  connect(): Promise<void>;
  /**
   * Validates every message, then sends them all in one request. An invalid message throws an
   * EventValidationError listing each problem with its path, and nothing of the batch is sent.
   */
  send<K extends TopicKey>(
    topic: K,
    messages: readonly OutgoingMessage<K>[],
  ): Promise<SendResult[]>;
  disconnect(): Promise<void>;
}

export const tracer = trace.getTracer('@jobmarket/events');

/** A message already serialised, as the dead-letter writer sends it. */
export interface RawMessage {
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers: Record<string, Buffer | string>;
}

/** The kafkajs producer behind EventProducer, connected lazily; used for DLQs too. */
export function createRawProducer(kafka: KafkaContext) {
  const producer: Producer = kafka.kafka.producer({
    // Murmur2 on the key, as the Java client: any client puts a key on the same partition.
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  let connected: Promise<void> | undefined;
  let unregister: (() => void) | undefined;

  const connect = () => {
    connected ??= kafkaCall('producer connect', () => producer.connect()).then(
      () => {
        unregister = kafka.onDisconnect('producer', () => producer.disconnect());
      },
      (error: unknown) => {
        connected = undefined;
        throw error;
      },
    );
    return connected;
  };

  return {
    connect,
    async sendRaw(topic: string, messages: readonly RawMessage[]) {
      await connect();
      const metadata = await kafkaCall(`send to ${topic}`, () =>
        producer.send({ topic, acks: -1, messages: messages as Message[] }),
      );
      return metadata.map((entry) => ({
        partition: entry.partition,
        baseOffset: entry.baseOffset ?? '-1',
      }));
    },
    async disconnect() {
      if (!connected) return;
      connected = undefined;
      unregister?.();
      await kafkaCall('producer disconnect', () => producer.disconnect());
    },
  };
}

function checkBatch<K extends TopicKey>(topic: K, messages: readonly OutgoingMessage<K>[]): void {
  const issues: ValidationIssue[] = [];
  messages.forEach((message, index) => {
    for (const issue of validateKey(topic, message.key)) issues.push({ ...issue, index });
    const result = validateEvent(topic, message.value);
    if (!result.valid) for (const issue of result.issues) issues.push({ ...issue, index });
  });
  if (issues.length > 0) throw new EventValidationError(topic, issues);
}

export function createProducer(kafka: KafkaContext, options: ProducerOptions = {}): EventProducer {
  const validate = options.validate ?? true;
  const raw = createRawProducer(kafka);

  return {
    connect: raw.connect,
    disconnect: raw.disconnect,
    async send(topic, messages) {
      const name = kafka.topicName(topic);
      if (validate) checkBatch(topic, messages);
      if (messages.length === 0) return [];
      return tracer.startActiveSpan(
        `send ${topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': name,
            'messaging.batch.message_count': messages.length,
          },
        },
        async (span) => {
          try {
            const standard = standardHeaders(topic, context.active());
            const serialised = messages.map((message) => ({
              key: message.key,
              value: message.value === null ? null : JSON.stringify(message.value),
              headers: { ...message.headers, ...standard },
            }));
            const written = await raw.sendRaw(name, serialised);
            kafka.logger.debug({ topic: name, count: messages.length }, 'events sent');
            return written.map((entry) => ({ topic, ...entry }));
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },
  };
}
