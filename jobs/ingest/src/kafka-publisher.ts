import { createEventBus, type TopicKey } from '@jobmarket/events';
import type { Logger } from '@jobmarket/telemetry';
import type { OutgoingEvent, Publisher } from './outbox.js';

export interface KafkaPublisherOptions {
  brokers: readonly string[];
  topicPrefix?: string;
  logger: Logger;
  clientId?: string;
  /** Create missing topics first (idempotent; default true). */
  provision?: boolean;
}

/** The outbox publisher on Kafka: the idempotent, validating producer of @jobmarket/events. */
export async function createKafkaPublisher({
  brokers,
  topicPrefix = '',
  logger,
  clientId = 'ingest',
  provision = true,
}: KafkaPublisherOptions): Promise<Publisher> {
  const bus = createEventBus({ brokers, clientId, topicPrefix, logger });
  try {
    if (provision) await bus.provisionTopics();
    const producer = bus.producer();
    await producer.connect();
    return {
      async send(topic: string, messages: readonly OutgoingEvent[]) {
        await producer.send(
          topic as TopicKey,
          messages.map((message) => ({
            key: message.key ?? '',
            value: message.value as never,
            headers: message.headers,
          })),
        );
      },
      close: () => bus.disconnect(),
    };
  } catch (error) {
    await bus.disconnect().catch(() => undefined);
    throw error;
  }
}
