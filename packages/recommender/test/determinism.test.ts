import { describe, expect, it } from 'vitest';
import { timeSplit, train, type RomeReferential } from '../src/index.js';
import { sharedData } from './helpers.js';

/** A small configuration and a slice of the referential keep this test fast; determinism does not depend on size. */
const SMALL = { dim: 16, epochs: 2, foldEpochs: 1, queriesPerTask: 30 };

function slice(ref: RomeReferential): RomeReferential {
  return { ...ref, appellations: ref.appellations.filter((_, i) => i % 5 === 0) };
}

describe('training', () => {
  it('is deterministic for a seed: identical ONNX bytes, metadata and scores', async () => {
    const data = sharedData();
    const { train: offers, evaluation } = timeSplit(data.offers);
    const referential = slice(data.referential);
    const a = await train(offers, { seed: 7, referential, config: SMALL });
    const b = await train(offers, { seed: 7, referential, config: SMALL });
    expect(Buffer.from(b.onnxBytes).equals(Buffer.from(a.onnxBytes))).toBe(true);
    expect(b.metadata.onnx.sha256).toBe(a.metadata.onnx.sha256);
    // Only wall-clock durations may differ between the two runs.
    const timeless = (m: typeof a.metadata) => ({
      ...m,
      training: { ...m.training, seconds: 0 },
      metrics: { training: { ...a.metrics, trainingSeconds: 0 } },
    });
    expect(timeless(b.metadata)).toEqual(timeless(a.metadata));
    expect({ ...b.metrics, trainingSeconds: 0 }).toEqual({ ...a.metrics, trainingSeconds: 0 });
    const profile = {
      desiredTitles: ['Aide à domicile'],
      location: { latitude: 46.2, longitude: 5.2 },
    };
    await a.model.indexOffers(evaluation);
    await b.model.indexOffers(evaluation);
    expect([...(await b.model.scoreAll(profile))]).toEqual([...(await a.model.scoreAll(profile))]);
    const c = await train(offers, { seed: 8, referential, config: SMALL });
    expect(c.metadata.onnx.sha256).not.toBe(a.metadata.onnx.sha256);
  });

  it('reports progress with epochs, loss and an ETA', async () => {
    const data = sharedData();
    const events: Array<{ stage: string; epoch?: number; loss?: number; etaSeconds?: number }> = [];
    await train(timeSplit(data.offers).train.slice(0, 120), {
      seed: 1,
      referential: slice(slice(data.referential)),
      config: { ...SMALL, folds: 2 },
      onProgress: (p) => events.push(p),
    });
    const epochs = events.filter((e) => e.stage === 'encoder');
    expect(epochs.length).toBeGreaterThanOrEqual(4);
    for (const e of epochs) {
      expect(e.epoch).toBeGreaterThan(0);
      expect(Number.isFinite(e.loss)).toBe(true);
      expect(e.etaSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(events.at(-1)?.stage).toBe('export');
  });
});
