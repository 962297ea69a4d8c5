import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelArtifactError, type ModelMetadata } from '@jobmarket/recommender';
import {
  fetchArtifactBytes,
  LocalModelRegistry,
  metadataUriFor,
  metricKey,
  mlflowArtifactUrl,
  openModelRegistry,
  TAGS,
} from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'registry-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const artifact = (trainedAt: string) => ({
  onnxBytes: new Uint8Array([8, 1, 2, 3]),
  metadata: { trainedAt, modelName: 'm' } as unknown as ModelMetadata,
});

describe('the local model directory', () => {
  it('is the registry when no tracking URI is configured, MLflow otherwise', () => {
    expect(openModelRegistry({ dataDir: root }).kind).toBe('local');
    expect(openModelRegistry({ dataDir: root, trackingUri: 'http://127.0.0.1:5000' }).kind).toBe(
      'mlflow',
    );
    expect(() => openModelRegistry({ dataDir: root, trackingUri: 'sqlite:///mlflow.db' })).toThrow(
      /http/,
    );
  });

  it('numbers versions, keeps the champion pointer and freezes the evaluation window once', async () => {
    const registry = new LocalModelRegistry(join(root, 'models'));
    expect(await registry.champion('m')).toBeNull();
    expect(await registry.versions('m')).toEqual([]);
    const run = await registry.startRun({ modelName: 'm', runName: 'r1' });
    await run.logParams({ seed: 42 });
    await run.logMetrics({ 'title.model.ndcg@10': 0.9 });
    const [v1, v2] = await Promise.all([
      registry.registerVersion({
        modelName: 'm',
        run,
        artifact: artifact('2025-01-01T00:00:00.000Z'),
        fingerprint: 'a',
        metrics: { x: 1 },
      }),
      registry.registerVersion({
        modelName: 'm',
        run,
        artifact: artifact('2025-02-01T00:00:00.000Z'),
        fingerprint: 'b',
        metrics: { x: 2 },
      }),
    ]);
    // Two registrations at once never share a number.
    expect([v1!.version, v2!.version].sort()).toEqual(['1', '2']);
    await run.end('FINISHED');
    await registry.setChampion('m', '1');
    expect((await registry.champion('m'))?.version).toBe('1');
    const versions = await registry.versions('m');
    expect(versions.map((v) => [v.version, v.aliases])).toEqual([
      ['2', []],
      ['1', ['champion']],
    ]);
    await registry.setVersionTags('m', '2', { [TAGS.published]: 'true' });
    expect((await registry.getVersion('m', '2'))?.tags[TAGS.published]).toBe('true');
    await expect(registry.setChampion('m', '9')).rejects.toThrow(/no version 9/);

    const fetched = await registry.fetchArtifact(versions[0]!);
    expect(Array.from(fetched.onnxBytes)).toEqual([8, 1, 2, 3]);
    expect(JSON.parse(fetched.metadataText)).toMatchObject({ modelName: 'm' });

    const window = { from: 'a', to: 'b', offers: 3, frozenAt: 'now', rule: 'r' };
    expect(await registry.freezeEvaluationWindow('m', window)).toEqual(window);
    expect(await registry.freezeEvaluationWindow('m', { ...window, from: 'z' })).toEqual(window);
  });
});

describe('artifact URIs', () => {
  it('finds the metadata next to the ONNX file and MLflow artifacts through the server', () => {
    expect(metadataUriFor('mlflow-artifacts:/3/abc/artifacts/model/model.onnx')).toBe(
      'mlflow-artifacts:/3/abc/artifacts/model/metadata.json',
    );
    expect(
      mlflowArtifactUrl('mlflow-artifacts:/3/abc/artifacts/model/model.onnx', 'http://h:5000/'),
    ).toBe('http://h:5000/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/model/model.onnx');
    expect(metricKey('title.model.ndcg@10')).toBe('title.model.ndcg_at_10');
  });

  it('reports a missing artifact as MISSING', async () => {
    await expect(fetchArtifactBytes(`file://${root}/nothing/model.onnx`)).rejects.toBeInstanceOf(
      ModelArtifactError,
    );
    await expect(fetchArtifactBytes('mlflow-artifacts:/1/x/model.onnx')).rejects.toThrow(
      /MLFLOW_TRACKING_URI/,
    );
  });
});
