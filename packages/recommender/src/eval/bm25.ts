import { tokenize } from '../text/normalize.js';

/**
 * Okapi BM25 over French-normalised tokens (see text/normalize.ts): idf = ln(1 + (N − df + ½)/(df + ½)),
 * term score = idf · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)). Query term frequency counts once per occurrence.
 */
export class Bm25Index {
  private readonly postings = new Map<string, Array<[number, number]>>();
  private readonly lengths: Float64Array;
  private readonly avgLength: number;

  constructor(
    documents: string[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = new Float64Array(documents.length);
    documents.forEach((text, doc) => {
      const tf = new Map<string, number>();
      const tokens = tokenize(text);
      this.lengths[doc] = tokens.length;
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, count] of tf) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push([doc, count]);
      }
    });
    const total = this.lengths.reduce((a, b) => a + b, 0);
    this.avgLength = documents.length > 0 ? Math.max(1, total / documents.length) : 1;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** BM25 score of every document for the query text. */
  score(query: string): Float64Array {
    const scores = new Float64Array(this.lengths.length);
    const n = this.lengths.length;
    for (const term of tokenize(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const [doc, tf] of list) {
        const norm =
          tf + this.k1 * (1 - this.b + (this.b * (this.lengths[doc] as number)) / this.avgLength);
        scores[doc] = (scores[doc] as number) + (idf * tf * (this.k1 + 1)) / norm;
      }
    }
    return scores;
  }
}
