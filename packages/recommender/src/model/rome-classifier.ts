import {
  featurize,
  type FieldWeights,
  type SparseBag,
  type TextFields,
  type Vocabulary,
} from '../text/features.js';
import { classLogits, encodeBag } from './encoder.js';
import type { ModelParts } from './parts.js';

export interface RomePrediction {
  code: string;
  label: string;
  probability: number;
}

/**
 * Lexical nearest-title index: the ROME appellation labels, ROME labels and training offer titles,
 * each a unit TF-IDF vector over the vocabulary. For a query title, the best cosine per ROME code
 * is added (× β) to the encoder's logits: exact and near-exact job titles ("Préparateur drive" →
 * "Préparateur / Préparatrice au drive") then win even when the bottleneck embedding blurs them.
 */
export class TitleIndex {
  private readonly postings = new Map<number, Array<[number, number]>>();
  readonly labels: Int32Array;

  constructor(
    readonly entries: Array<[string, number]>,
    vocab: Vocabulary,
  ) {
    this.labels = Int32Array.from(entries, (e) => e[1]);
    entries.forEach(([title], doc) => {
      const bag = featurize({ title }, vocab, TITLE_ONLY);
      bag.ids.forEach((id, t) => {
        let list = this.postings.get(id);
        if (!list) this.postings.set(id, (list = []));
        list.push([doc, bag.weights[t] as number]);
      });
    });
  }

  /** Best cosine per class for a title bag (unit vector), written into `out` (length C, zeroed here). */
  bestPerClass(titleBag: SparseBag, out: Float64Array): Float64Array {
    out.fill(0);
    if (titleBag.ids.length === 0) return out;
    const sims = new Map<number, number>();
    titleBag.ids.forEach((id, t) => {
      const w = titleBag.weights[t] as number;
      for (const [doc, dw] of this.postings.get(id) ?? [])
        sims.set(doc, (sims.get(doc) ?? 0) + w * dw);
    });
    for (const [doc, sim] of sims) {
      const c = this.labels[doc] as number;
      if (sim > (out[c] as number)) out[c] = sim;
    }
    return out;
  }
}

export const TITLE_ONLY: FieldWeights = { title: 1, skills: 0, description: 0 };

export type RomeClassifierParts = Pick<
  ModelParts,
  | 'classes'
  | 'classLabels'
  | 'vocab'
  | 'encoder'
  | 'titleIndex'
  | 'fieldWeights'
  | 'maxTokens'
  | 'knnBeta'
>;

/**
 * ROME distribution of a text item: softmax(encoder logits + β · best title cosine). `logits` may
 * be supplied (e.g. computed by the ONNX graph) instead of being computed here.
 */
export function romeDistribution(
  parts: RomeClassifierParts,
  fields: TextFields,
  logits?: ArrayLike<number>,
): Float64Array {
  const C = parts.classes.length;
  let z: Float64Array;
  if (logits) z = Float64Array.from(logits);
  else {
    const bag = featurize(fields, parts.vocab, parts.fieldWeights, parts.maxTokens);
    z = classLogits(parts.encoder, encodeBag(parts.encoder, bag));
  }
  if (parts.knnBeta > 0 && fields.title) {
    // Several desired titles arrive joined by newlines: each is matched on its own, best kept.
    const best = new Float64Array(C);
    const one = new Float64Array(C);
    for (const title of fields.title.split('\n')) {
      if (!title.trim()) continue;
      parts.titleIndex.bestPerClass(featurize({ title }, parts.vocab, TITLE_ONLY), one);
      for (let c = 0; c < C; c++)
        if ((one[c] as number) > (best[c] as number)) best[c] = one[c] as number;
    }
    for (let c = 0; c < C; c++) z[c] = (z[c] as number) + parts.knnBeta * (best[c] as number);
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) if ((z[c] as number) > max) max = z[c] as number;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    z[c] = Math.exp((z[c] as number) - max);
    sum += z[c] as number;
  }
  for (let c = 0; c < C; c++) z[c] = (z[c] as number) / sum;
  return z;
}

export function topPredictions(
  parts: RomeClassifierParts,
  probs: Float64Array,
  k: number,
): RomePrediction[] {
  const order = Array.from(probs.keys()).sort(
    (a, b) => (probs[b] as number) - (probs[a] as number) || a - b,
  );
  return order.slice(0, k).map((c) => ({
    code: parts.classes[c] as string,
    label: parts.classLabels[c] as string,
    probability: probs[c] as number,
  }));
}
