import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '@jobmarket/events';
import { MlflowModelRegistry, TAGS } from '@jobmarket/model-registry';
import { loadModel } from '@jobmarket/recommender';
import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { runRetrain, type RetrainSummary } from '../src/run.js';
import {
  capturingLogger,
  publishedModels,
  sampleWarehouse,
  SMALL,
  testBus,
  trackingUri,
  WEAK,
} from './helpers.js';

/*
 * The retrain job against the real MLflow tracking server (scripts/infra/mlflow.sh) and the real
 * Kafka, on the real curated sample's warehouse: a run is logged with its parameters, the whole
 * evaluation table and the artifacts; a version is registered; the champion alias moves only when
 * the challenger wins on the frozen window; a worse model is registered but not promoted.
 */
describe('retrain with the real MLflow server', { timeout: 240_000 }, () => {
  const { logger } = capturingLogger();
  const modelName = uniqueName('reco-test');
  const experimentName = uniqueName('retrain-test');
  let registry: MlflowModelRegistry;
  let bus: EventBus;
  let warehouse: Awaited<ReturnType<typeof sampleWarehouse>>;
  const runs: RetrainSummary[] = [];

  const api = <T>(path: string, query: Record<string, string>) =>
    registry.client.api<T>('GET', path, query);

  const retrain = async (config: typeof WEAK, seed = 42) => {
    const summary = await runRetrain({
      bus,
      warehouseUrl: warehouse.warehouseUrl,
      registry,
      modelName,
      logger,
      seed,
      config,
      force: true,
      resamples: 200,
    });
    runs.push(summary);
    return summary;
  };

  beforeAll(async () => {
    await requireInfrastructure('kafka', 'mlflow');
    warehouse = await sampleWarehouse();
    registry = new MlflowModelRegistry({ trackingUri, experimentName });
    bus = testBus(logger);
  });

  afterAll(async () => {
    await bus?.disconnect();
    await warehouse?.remove();
    // The test's registered model and experiment go (the experiment is soft-deleted by MLflow).
    await registry?.client
      .api('DELETE', 'registered-models/delete', { name: modelName })
      .catch(() => undefined);
    const experimentId = await registry?.experiment().catch(() => null);
    if (experimentId)
      await registry.client.api('POST', 'experiments/delete', { experiment_id: experimentId });
  });

  it('logs a run, registers version 1 and makes it the champion when no model exists', async () => {
    const first = await retrain(WEAK);
    expect(first.status, first.error).toBe('trained');
    expect(first.model?.version).toBe('1');
    expect(first.promoted).toBe(true);
    expect(first.champion).toBe('1');

    const run = await api<{
      run: {
        info: { status: string };
        data: {
          metrics: { key: string; value: number }[];
          params: { key: string; value: string }[];
        };
      };
    }>('runs/get', { run_id: first.model!.runId! });
    expect(run.run.info.status).toBe('FINISHED');
    const metrics = new Map(run.run.data.metrics.map((m) => [m.key, m.value]));
    // The whole evaluation table: every task × method × metric with its CI.
    for (const task of ['skills', 'title', 'freetext']) {
      for (const method of ['random', 'popularity', 'bm25', 'skills', 'model', 'model-noloc']) {
        for (const metric of ['ndcg_at_10', 'recall_at_50', 'mrr']) {
          expect(metrics.has(`${task}.${method}.${metric}`), `${task}.${method}.${metric}`).toBe(
            true,
          );
          expect(metrics.has(`${task}.${method}.${metric}.ci_low`)).toBe(true);
        }
      }
    }
    expect(metrics.get('training.offers')).toBeGreaterThan(300);
    const params = new Map(run.run.data.params.map((p) => [p.key, p.value]));
    expect(params.get('seed')).toBe('42');
    expect(params.get('config.dim')).toBe('8');
    expect(params.get('config.rankerL2')).toBe('100000');
    expect(params.get('data.window_from')).toBe(first.data!.evaluationWindow!.from);

    const artifacts = await api<{ files: { path: string }[] }>('artifacts/list', {
      run_id: first.model!.runId!,
      path: 'model',
    });
    expect(artifacts.files.map((f) => f.path).sort()).toEqual([
      'model/metadata.json',
      'model/model.onnx',
    ]);
    // What MLflow serves back loads: checksum, graph and probe all check out.
    const version = (await registry.getVersion(modelName, '1'))!;
    expect(version.tags[TAGS.decision]).toBe('promote');
    const fetched = await registry.fetchArtifact(version);
    const model = await loadModel(fetched.onnxBytes, fetched.metadataText, {
      backend: 'reference',
    });
    expect(model.metadata.metrics).toHaveProperty('evaluation');
    await model.close();
  });

  it('moves the champion alias to a challenger that wins on the frozen window', async () => {
    const second = await retrain(SMALL);
    expect(second.status, second.error).toBe('trained');
    expect(second.model?.version).toBe('2');
    expect(second.comparison?.champion).toBe('1');
    expect(second.comparison?.challengerWins).toBe(true);
    expect(second.comparison?.meanDeltaNdcg10).toBeGreaterThan(0);
    expect(second.promoted).toBe(true);
    expect((await registry.champion(modelName))?.version).toBe('2');
  });

  it('registers a worse model without promoting it', async () => {
    const third = await retrain(WEAK, 7);
    expect(third.status, third.error).toBe('trained');
    expect(third.model?.version).toBe('3');
    expect(third.comparison?.champion).toBe('2');
    expect(third.comparison?.challengerWins).toBe(false);
    expect(third.promoted).toBe(false);
    expect((await registry.champion(modelName))?.version).toBe('2');
    const version = (await registry.getVersion(modelName, '3'))!;
    expect(version.tags[TAGS.decision]).toBe('keep');
    expect(version.aliases).toEqual([]);
    // The same data, seed and configuration again: no new version.
    const again = await retrain(WEAK, 7);
    expect(again.status).toBe('unchanged');
    expect((await registry.versions(modelName)).map((v) => v.version)).toEqual(['3', '2', '1']);
  });

  it('published every version on models.published, champion only when it serves', async () => {
    const published = await publishedModels(bus);
    expect(published.map((p) => [p.version, p.champion])).toEqual([
      ['1', true],
      ['2', true],
      ['3', false],
    ]);
    for (const event of published) {
      expect(event.modelName).toBe(modelName);
      expect(event.artifactUri).toMatch(/^mlflow-artifacts:\/.*\/model\/model\.onnx$/);
      expect(event.metrics['title.ndcg@10']).toBeGreaterThan(0);
    }
    expect(new Set(published.map((p) => p.runId)).size).toBe(3);
  });
});
