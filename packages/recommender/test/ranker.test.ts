import { describe, expect, it } from 'vitest';
import { fitPairwiseRanker } from '../src/model/ranker.js';

describe('fitPairwiseRanker', () => {
  it('keeps the bias finite when every prediction saturates', () => {
    // Row 0 ranks above row 1, yet neither is relevant: with large feature values the pointwise
    // predictions start saturated, the case where an undamped Newton step ran off to -1e13.
    const fit = fitPairwiseRanker(
      {
        features: Float64Array.from([60, 40]),
        dim: 1,
        pairs: [[0, 1, 1]],
        labels: Uint8Array.from([0, 0]),
      },
      { l2: 1e-3 },
    );
    expect(Number.isFinite(fit.bias)).toBe(true);
    expect(Math.abs(fit.bias)).toBeLessThan(1e4);
    const score = (x: number) => 1 / (1 + Math.exp(-((fit.weights[0] as number) * x + fit.bias)));
    expect(score(60)).toBeGreaterThan(score(40));
    expect(score(60)).toBeLessThan(0.5);
  });
});
