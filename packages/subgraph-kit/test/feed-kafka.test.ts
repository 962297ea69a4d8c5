import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventBus,
  exampleCuratedOffer,
  type CuratedOffer,
  type EventBus,
} from '@jobmarket/events';
import { createLogger } from '@jobmarket/telemetry';
import { requireInfrastructure, uniqueName, waitFor } from '@jobmarket/testing';
import { createMetrics, createReadModelFeed, openStore, type Store } from '../src/index.js';

const logger = createLogger({
  service: 'kit-feed-test',
  level: 'warn',
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

describe('read model fed from the real curated topic', () => {
  let bus: EventBus;
  let store: Store;

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    bus = createEventBus({
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      clientId: 'subgraph-kit-test',
      topicPrefix: uniqueName('kit'),
      logger,
    });
    await bus.provisionTopics();
    store = await openStore({ subgraph: 'kit-feed', dataDir: 'memory://', extensions: [] });
    await store.exec('create table offer (id text primary key, title text not null)');
  });

  afterAll(async () => {
    await bus?.disconnect();
    await store?.close();
  });

  it('applies upserts and tombstones from Kafka and reports its lag', async () => {
    const offer = (id: string, title: string): CuratedOffer => ({
      ...exampleCuratedOffer,
      id,
      title,
    });
    const producer = bus.producer();
    await producer.send('jobmarket.offers.curated.v1', [
      { key: 'ft:1', value: offer('ft:1', 'Développeur Java') },
      { key: 'ft:2', value: offer('ft:2', 'Data engineer') },
      { key: 'ft:1', value: offer('ft:1', 'Développeur Java senior') },
      { key: 'ft:2', value: null },
    ]);
    const metrics = createMetrics('kit-feed-test', { defaultMetrics: false });
    const feed = createReadModelFeed<CuratedOffer>({
      bus,
      groupId: 'subgraph-kit-test',
      store,
      logger,
      metrics,
      maxLag: 0,
      lagPollMs: 0,
      upsert: async (tx, id, value) => {
        await tx.query(
          'insert into offer (id, title) values ($1, $2) on conflict (id) do update set title = excluded.title',
          [id, value.title],
        );
      },
      remove: async (tx, id) => {
        await tx.query('delete from offer where id = $1', [id]);
      },
    });
    await feed.start();
    try {
      await waitFor(async () => (await feed.lag()) === 0 && feed.stats().deletes === 1, {
        timeoutMs: 60_000,
        what: 'the feed to catch up',
      });
      expect((await store.query('select id, title from offer')).rows).toEqual([
        { id: 'ft:1', title: 'Développeur Java senior' },
      ]);
      expect(await feed.readiness.check()).toMatchObject({ lag: 0, group: 'subgraph-kit-test' });
      expect(await metrics.registry.metrics()).toMatch(
        /read_model_events_total\{group="subgraph-kit-test",kind="upsert"[^}]*\} 3/,
      );
    } finally {
      await feed.stop();
      await producer.disconnect();
    }
  });
});
