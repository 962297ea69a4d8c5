import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalModelRegistry } from '@jobmarket/model-registry';
import {
  loadFranceTravailDir,
  loadRomeReferential,
  resolveSharedDataDir,
  train,
} from '@jobmarket/recommender';
import { loadRegistryClassifier } from '../src/rome-classifier.js';
import { capturingLogger } from './helpers.js';

/*
 * The classifier the transform job applies between silver and gold is the model registry's
 * champion (the local model directory here; MLflow goes through the same port): none yet means no
 * classifier and a log line; with one, titles get ROME codes of the right shape and domain.
 */
describe('the ROME classifier from the model registry', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'transform-classifier-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const { logger, lines } = capturingLogger();

  it('is absent until a champion exists, then predicts codes with it', async () => {
    expect(
      await loadRegistryClassifier({ dataDir, modelName: 'jobmarket-reco', logger }),
    ).toBeNull();
    expect(lines.some((l) => String(l.msg).startsWith('no champion model yet'))).toBe(true);

    const shared = resolveSharedDataDir(null);
    const full = loadRomeReferential(shared);
    const referential = { ...full, appellations: full.appellations.filter((_, i) => i % 3 === 0) };
    const offers = loadFranceTravailDir(join(shared, 'francetravail')).offers;
    const { onnxBytes, metadata } = await train(offers, {
      seed: 42,
      referential,
      config: { dim: 16, epochs: 2, foldEpochs: 1, queriesPerTask: 20 },
    });
    const registry = new LocalModelRegistry(join(dataDir, 'models'));
    const run = await registry.startRun({ modelName: 'jobmarket-reco', runName: 'test' });
    const version = await registry.registerVersion({
      modelName: 'jobmarket-reco',
      run,
      artifact: { onnxBytes, metadata },
      fingerprint: 'test',
      metrics: {},
    });
    await registry.setChampion('jobmarket-reco', version.version);

    const classifier = await loadRegistryClassifier({
      dataDir,
      modelName: 'jobmarket-reco',
      logger,
    });
    expect(classifier?.version).toBe('jobmarket-reco/1');
    const predictions = await classifier!.predict([
      {
        offerId: 'adzuna:1',
        title: 'Développeur Java / Développeuse Java',
        description: 'Spring, API REST',
      },
      {
        offerId: 'adzuna:2',
        title: 'Aide-soignant de nuit (H/F)',
        description: 'EHPAD, soins aux résidents',
      },
      { offerId: 'adzuna:3', title: 'Comptable confirmé', description: null },
    ]);
    await classifier!.close();
    expect(predictions.map((p) => p.offerId)).toEqual(['adzuna:1', 'adzuna:2', 'adzuna:3']);
    for (const p of predictions) {
      expect(p.romeCode).toMatch(/^[A-N]\d{4}$/);
      expect(p.score).toBeGreaterThan(0);
      expect(p.score).toBeLessThanOrEqual(1);
    }
    expect(predictions[0]!.romeCode.slice(0, 3)).toBe('M18');
    expect(predictions[1]!.romeCode[0]).toBe('J');
    expect(predictions[2]!.romeCode.slice(0, 3)).toBe('M12');
  });
});
