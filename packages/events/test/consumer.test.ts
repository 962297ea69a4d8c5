import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import kafkajs from 'kafkajs';
import { requireInfrastructure, uniqueName, waitFor } from '@jobmarket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventValidationError,
  exampleCuratedOffer,
  exampleModelPublished,
  exampleOfferIngested,
  exampleWarehouseRefreshed,
  type ConsumedEvent,
  type EventBus,
  type EventOf,
  type EventTopicKey,
} from '../src/index.js';
import { brokers, collect, enableContextPropagation, provisionedBus } from './support.js';

const spanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

describe('event bus on a real broker', () => {
  let bus: EventBus;
  let prefix: string;
  let disableContext: () => void;
  let rawKafka: InstanceType<typeof kafkajs.Kafka>;

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    disableContext = enableContextPropagation();
    ({ bus, prefix } = await provisionedBus('consumer'));
    rawKafka = new kafkajs.Kafka({ clientId: prefix, brokers, logLevel: kafkajs.logLevel.NOTHING });
  });

  afterAll(async () => {
    await bus?.deleteTopics().catch(() => undefined);
    await bus?.disconnect();
    disableContext?.();
  });

  it('round-trips an event of every topic with its headers and trace context', async () => {
    const producer = bus.producer();
    const parent = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    await context.with(parent, async () => {
      await producer.send('jobmarket.offers.ingested.v1', [
        { key: 'francetravail:183DSTK', value: exampleOfferIngested },
      ]);
      await producer.send('jobmarket.offers.curated.v1', [
        {
          key: exampleCuratedOffer.id,
          value: exampleCuratedOffer,
          headers: { 'x-origin': 'test' },
        },
        { key: 'adzuna:closed', value: null },
      ]);
      await producer.send('jobmarket.warehouse.refreshed.v1', [
        { key: exampleWarehouseRefreshed.runId, value: exampleWarehouseRefreshed },
      ]);
    });
    // Outside any span: no trace context is sent.
    await producer.send('jobmarket.models.published.v1', [
      { key: exampleModelPublished.modelName, value: exampleModelPublished },
    ]);

    const received: EventOf<EventTopicKey>[] = [];
    const activeTraceIds: (string | undefined)[] = [];
    const consumer = bus.consumer({
      groupId: uniqueName('round-trip'),
      topics: [
        'jobmarket.offers.ingested.v1',
        'jobmarket.offers.curated.v1',
        'jobmarket.warehouse.refreshed.v1',
        'jobmarket.models.published.v1',
      ],
      handler(event) {
        received.push(event);
        activeTraceIds.push(trace.getSpanContext(context.active())?.traceId);
      },
    });
    await consumer.run();
    await waitFor(() => received.length >= 5, { what: '5 events' });

    const byKey = new Map(received.map((event) => [`${event.topic}|${event.key}`, event]));
    expect(byKey.get('jobmarket.offers.ingested.v1|francetravail:183DSTK')?.value).toEqual(
      exampleOfferIngested,
    );
    expect(byKey.get(`jobmarket.offers.curated.v1|${exampleCuratedOffer.id}`)?.value).toEqual(
      exampleCuratedOffer,
    );
    expect(byKey.get('jobmarket.offers.curated.v1|adzuna:closed')?.value).toBeNull();
    expect(
      byKey.get(`jobmarket.warehouse.refreshed.v1|${exampleWarehouseRefreshed.runId}`)?.value,
    ).toEqual(exampleWarehouseRefreshed);
    const model = byKey.get(`jobmarket.models.published.v1|${exampleModelPublished.modelName}`)!;
    expect(model.value).toEqual(exampleModelPublished);

    for (const event of received) {
      expect(event.headers['content-type']).toBe('application/json');
      expect(event.headers['schema-version']).toBe('1');
      expect(event.headers['event-type']).toBe(event.topic);
      expect(event.partition).toBeGreaterThanOrEqual(0);
      expect(event.offset).toMatch(/^\d+$/);
      expect(Number(event.timestamp)).toBeGreaterThan(Date.now() - 120_000);
    }
    const traced = received.filter((event) => event.topic !== 'jobmarket.models.published.v1');
    for (const event of traced) {
      expect(event.headers.traceparent).toMatch(
        new RegExp(`^00-${spanContext.traceId}-[0-9a-f]{16}-01$`),
      );
    }
    expect(model.headers.traceparent).toBeUndefined();
    expect(
      byKey.get(`jobmarket.offers.curated.v1|${exampleCuratedOffer.id}`)?.headers['x-origin'],
    ).toBe('test');
    // The handler ran inside the producer's trace.
    expect(activeTraceIds.filter((id) => id === spanContext.traceId)).toHaveLength(traced.length);

    await waitFor(async () => (await consumer.caughtUp()) || undefined, {
      what: 'consumer caught up',
    });
    const lag = await consumer.lag();
    expect(lag.total).toBe(0);
    expect(lag.caughtUp).toBe(true);
    expect(lag.partitions).toHaveLength(3 + 3 + 1 + 1);
    expect(
      lag.partitions.reduce((sum, partition) => sum + Number(partition.highWatermark), 0),
    ).toBe(5);
    await consumer.stop();
    await producer.disconnect();
  });

  it('is readable by any Kafka client as plain JSON', async () => {
    const producer = bus.producer();
    const key = 'adzuna:plain-json';
    await producer.send('jobmarket.offers.ingested.v1', [
      { key, value: { ...exampleOfferIngested, source: 'adzuna' } },
    ]);
    const consumer = rawKafka.consumer({ groupId: uniqueName('raw-reader'), maxWaitTimeInMs: 100 });
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({
      topics: [bus.topicName('jobmarket.offers.ingested.v1')],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === key) values.push(message.value!.toString('utf8'));
      },
    });
    await waitFor(() => values.length === 1, { what: 'the raw message' });
    await consumer.disconnect();
    expect(values[0]!.startsWith('{"source":"adzuna"')).toBe(true);
    expect(JSON.parse(values[0]!)).toEqual({ ...exampleOfferIngested, source: 'adzuna' });
    await producer.disconnect();
  });

  it('validates the whole batch before sending and sends nothing if one message is invalid', async () => {
    const producer = bus.producer();
    const groupId = uniqueName('nothing-sent');
    const send = producer.send('jobmarket.warehouse.refreshed.v1', [
      { key: 'run-ok', value: exampleWarehouseRefreshed },
      { key: 'run-bad', value: { ...exampleWarehouseRefreshed, eventsConsumed: -3 } },
    ]);
    await expect(send).rejects.toThrow(EventValidationError);
    await expect(send).rejects.toThrow('message 1: /eventsConsumed must be >= 0');
    await expect(
      // @ts-expect-error -- null is a tombstone, accepted only on the curated topic
      producer.send('jobmarket.warehouse.refreshed.v1', [{ key: 'run-null', value: null }]),
    ).rejects.toThrow('does not accept tombstones');
    await expect(
      producer.send('jobmarket.offers.ingested.v1', [
        { key: 'no-source-prefix', value: exampleOfferIngested },
      ]),
    ).rejects.toThrow('(key) must match pattern');
    const consumer = bus.consumer({
      groupId,
      topics: ['jobmarket.warehouse.refreshed.v1'],
      handler: () => undefined,
    });
    const lag = await consumer.lag();
    expect(lag.partitions.map((partition) => partition.highWatermark)).toEqual(['1']); // the round-trip event only
    await producer.disconnect();
  });

  it('dead-letters undecodable and invalid messages with their reason and goes on', async () => {
    const topic = 'jobmarket.offers.ingested.v1';
    const key = 'francetravail:DLQ1';
    const unchecked = bus.producer({ validate: false });
    const rawProducer = rawKafka.producer();
    await rawProducer.connect();

    const invalid = { ...exampleOfferIngested, sourceId: 'DLQ1', payloadHash: 'oops' };
    await unchecked.send(topic, [{ key, value: { ...exampleOfferIngested, sourceId: 'first' } }]);
    await unchecked.send(topic, [{ key, value: invalid, headers: { 'x-request-id': 'req-42' } }]);
    await rawProducer.send({
      topic: bus.topicName(topic),
      messages: [
        { key, value: '{"source": "francetravail", ', headers: { 'x-request-id': 'req-43' } },
        { key, value: Buffer.from([0xff, 0xfe, 0x00, 0x01]) },
      ],
    });
    await unchecked.send(topic, [{ key, value: { ...exampleOfferIngested, sourceId: 'last' } }]);
    await rawProducer.disconnect();

    const handled: ConsumedEvent<typeof topic>[] = [];
    const groupId = uniqueName('dlq');
    const consumer = bus.consumer({
      groupId,
      topics: [topic],
      handler: (event) => void handled.push(event),
    });
    await consumer.run();
    await waitFor(() => handled.some((event) => event.value.sourceId === 'last'), {
      what: 'the last valid event',
    });
    expect(
      handled.filter((event) => event.key === key).map((event) => event.value.sourceId),
    ).toEqual(['first', 'last']);

    const dlq = await collect(bus, 'jobmarket.offers.ingested.v1.dlq');
    const letters = (await dlq.waitForCount(3)).filter((letter) => letter.key === key);
    expect(letters).toHaveLength(3);
    const [validation, notJson, notUtf8] = letters;

    expect(validation!.value.error).toEqual({
      kind: 'validation',
      message: expect.stringContaining('/payloadHash must match pattern'),
      attempts: 0,
    });
    expect(JSON.parse(validation!.value.payload!)).toEqual(invalid);
    expect(validation!.value.payloadEncoding).toBe('utf8');
    expect(validation!.value.source).toEqual({
      topic: `${prefix}.${topic}`,
      partition: expect.any(Number),
      offset: expect.stringMatching(/^\d+$/),
      timestamp: expect.stringMatching(/^\d+$/),
    });
    expect(validation!.value.consumerGroup).toBe(`${prefix}.${groupId}`);
    expect(validation!.value.headers).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': 'req-42',
    });
    // The DLQ message itself carries the original headers plus the reason.
    expect(validation!.headers).toMatchObject({
      'x-request-id': 'req-42',
      'event-type': topic,
      'x-dlq-reason': expect.stringMatching(/^validation: \/payloadHash must match pattern/),
    });

    expect(notJson!.value.error.kind).toBe('deserialization');
    expect(notJson!.value.error.message).toContain('not JSON');
    expect(notJson!.value.payload).toBe('{"source": "francetravail", ');
    expect(notJson!.headers['x-request-id']).toBe('req-43');

    expect(notUtf8!.value.error.kind).toBe('deserialization');
    expect(notUtf8!.value.payloadEncoding).toBe('base64');
    expect(Buffer.from(notUtf8!.value.payload!, 'base64')).toEqual(
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    );

    await waitFor(async () => (await consumer.caughtUp()) || undefined, {
      what: 'offsets committed past the DLQ messages',
    });
    await Promise.all([consumer.stop(), dlq.stop(), unchecked.disconnect()]);
  });

  it('retries a failing handler maxAttempts times, then dead-letters it and goes on', async () => {
    const topic = 'jobmarket.warehouse.refreshed.v1';
    const producer = bus.producer();
    await producer.send(topic, [
      { key: 'run-poison', value: { ...exampleWarehouseRefreshed, runId: 'run-poison' } },
      { key: 'run-flaky', value: { ...exampleWarehouseRefreshed, runId: 'run-flaky' } },
      { key: 'run-after', value: { ...exampleWarehouseRefreshed, runId: 'run-after' } },
    ]);
    const attempts = new Map<string, number>();
    const done: string[] = [];
    const consumer = bus.consumer({
      groupId: uniqueName('retries'),
      topics: [topic],
      maxAttempts: 4,
      retryBackoffMs: 10,
      handler(event) {
        if (!event.key.startsWith('run-')) return; // the round-trip test's event
        const count = (attempts.get(event.key) ?? 0) + 1;
        attempts.set(event.key, count);
        if (event.key === 'run-poison') throw new Error(`dbt exploded (attempt ${count})`);
        if (event.key === 'run-flaky' && count < 3) throw new Error('warehouse busy');
        done.push(event.key);
      },
    });
    await consumer.run();
    await waitFor(() => done.includes('run-after'), { what: 'the message after the poison one' });
    expect(attempts.get('run-poison')).toBe(4);
    expect(attempts.get('run-flaky')).toBe(3);
    expect(done).toEqual(['run-flaky', 'run-after']);

    const dlq = await collect(bus, 'jobmarket.warehouse.refreshed.v1.dlq');
    const [letter] = await dlq.waitForCount(1);
    expect(letter!.key).toBe('run-poison');
    expect(letter!.value.error).toEqual({
      kind: 'handler',
      message: 'dbt exploded (attempt 4)',
      attempts: 4,
    });
    expect(JSON.parse(letter!.value.payload!)).toMatchObject({ runId: 'run-poison' });
    expect(letter!.headers['x-dlq-reason']).toBe('handler: dbt exploded (attempt 4)');
    await waitFor(async () => (await consumer.caughtUp()) || undefined, { what: 'caught up' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts.get('run-poison')).toBe(4); // not redelivered: its offset was committed
    await Promise.all([consumer.stop(), dlq.stop(), producer.disconnect()]);
  });

  it('refuses to run twice and stops idempotently', async () => {
    const consumer = bus.consumer({
      groupId: uniqueName('twice'),
      topics: ['jobmarket.models.published.v1'],
      handler: () => undefined,
    });
    await consumer.run();
    expect(consumer.isRunning()).toBe(true);
    await expect(consumer.run()).rejects.toThrow('create a new one');
    await consumer.stop();
    await consumer.stop();
    expect(consumer.isRunning()).toBe(false);
  });
});
