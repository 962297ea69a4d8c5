import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from '@jobmarket/telemetry';
import { uniqueName, waitFor } from '@jobmarket/testing';
import {
  createEventBus,
  exampleWarehouseRefreshed,
  type EventBus,
  type EventOf,
  type TopicKey,
  type WarehouseRefreshed,
} from '../src/index.js';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((item) => item.trim());

export const logger = createLogger({
  service: 'events-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

/** A bus on its own topic prefix, with every topic provisioned. */
export async function provisionedBus(name: string): Promise<{ bus: EventBus; prefix: string }> {
  const prefix = uniqueName(`test-events-${name}`);
  const bus = createEventBus({ brokers, clientId: prefix, topicPrefix: prefix, logger });
  await bus.provisionTopics();
  return { bus, prefix };
}

/** Registers an AsyncLocalStorage context manager, as an OpenTelemetry SDK would. */
export function enableContextPropagation(): () => void {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  return () => context.disable();
}

/** Consumes `topic` into an array until stopped; for reading what landed on a topic (DLQs too). */
export async function collect<K extends TopicKey>(bus: EventBus, topic: K) {
  const events: EventOf<K>[] = [];
  const consumer = bus.consumer({
    groupId: uniqueName('collector'),
    topics: [topic],
    handler: (event) => void events.push(event),
  });
  await consumer.run();
  return {
    events,
    async waitForCount(count: number, what = `${count} events on ${topic}`) {
      await waitFor(() => events.length >= count, { what, timeoutMs: 30_000 });
      return events;
    },
    stop: () => consumer.stop(),
  };
}

export function refreshed(runId: string): WarehouseRefreshed {
  return { ...exampleWarehouseRefreshed, runId };
}
