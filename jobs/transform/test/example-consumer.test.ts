/**
 * The example consumer of docs/events.md against a real broker: it rebuilds the open offers from
 * the compacted topic (last value per key, tombstones delete), then its CLI prints the summary.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, exampleCuratedOffer, TOPICS, type EventBus } from '@jobmarket/events';
import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { repositoryRoot } from '../src/config.js';
import { applyMessage, readCuratedOffers, type CuratedState } from '../src/example-consumer.js';
import { brokers, capturingLogger } from './helpers.js';

const execFileAsync = promisify(execFile);
const prefix = `${uniqueName('example-consumer')}.`;
let bus: EventBus;

const offer = (id: string, type: 'CDI' | 'CDD', title: string) => ({
  ...exampleCuratedOffer,
  id,
  title,
  contract: { ...exampleCuratedOffer.contract, type },
});

beforeAll(async () => {
  await requireInfrastructure('kafka');
  bus = createEventBus({
    brokers,
    clientId: 'example-consumer-test',
    topicPrefix: prefix,
    logger: capturingLogger().logger,
  });
  await bus.provisionTopics();
  const producer = bus.producer();
  await producer.send(TOPICS.offersCurated, [
    { key: 'francetravail:A1', value: offer('francetravail:A1', 'CDI', 'first version') },
    { key: 'adzuna:B2', value: offer('adzuna:B2', 'CDD', 'B') },
    { key: 'francetravail:C3', value: offer('francetravail:C3', 'CDI', 'C') },
  ]);
  await producer.send(TOPICS.offersCurated, [
    { key: 'francetravail:A1', value: offer('francetravail:A1', 'CDI', 'second version') },
    { key: 'francetravail:C3', value: null },
  ]);
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await bus?.deleteTopics().catch(() => undefined);
  await bus?.disconnect();
});

describe('example consumer of offers.curated', () => {
  it('rebuilds the open offers: last value per key wins, a tombstone closes the offer', async () => {
    const state = await readCuratedOffers({ brokers, topic: bus.topicName(TOPICS.offersCurated) });
    expect([...state.offers.keys()].sort()).toEqual(['adzuna:B2', 'francetravail:A1']);
    expect(state.offers.get('francetravail:A1')?.title).toBe('second version');
    expect(state).toMatchObject({ messages: 5, tombstones: 1, skipped: 0 });
  }, 60_000);

  it('applies messages idempotently and skips unknown schema versions', () => {
    const state: CuratedState = { offers: new Map(), messages: 0, tombstones: 0, skipped: 0 };
    const value = Buffer.from(JSON.stringify(offer('adzuna:B2', 'CDD', 'B')));
    applyMessage(state, {
      key: Buffer.from('adzuna:B2'),
      value,
      headers: { 'schema-version': Buffer.from('1') },
    });
    applyMessage(state, {
      key: Buffer.from('adzuna:B2'),
      value,
      headers: { 'schema-version': Buffer.from('1') },
    });
    applyMessage(state, {
      key: Buffer.from('x:1'),
      value,
      headers: { 'schema-version': Buffer.from('2') },
    });
    expect(state.offers.size).toBe(1);
    expect(state.skipped).toBe(1);
    applyMessage(state, { key: Buffer.from('adzuna:B2'), value: null, headers: {} });
    expect(state.offers.size).toBe(0);
  });

  it('`npm run example:consumer` prints a one-line JSON summary', async () => {
    const { stdout } = await execFileAsync(
      'npx',
      ['tsx', 'jobs/transform/src/example-consumer.ts'],
      {
        cwd: repositoryRoot,
        env: { ...process.env, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix },
        timeout: 60_000,
      },
    );
    const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(summary).toMatchObject({ openOffers: 2, tombstones: 1, byContract: { CDI: 1, CDD: 1 } });
  }, 90_000);
});
