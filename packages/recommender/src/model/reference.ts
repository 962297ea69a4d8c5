import { LOG_EPSILON } from '../onnx/graph.js';
import type { SparseBag } from '../text/features.js';
import { classLogits, encodeBag } from './encoder.js';
import { PAIR_FEATURES } from './features.js';
import type { ModelParts, RankInput, ScoringBackend } from './parts.js';

export const GRAPH_FEATURE_COUNT = 5;
export const FEATURE_COUNT = GRAPH_FEATURE_COUNT + PAIR_FEATURES.length;

/** Domain probabilities from class probabilities (last slot = unknown domain, always 0). */
export function domainProbabilities(parts: ModelParts, probs: ArrayLike<number>): Float64Array {
  const D = parts.domains.length;
  const out = new Float64Array(D + 1);
  for (let c = 0; c < parts.classes.length; c++) {
    const d = parts.domainOfClass[c] as number;
    out[d] = (out[d] as number) + (probs[c] as number);
  }
  return out;
}

/**
 * The ranking feature rows of M offers (M × FEATURE_COUNT, float64), exactly as the graph builds
 * them: [cos, p(rome), ln(p(rome)+δ), p(domain), ln(p(domain)+δ), pair features…].
 */
export function featureRows(parts: ModelParts, input: RankInput): Float64Array {
  const K = parts.encoder.dim;
  const C = parts.classes.length;
  const F = PAIR_FEATURES.length;
  const X = GRAPH_FEATURE_COUNT + F;
  const domainP = domainProbabilities(parts, input.queryRomeProbs);
  const rows = new Float64Array(input.count * X);
  const q = input.queryEmbedding;
  for (let m = 0; m < input.count; m++) {
    let sim = 0;
    const base = m * K;
    for (let k = 0; k < K; k++)
      sim += (input.offerEmbeddings[base + k] as number) * (q[k] as number);
    const r = input.offerRome[m] as number;
    const romeP = r >= 0 && r < C ? (input.queryRomeProbs[r] as number) : 0;
    const d = input.offerDomain[m] as number;
    const domP = d >= 0 && d < domainP.length ? (domainP[d] as number) : 0;
    const o = m * X;
    rows[o] = sim;
    rows[o + 1] = romeP;
    rows[o + 2] = Math.log(romeP + LOG_EPSILON);
    rows[o + 3] = domP;
    rows[o + 4] = Math.log(domP + LOG_EPSILON);
    for (let f = 0; f < F; f++)
      rows[o + GRAPH_FEATURE_COUNT + f] = input.pairFeatures[m * F + f] as number;
  }
  return rows;
}

export function logitsFromRows(parts: ModelParts, rows: Float64Array, count: number): Float64Array {
  const X = FEATURE_COUNT;
  const out = new Float64Array(count);
  for (let m = 0; m < count; m++) {
    let acc = parts.rankerBias;
    for (let f = 0; f < X; f++)
      acc += (parts.rankerWeights[f] as number) * (rows[m * X + f] as number);
    out[m] = acc;
  }
  return out;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The TypeScript reference implementation of the scoring graph. */
export class ReferenceBackend implements ScoringBackend {
  readonly kind = 'reference' as const;

  constructor(private readonly parts: ModelParts) {}

  async encode(bags: SparseBag[]): Promise<Float32Array> {
    const K = this.parts.encoder.dim;
    const out = new Float32Array(bags.length * K);
    const h = new Float64Array(K);
    bags.forEach((bag, n) => {
      encodeBag(this.parts.encoder, bag, h);
      for (let k = 0; k < K; k++) out[n * K + k] = h[k] as number;
    });
    return out;
  }

  async classify(embeddings: Float32Array, count: number): Promise<Float32Array> {
    const K = this.parts.encoder.dim;
    const C = this.parts.classes.length;
    const out = new Float32Array(count * C);
    const z = new Float64Array(C);
    for (let q = 0; q < count; q++) {
      classLogits(this.parts.encoder, embeddings.subarray(q * K, (q + 1) * K), z);
      out.set(z, q * C);
    }
    return out;
  }

  async rank(input: RankInput): Promise<Float32Array> {
    const rows = featureRows(this.parts, input);
    const logits = logitsFromRows(this.parts, rows, input.count);
    return Float32Array.from(logits, sigmoid);
  }

  async close(): Promise<void> {}
}
