import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleInteraction,
  exampleOfferIngested,
  exampleWarehouseRefreshed,
  TOPICS,
  type EventBus,
} from '@jobmarket/events';
import { LocalModelRegistry, openModelRegistry, TAGS } from '@jobmarket/model-registry';
import { requireInfrastructure } from '@jobmarket/testing';
import { runRetrain } from '../src/run.js';
import { capturingLogger, publishedModels, sampleWarehouse, testBus, WEAK } from './helpers.js';

/*
 * The retrain job with the embedded registry (no MLFLOW_TRACKING_URI: a local model directory)
 * on the real curated sample's warehouse and the real Kafka: first model, events counted, progress
 * logged, idempotence, the new-offers threshold.
 */
describe('retrain with the local model directory', { timeout: 240_000 }, () => {
  const { logger, lines } = capturingLogger();
  let bus: EventBus;
  let warehouse: Awaited<ReturnType<typeof sampleWarehouse>>;
  let registry: LocalModelRegistry;
  const modelName = 'jobmarket-reco';

  const retrain = (extra: { force?: boolean; minNewOffers?: number } = {}) =>
    runRetrain({
      bus,
      warehouseUrl: warehouse.warehouseUrl,
      registry,
      modelName,
      logger,
      config: WEAK,
      resamples: 100,
      ...extra,
    });

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    warehouse = await sampleWarehouse();
    const opened = openModelRegistry({ trackingUri: undefined, dataDir: warehouse.dir });
    expect(opened.kind).toBe('local');
    registry = opened as LocalModelRegistry;
    bus = testBus(logger);
    await bus.provisionTopics();
  });

  afterAll(async () => {
    await bus?.disconnect();
    await warehouse?.remove();
  });

  it('trains the first model from the warehouse, with progress, and counts what arrived', async () => {
    const producer = bus.producer();
    await producer.send(TOPICS.offersIngested, [
      { key: 'francetravail:183DSTK', value: exampleOfferIngested },
      { key: 'adzuna:1', value: { ...exampleOfferIngested, source: 'adzuna', sourceId: '1' } },
    ]);
    await producer.send(TOPICS.interactions, [
      { key: exampleInteraction.userId, value: exampleInteraction },
      {
        key: exampleInteraction.userId,
        value: { ...exampleInteraction, interactionId: 'b', kind: 'LIKE' },
      },
    ]);
    await producer.send(TOPICS.warehouseRefreshed, [
      { key: exampleWarehouseRefreshed.runId, value: exampleWarehouseRefreshed },
    ]);
    await producer.disconnect();

    const summary = await retrain();
    expect(summary.status, summary.error).toBe('trained');
    expect(summary.events).toEqual({
      warehouseRefreshed: 1,
      offersIngested: 2,
      offersIngestedBySource: { francetravail: 1, adzuna: 1 },
      interactions: { total: 2, LIKE: 1, DISLIKE: 0, HIDE: 1 },
    });
    expect(summary.registry.kind).toBe('local');
    expect(summary.model?.version).toBe('1');
    expect(summary.champion).toBe('1');
    // Every France Travail offer of the sample carries its source ROME code; Adzuna's none.
    expect(summary.data!.withRomeCode).toBeGreaterThan(500);
    expect(summary.data!.offers).toBeGreaterThan(summary.data!.withRomeCode);
    const window = summary.data!.evaluationWindow!;
    expect(summary.data!.training + window.offers).toBe(summary.data!.withRomeCode);
    // The model beats BM25 on the frozen window's tasks.
    for (const task of ['title', 'freetext']) {
      expect(summary.evaluation![`${task}.ndcg@10`]).toBeGreaterThan(
        summary.evaluation![`${task}.bm25.ndcg@10`]!,
      );
    }

    // Progress: epochs, loss and ETA while training.
    const progress = lines.filter((l) => l.stage === 'encoder' && typeof l.loss === 'number');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(
      progress.every((l) => typeof l.epoch === 'number' && typeof l.etaSeconds === 'number'),
    ).toBe(true);

    // The local directory holds what MLflow holds: the artifact, metadata, metrics, the pointer.
    const dir = join(warehouse.dir, 'models', modelName);
    for (const file of [
      '1/model.onnx',
      '1/metadata.json',
      '1/version.json',
      'champion.json',
      'evaluation-window.json',
    ])
      expect(existsSync(join(dir, file)), file).toBe(true);
    const version = JSON.parse(readFileSync(join(dir, '1/version.json'), 'utf8')) as {
      fingerprint: string;
      metrics: Record<string, number>;
      tags: Record<string, string>;
    };
    expect(version.fingerprint).toBe(summary.data!.fingerprint);
    expect(version.tags[TAGS.published]).toBe('true');
    const run = JSON.parse(
      readFileSync(join(dir, 'runs', summary.model!.runId!, 'run.json'), 'utf8'),
    ) as { status: string; metrics: Record<string, unknown[]>; params: Record<string, string> };
    expect(run.status).toBe('FINISHED');
    expect(Object.keys(run.metrics)).toContain('title.model.ndcg_at_10');
    expect(run.metrics['loss.encoder.final']!.length).toBe(1);
    expect(run.params['events.interactions']).toBe('2');

    const published = await publishedModels(bus);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ modelName, version: '1', champion: true, format: 'onnx' });
    expect(published[0]!.artifactUri).toMatch(
      /^file:\/\/.*\/models\/jobmarket-reco\/1\/model\.onnx$/,
    );
  });

  it('does nothing without a refresh, and registers nothing new for the same data and seed', async () => {
    const idle = await retrain();
    expect(idle.status).toBe('skipped');
    expect(idle.reason).toMatch(/no warehouse.refreshed event/);

    const forced = await retrain({ force: true });
    expect(forced.status).toBe('unchanged');
    expect(forced.model?.version).toBe('1');
    expect((await registry.versions(modelName)).map((v) => v.version)).toEqual(['1']);
    expect(await publishedModels(bus)).toHaveLength(1);
  });

  it('waits for enough new offers after a refresh', async () => {
    const producer = bus.producer();
    await producer.send(TOPICS.warehouseRefreshed, [
      { key: 'refresh-2', value: { ...exampleWarehouseRefreshed, runId: 'refresh-2' } },
    ]);
    await producer.disconnect();
    // Same data: the fingerprint says so before the threshold is even looked at.
    const same = await retrain({ minNewOffers: 1 });
    expect(same.status).toBe('unchanged');

    // Another seed is another model, but no offer arrived since version 1: below the threshold.
    await (async () => {
      const p = bus.producer();
      await p.send(TOPICS.warehouseRefreshed, [
        { key: 'refresh-3', value: { ...exampleWarehouseRefreshed, runId: 'refresh-3' } },
      ]);
      await p.disconnect();
    })();
    const waiting = await runRetrain({
      bus,
      warehouseUrl: warehouse.warehouseUrl,
      registry,
      modelName,
      logger,
      config: WEAK,
      seed: 9,
      minNewOffers: 1,
    });
    expect(waiting.status).toBe('skipped');
    expect(waiting.data?.newOffersSinceLastTraining).toBe(0);
    expect(waiting.reason).toMatch(/0 new offers with a ROME code since version 1 \(threshold 1\)/);
    expect((await registry.versions(modelName)).map((v) => v.version)).toEqual(['1']);
  });
});
