import { foldText, tokenize } from './normalize.js';

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

/** Scratch accumulators and the bigram table of a vocabulary, built on first use. */
export interface Scratch {
  tf: Float64Array;
  acc: Float64Array;
  bigrams: Map<number, Map<number, number>>;
  /** Folded word → vocabulary id of its stem (0: stop word, too short, or unknown). */
  words: Map<string, number>;
}
const scratches = new WeakMap<Vocabulary, Scratch>();

export function scratchOf(vocab: Vocabulary): Scratch {
  let s = scratches.get(vocab);
  if (!s) {
    const bigrams = new Map<number, Map<number, number>>();
    vocab.tokens.forEach((key, i) => {
      const cut = key.indexOf('_');
      if (cut < 0) return;
      const a = vocab.index.get(key.slice(0, cut));
      const b = vocab.index.get(key.slice(cut + 1));
      if (a === undefined || b === undefined) return;
      let row = bigrams.get(a);
      if (!row) bigrams.set(a, (row = new Map()));
      row.set(b, i + 1);
    });
    s = {
      tf: new Float64Array(vocab.size),
      acc: new Float64Array(vocab.size),
      bigrams,
      words: new Map(),
    };
    scratches.set(vocab, s);
  }
  return s;
}

/**
 * Word characters of the raw text: the code points below U+0250 whose folded form (foldText) is
 * made of [a-z0-9] only, plus combining marks (removed by folding). Any other character separates
 * words, exactly as `tokenize` splits the folded text on [^a-z0-9].
 */
const WORD_CHAR = (() => {
  const table = new Uint8Array(0x250);
  for (let c = 0; c < table.length; c++) {
    const folded = foldText(String.fromCharCode(c));
    table[c] = folded.length > 0 && /^[a-z0-9]+$/.test(folded) ? 1 : 0;
  }
  return table;
})();

function isWordChar(c: number): boolean {
  return c < 0x250 ? WORD_CHAR[c] === 1 : c >= 0x300 && c <= 0x36f;
}

/**
 * Unigram ids of the tokens of a text — the ids of `tokenize(text)` (0 for a stem outside the
 * vocabulary) — in one pass over the raw text: words are cut on separator characters and each
 * distinct raw word is folded, filtered and stemmed once (memo). "(H/F)" markers only yield
 * one-letter words, which tokenize drops anyway.
 */
export function tokenIds(s: Scratch, vocab: Vocabulary, text: string | null | undefined): number[] {
  const out: number[] = [];
  if (!text) return out;
  const n = text.length;
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const word = i < n && isWordChar(text.charCodeAt(i));
    if (word) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const raw = text.substring(start, i);
    start = -1;
    let id = s.words.get(raw);
    if (id === undefined) {
      const tokens = tokenize(raw);
      // One raw word folds to one [a-z0-9]+ word, so tokenize yields at most one stem.
      id = tokens.length === 0 ? -1 : (vocab.index.get(tokens[0] as string) ?? 0);
      if (s.words.size > 500_000) s.words.clear();
      s.words.set(raw, id);
    }
    if (id >= 0) out.push(id);
  }
  return out;
}

/**
 * Adds one field: unigram and adjacent-bigram counts (a bigram counts when both its words and the
 * bigram itself are in the vocabulary), weights (1 + ln tf) · idf, L2-normalised, times `scale`.
 */
function addField(
  s: Scratch,
  vocab: Vocabulary,
  pieces: number[][],
  scale: number,
  touched: number[],
): void {
  if (scale === 0) return;
  const local: number[] = [];
  const bump = (id: number) => {
    if (s.tf[id] === 0) local.push(id);
    s.tf[id] = (s.tf[id] as number) + 1;
  };
  for (const ids of pieces) {
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i] as number;
      if (a === 0) continue;
      bump(a);
      const b = ids[i + 1];
      if (b) {
        const bigram = s.bigrams.get(a)?.get(b);
        if (bigram !== undefined) bump(bigram);
      }
    }
  }
  if (local.length === 0) return;
  let norm = 0;
  for (const id of local) {
    const w = (1 + Math.log(s.tf[id] as number)) * (vocab.idf[id - 1] as number);
    s.tf[id] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  for (const id of local) {
    if (norm > 0) {
      if (s.acc[id] === 0) touched.push(id);
      s.acc[id] = (s.acc[id] as number) + (scale * (s.tf[id] as number)) / norm;
    }
    s.tf[id] = 0;
  }
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
  const s = scratchOf(vocab);
  const touched: number[] = [];
  addField(s, vocab, [tokenIds(s, vocab, fields.title)], weights.title, touched);
  addField(
    s,
    vocab,
    (fields.skills ?? []).map((skill) => tokenIds(s, vocab, skill)),
    weights.skills,
    touched,
  );
  addField(s, vocab, [tokenIds(s, vocab, fields.description)], weights.description, touched);
  // Keep the maxTokens largest weights (ties: smaller id first), then order by id.
  const n = touched.length;
  let ids: Int32Array;
  if (n > maxTokens) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = s.acc[touched[i] as number] as number;
    const threshold = (w.slice().sort() as Float64Array)[n - maxTokens] as number;
    ids = new Int32Array(maxTokens);
    let k = 0;
    const ties: number[] = [];
    for (let i = 0; i < n; i++) {
      if ((w[i] as number) > threshold) ids[k++] = touched[i] as number;
      else if (w[i] === threshold) ties.push(touched[i] as number);
    }
    ties.sort((a, b) => a - b);
    for (let t = 0; k < maxTokens && t < ties.length; t++) ids[k++] = ties[t] as number;
  } else {
    ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = touched[i] as number;
  }
  ids.sort();
  const bagWeights = new Float32Array(ids.length);
  for (let i = 0; i < ids.length; i++) bagWeights[i] = s.acc[ids[i] as number] as number;
  for (let i = 0; i < n; i++) s.acc[touched[i] as number] = 0;
  return { ids, weights: bagWeights };
}
