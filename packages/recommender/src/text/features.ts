import { tokenize } from './normalize.js';

/**
 * Bag-of-n-grams text features over a learned vocabulary. A text item has up to three fields
 * (title, skills, description); each field's n-grams (normalised unigrams and adjacent bigrams)
 * get weight (1 + ln tf) · idf, the field vector is L2-normalised and scaled by the field weight,
 * and the fields are summed. Tokens outside the vocabulary are dropped (index 0 is padding).
 */

export interface TextFields {
  title?: string | null;
  skills?: string[] | null;
  description?: string | null;
}

export interface FieldWeights {
  title: number;
  skills: number;
  description: number;
}

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = { title: 1, skills: 0.8, description: 0.5 };

const NGRAM_CACHE_LIMIT = 4096;
const ngramCache = new Map<string, string[]>();

/** Normalised n-gram keys of a text: unigrams, and bigrams joined by "_" (small bounded memo). */
export function ngrams(text: string | null | undefined): string[] {
  if (!text) return [];
  const cached = ngramCache.get(text);
  if (cached) return cached;
  const tokens = tokenize(text);
  const out = tokens.slice();
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  if (ngramCache.size >= NGRAM_CACHE_LIMIT) ngramCache.clear();
  ngramCache.set(text, out);
  return out;
}

export interface VocabularyJson {
  /** Keys in index order, starting at index 1 (0 is padding). */
  tokens: string[];
  /** idf of each token, same order. */
  idf: number[];
}

export class Vocabulary {
  readonly index = new Map<string, number>();

  constructor(
    readonly tokens: string[],
    readonly idf: Float64Array,
  ) {
    tokens.forEach((t, i) => this.index.set(t, i + 1));
  }

  /** Size including the padding row. */
  get size(): number {
    return this.tokens.length + 1;
  }

  toJSON(): VocabularyJson {
    return { tokens: this.tokens, idf: Array.from(this.idf) };
  }

  static fromJSON(json: VocabularyJson): Vocabulary {
    return new Vocabulary(json.tokens, Float64Array.from(json.idf));
  }

  /**
   * Builds a vocabulary from documents (each a list of n-gram keys): unigrams seen at least
   * `minUnigramDf` times, bigrams at least `minBigramDf` times, the `maxSize` most frequent kept;
   * order is df descending then key, so the result is deterministic.
   */
  static build(
    documents: Iterable<string[]>,
    options: { minUnigramDf?: number; minBigramDf?: number; maxSize?: number } = {},
  ): Vocabulary {
    const df = new Map<string, number>();
    let n = 0;
    for (const doc of documents) {
      n++;
      for (const key of new Set(doc)) df.set(key, (df.get(key) ?? 0) + 1);
    }
    const minUni = options.minUnigramDf ?? 1;
    const minBi = options.minBigramDf ?? 2;
    const kept = [...df.entries()]
      .filter(([key, count]) => count >= (key.includes('_') ? minBi : minUni))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, options.maxSize ?? 60000);
    const tokens = kept.map(([key]) => key);
    const idf = Float64Array.from(
      kept,
      ([, count]) => Math.round(Math.log(1 + n / count) * 1e6) / 1e6,
    );
    return new Vocabulary(tokens, idf);
  }
}

/** Sparse weighted bag: parallel arrays of vocabulary indices and weights. */
export interface SparseBag {
  ids: Int32Array;
  weights: Float32Array;
}

export const EMPTY_BAG: SparseBag = { ids: new Int32Array(0), weights: new Float32Array(0) };

function addField(
  acc: Map<number, number>,
  vocab: Vocabulary,
  keys: string[],
  scale: number,
): void {
  if (scale === 0 || keys.length === 0) return;
  const tf = new Map<number, number>();
  for (const key of keys) {
    const id = vocab.index.get(key);
    if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + 1);
  }
  if (tf.size === 0) return;
  let norm = 0;
  const weighted: Array<[number, number]> = [];
  for (const [id, count] of tf) {
    const w = (1 + Math.log(count)) * (vocab.idf[id - 1] ?? 0);
    weighted.push([id, w]);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (const [id, w] of weighted) acc.set(id, (acc.get(id) ?? 0) + (scale * w) / norm);
}

/**
 * Text fields → sparse bag over the vocabulary, ids ascending; at most `maxTokens` entries (the
 * largest weights are kept, so a very long description cannot blow up a batch).
 */
export function featurize(
  fields: TextFields,
  vocab: Vocabulary,
  weights: FieldWeights = DEFAULT_FIELD_WEIGHTS,
  maxTokens = 256,
): SparseBag {
  const acc = new Map<number, number>();
  addField(acc, vocab, ngrams(fields.title), weights.title);
  addField(
    acc,
    vocab,
    (fields.skills ?? []).flatMap((s) => ngrams(s)),
    weights.skills,
  );
  addField(acc, vocab, ngrams(fields.description), weights.description);
  let entries = [...acc.entries()];
  if (entries.length > maxTokens) {
    entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    entries = entries.slice(0, maxTokens);
  }
  entries.sort((a, b) => a[0] - b[0]);
  return {
    ids: Int32Array.from(entries, (e) => e[0]),
    weights: Float32Array.from(entries, (e) => e[1]),
  };
}
