import { createEventBus, type TopicKey } from '@jobmarket/events';
import type { Logger } from '@jobmarket/telemetry';
import { EVENT_ID_HEADER, type OutgoingEvent, type Publisher } from './outbox.js';

/** Consumer group that reads back the ingest topics when reconciling an interrupted publish. */
export const RECONCILE_GROUP = 'ingest-outbox-reconcile';

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
      async publishedEventIds(topic: string) {
        const ids = new Set<string>();
        await bus.drain({
          groupId: RECONCILE_GROUP,
          topic: topic as TopicKey,
          validate: false,
          handler: (events) => {
            for (const event of events) {
              const id = event.headers[EVENT_ID_HEADER];
              if (id) ids.add(id);
            }
          },
        });
        return ids;
      },
      close: () => bus.disconnect(),
    };
  } catch (error) {
    await bus.disconnect().catch(() => undefined);
    throw error;
  }
}
