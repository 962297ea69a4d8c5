import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleOfferIngested, type EventBus, type OfferIngested } from '../src/index.js';
import { collect, provisionedBus } from './support.js';

const topic = 'jobmarket.offers.ingested.v1';

function ingested(sourceId: string): OfferIngested {
  return { ...exampleOfferIngested, sourceId };
}

describe('drain() on a real broker', () => {
  let bus: EventBus;

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    ({ bus } = await provisionedBus('drain'));
  });

  afterAll(async () => {
    await bus?.deleteTopics().catch(() => undefined);
    await bus?.disconnect();
  });

  it('commits only when the handler resolves; a throwing handler leaves the offsets where they were', async () => {
    const producer = bus.producer();
    const ids = ['A1', 'A2', 'A3', 'A4', 'A5'];
    await producer.send(
      topic,
      ids.map((id) => ({ key: `francetravail:${id}`, value: ingested(id) })),
    );
    const groupId = uniqueName('transform');

    const failing = bus.drain({
      groupId,
      topic,
      handler(events) {
        expect(events.map((event) => event.value.sourceId).sort()).toEqual(ids);
        throw new Error('dbt run failed');
      },
    });
    await expect(failing).rejects.toThrow('dbt run failed');

    const seen: string[] = [];
    const result = await bus.drain({
      groupId,
      topic,
      handler(events) {
        for (const event of events) {
          expect(event.key).toBe(`francetravail:${event.value.sourceId}`);
          expect(event.headers['event-type']).toBe(topic);
          seen.push(event.value.sourceId);
        }
      },
    });
    expect(seen.sort()).toEqual(ids);
    expect(result).toEqual({ consumed: 5, deadLettered: 0, committed: true });

    const started = Date.now();
    let called = false;
    const nothing = await bus.drain({ groupId, topic, handler: () => void (called = true) });
    expect(nothing).toEqual({ consumed: 0, deadLettered: 0, committed: false });
    expect(called).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_500);

    // New events after a commit are the only ones the next drain sees.
    await producer.send(topic, [
      { key: 'adzuna:B1', value: { ...ingested('B1'), source: 'adzuna' } },
    ]);
    const next: string[] = [];
    await bus.drain({
      groupId,
      topic,
      handler: (events) => void next.push(...events.map((e) => e.value.sourceId)),
    });
    expect(next).toEqual(['B1']);
    await producer.disconnect();
  });

  it('reads at most maxMessages and leaves the rest for the next drain', async () => {
    const groupId = uniqueName('limited');
    const pending = await bus.drain({ groupId, topic, handler: () => undefined }); // catch up with earlier tests
    expect(pending.committed).toBe(true);
    const producer = bus.producer();
    await producer.send(
      topic,
      ['C1', 'C2', 'C3', 'C4'].map((id) => ({ key: `francetravail:${id}`, value: ingested(id) })),
    );
    const first: string[] = [];
    const second: string[] = [];
    expect(
      await bus.drain({
        groupId,
        topic,
        maxMessages: 3,
        handler: (events) => void first.push(...events.map((e) => e.value.sourceId)),
      }),
    ).toEqual({
      consumed: 3,
      deadLettered: 0,
      committed: true,
    });
    await bus.drain({
      groupId,
      topic,
      handler: (events) => void second.push(...events.map((e) => e.value.sourceId)),
    });
    expect(first).toHaveLength(3);
    expect([...first, ...second].sort()).toEqual(['C1', 'C2', 'C3', 'C4']);
    await producer.disconnect();
  });

  it('dead-letters invalid messages, after the handler succeeded, and passes it only the valid ones', async () => {
    const groupId = uniqueName('with-invalid');
    await bus.drain({ groupId, topic, handler: () => undefined });
    const unchecked = bus.producer({ validate: false });
    await unchecked.send(topic, [
      { key: 'francetravail:D1', value: ingested('D1') },
      { key: 'francetravail:D2', value: { ...ingested('D2'), change: 'DELETED' as 'NEW' } },
    ]);
    const valid: string[] = [];
    const result = await bus.drain({
      groupId,
      topic,
      handler: (events) => void valid.push(...events.map((e) => e.value.sourceId)),
    });
    expect(result).toEqual({ consumed: 1, deadLettered: 1, committed: true });
    expect(valid).toEqual(['D1']);

    const dlq = await collect(bus, 'jobmarket.offers.ingested.v1.dlq');
    const letters = await dlq.waitForCount(1);
    expect(letters[0]!.key).toBe('francetravail:D2');
    expect(letters[0]!.value.error.kind).toBe('validation');
    expect(letters[0]!.value.error.message).toContain(
      '/change must be equal to one of the allowed values',
    );
    expect(letters[0]!.value.consumerGroup).toContain(groupId);
    await Promise.all([dlq.stop(), unchecked.disconnect()]);
  });
});
