import kafkajs from 'kafkajs';
import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, topicKeys, type EventBus } from '../src/index.js';
import { brokers, logger } from './support.js';

describe('provisionTopics() on a real broker', () => {
  let bus: EventBus;
  let prefix: string;

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    prefix = uniqueName('test-events-provision');
    bus = createEventBus({ brokers, clientId: prefix, topicPrefix: prefix, logger });
  });

  afterAll(async () => {
    await bus?.deleteTopics().catch(() => undefined);
    await bus?.disconnect();
  });

  it('creates every topic and DLQ once, then changes nothing', async () => {
    const first = await bus.provisionTopics();
    expect(first.created.sort()).toEqual([...topicKeys].sort());
    const second = await bus.provisionTopics();
    expect(second).toEqual({
      created: [],
      configsAltered: [],
      partitionsIncreased: [],
      unchanged: topicKeys,
    });
  });

  it('creates the topics with the registry configs: curated compacted, retention elsewhere', async () => {
    const described = Object.fromEntries(
      (await bus.describeTopics()).map((topic) => [topic.topic, topic]),
    );
    const curated = described['jobmarket.offers.curated.v1']!;
    expect(curated.name).toBe(`${prefix}.jobmarket.offers.curated.v1`);
    expect(curated.partitions).toBe(3);
    expect(curated.configs['cleanup.policy']).toBe('compact');
    expect(curated.configs['min.cleanable.dirty.ratio']).toBe('0.1');
    expect(curated.configs['segment.ms']).toBe('3600000');
    expect(described['jobmarket.models.published.v1']!.configs['cleanup.policy']).toBe('compact');
    expect(described['jobmarket.models.published.v1']!.partitions).toBe(1);
    expect(described['jobmarket.offers.ingested.v1']!.configs).toMatchObject({
      'cleanup.policy': 'delete',
      'retention.ms': '604800000',
    });
    expect(described['jobmarket.offers.ingested.v1']!.partitions).toBe(3);
    expect(described['jobmarket.warehouse.refreshed.v1']!.configs['retention.ms']).toBe(
      '2592000000',
    );
    expect(described['jobmarket.offers.curated.v1.dlq']!.configs['retention.ms']).toBe(
      '2592000000',
    );
  });

  it('fixes configs someone changed, keeps unrelated ones, and only ever adds partitions', async () => {
    const curated = bus.topicName('jobmarket.offers.curated.v1');
    const admin = new kafkajs.Kafka({
      clientId: prefix,
      brokers,
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: kafkajs.ConfigResourceTypes.TOPIC,
            name: curated,
            configEntries: [
              { name: 'cleanup.policy', value: 'delete' },
              { name: 'max.message.bytes', value: '2000000' },
            ],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    expect(
      (await bus.describeTopics(['jobmarket.offers.curated.v1']))[0]!.configs['cleanup.policy'],
    ).toBe('delete');

    const report = await bus.provisionTopics({
      partitions: { 'jobmarket.warehouse.refreshed.v1': 2, 'jobmarket.offers.ingested.v1': 1 },
    });
    expect(report.configsAltered).toEqual(['jobmarket.offers.curated.v1']);
    expect(report.partitionsIncreased).toEqual(['jobmarket.warehouse.refreshed.v1']);
    const [after, refreshed, ingested] = await bus.describeTopics([
      'jobmarket.offers.curated.v1',
      'jobmarket.warehouse.refreshed.v1',
      'jobmarket.offers.ingested.v1',
    ]);
    expect(after!.configs['cleanup.policy']).toBe('compact');
    expect(after!.configs['max.message.bytes']).toBe('2000000');
    expect(after!.configs['segment.ms']).toBe('3600000');
    expect(refreshed!.partitions).toBe(2);
    expect(ingested!.partitions).toBe(3); // never decreased
  });

  it('deletes only prefixed topics unless told otherwise', async () => {
    const unprefixed = createEventBus({ brokers, clientId: prefix, logger });
    await expect(unprefixed.deleteTopics()).rejects.toThrow(
      'refusing to delete the unprefixed topics',
    );
    await unprefixed.disconnect();
    expect((await bus.deleteTopics()).sort()).toEqual(
      topicKeys.map((key) => bus.topicName(key)).sort(),
    );
  });
});
