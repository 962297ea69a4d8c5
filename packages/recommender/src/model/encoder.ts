import { Rng } from '../random.js';
import type { SparseBag } from '../text/features.js';

/**
 * The text encoder: a supervised bag-of-n-grams projection (fastText-like). An item's sparse bag
 * x is projected by E (V × K), L2-normalised to h, and a softmax head (R: C × K, bias: C) reads
 * the ROME code from h. Training pushes texts of the same ROME code to the same region of the
 * latent space, so h is both the embedding used for similarity and the input of the ROME
 * classifier. All weights are float32 (exactly what the ONNX graph holds).
 */
export interface EncoderWeights {
  vocabSize: number;
  dim: number;
  classes: number;
  /** V × K, row 0 (padding) stays zero. */
  embedding: Float32Array;
  /** C × K. */
  classWeights: Float32Array;
  /** C. */
  classBias: Float32Array;
}

export const NORM_EPSILON = 1e-12;

/** h = s / sqrt(|s|² + ε), s = Σ wᵢ E[idᵢ]; computed in float64 from float32 weights. */
export function encodeBag(
  weights: EncoderWeights,
  bag: SparseBag,
  out?: Float64Array,
): Float64Array {
  const K = weights.dim;
  const s = out ?? new Float64Array(K);
  s.fill(0);
  const E = weights.embedding;
  for (let t = 0; t < bag.ids.length; t++) {
    const w = bag.weights[t] as number;
    const base = (bag.ids[t] as number) * K;
    for (let k = 0; k < K; k++) s[k] = (s[k] as number) + w * (E[base + k] as number);
  }
  let norm = 0;
  for (let k = 0; k < K; k++) norm += (s[k] as number) ** 2;
  const inv = 1 / Math.sqrt(norm + NORM_EPSILON);
  for (let k = 0; k < K; k++) s[k] = (s[k] as number) * inv;
  return s;
}

/** ROME logits of an encoded item. */
export function classLogits(
  weights: EncoderWeights,
  h: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const { dim: K, classes: C, classWeights: R, classBias: b } = weights;
  const z = out ?? new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let acc = b[c] as number;
    const base = c * K;
    for (let k = 0; k < K; k++) acc += (R[base + k] as number) * (h[k] as number);
    z[c] = acc;
  }
  return z;
}

export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if ((z[i] as number) > max) max = z[i] as number;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp((z[i] as number) - max);
    sum += z[i] as number;
  }
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) / sum;
  return z;
}

export interface EncoderExample {
  bag: SparseBag;
  label: number;
  /** Sample weight (how many times the example counts per epoch). */
  weight: number;
}

export interface EncoderTrainOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  /** Negative classes sampled per example (sampled softmax); 0 = full softmax. */
  negatives: number;
  seed: number;
  /**
   * Optional confusable classes per class (e.g. the other codes of its ROME domain): half of the
   * negatives are drawn from the positive's pool, which sharpens fine distinctions.
   */
  negativePools?: Int32Array[];
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains the encoder by SGD with a linearly decaying learning rate over seeded-shuffled examples
 * (sampled softmax with uniform negatives). Deterministic for a seed: same examples, same order,
 * same arithmetic.
 */
export function trainEncoder(
  examples: EncoderExample[],
  vocabSize: number,
  classes: number,
  options: EncoderTrainOptions,
): EncoderWeights {
  const K = options.dim;
  const rng = new Rng(options.seed);
  const E = new Float32Array(vocabSize * K);
  const scale = 1 / K;
  for (let i = K; i < E.length; i++) E[i] = (rng.next() * 2 - 1) * scale;
  const R = new Float32Array(classes * K);
  const bias = new Float32Array(classes);
  const weights: EncoderWeights = {
    vocabSize,
    dim: K,
    classes,
    embedding: E,
    classWeights: R,
    classBias: bias,
  };

  // Expand sample weights into repeated entries (integer part) plus a seeded Bernoulli draw.
  const order: number[] = [];
  const s = new Float64Array(K);
  const h = new Float64Array(K);
  const dh = new Float64Array(K);
  const ns = options.negatives > 0 ? Math.min(options.negatives, classes - 1) : classes - 1;
  const full = options.negatives <= 0 || options.negatives >= classes - 1;
  const sampled = new Int32Array(ns + 1);
  const logits = new Float64Array(ns + 1);
  const totalEstimate = options.epochs * examples.reduce((acc, e) => acc + e.weight, 0);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    order.length = 0;
    examples.forEach((e, i) => {
      const whole = Math.floor(e.weight);
      for (let r = 0; r < whole; r++) order.push(i);
      if (rng.next() < e.weight - whole) order.push(i);
    });
    rng.shuffle(order);
    let lossSum = 0;
    for (const index of order) {
      const ex = examples[index] as EncoderExample;
      const lr = options.learningRate * Math.max(0.02, 1 - step / Math.max(1, totalEstimate));
      step++;
      const { ids, weights: w } = ex.bag;
      if (ids.length === 0) continue;
      // forward
      s.fill(0);
      for (let t = 0; t < ids.length; t++) {
        const wt = w[t] as number;
        const base = (ids[t] as number) * K;
        for (let k = 0; k < K; k++) s[k] = (s[k] as number) + wt * (E[base + k] as number);
      }
      let norm2 = 0;
      for (let k = 0; k < K; k++) norm2 += (s[k] as number) ** 2;
      const n = Math.sqrt(norm2 + NORM_EPSILON);
      for (let k = 0; k < K; k++) h[k] = (s[k] as number) / n;
      // classes: positive first, then negatives
      sampled[0] = ex.label;
      let count = 1;
      if (full) {
        for (let c = 0; c < classes; c++) if (c !== ex.label) sampled[count++] = c;
      } else {
        const pool = options.negativePools?.[ex.label];
        const fromPool = pool && pool.length > 1 ? ns >> 1 : 0;
        for (let tries = 0; count <= fromPool && tries < 4 * ns; tries++) {
          const c = (pool as Int32Array)[rng.int((pool as Int32Array).length)] as number;
          if (c !== ex.label) sampled[count++] = c;
        }
        while (count <= ns) {
          const c = rng.int(classes);
          if (c !== ex.label) sampled[count++] = c;
        }
      }
      let max = -Infinity;
      for (let j = 0; j < count; j++) {
        const c = sampled[j] as number;
        let z = bias[c] as number;
        const base = c * K;
        for (let k = 0; k < K; k++) z += (R[base + k] as number) * (h[k] as number);
        logits[j] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let j = 0; j < count; j++) {
        logits[j] = Math.exp((logits[j] as number) - max);
        sum += logits[j] as number;
      }
      lossSum += -Math.log((logits[0] as number) / sum + 1e-12);
      // backward
      dh.fill(0);
      for (let j = 0; j < count; j++) {
        const c = sampled[j] as number;
        const g = (logits[j] as number) / sum - (j === 0 ? 1 : 0);
        if (Math.abs(g) < 1e-7) continue;
        const base = c * K;
        for (let k = 0; k < K; k++) {
          dh[k] = (dh[k] as number) + g * (R[base + k] as number);
          R[base + k] = (R[base + k] as number) - lr * g * (h[k] as number);
        }
        bias[c] = (bias[c] as number) - lr * g;
      }
      // through the normalisation: ds = (dh - h (h·dh)) / n
      let hd = 0;
      for (let k = 0; k < K; k++) hd += (h[k] as number) * (dh[k] as number);
      for (let k = 0; k < K; k++) dh[k] = ((dh[k] as number) - (h[k] as number) * hd) / n;
      for (let t = 0; t < ids.length; t++) {
        const id = ids[t] as number;
        if (id === 0) continue;
        const wt = (w[t] as number) * lr;
        const base = id * K;
        for (let k = 0; k < K; k++) E[base + k] = (E[base + k] as number) - wt * (dh[k] as number);
      }
    }
    options.onEpoch?.(epoch + 1, order.length ? lossSum / order.length : 0);
  }
  return weights;
}
