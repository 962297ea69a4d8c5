import { describe, expect, it } from 'vitest';
import {
  Bm25Index,
  bootstrap,
  buildQueries,
  queryMetrics,
  relevanceGain,
  timeSplit,
  type OfferView,
} from '../src/index.js';

function view(id: string, over: Partial<OfferView> = {}): OfferView {
  return {
    id,
    title: '',
    description: '',
    createdAt: null,
    romeCode: null,
    romeLabel: null,
    appellation: null,
    romePredicted: false,
    latitude: null,
    longitude: null,
    communeCode: null,
    departementCode: null,
    contractType: null,
    seniority: null,
    salaryAnnualMinEur: null,
    salaryAnnualMaxEur: null,
    remote: null,
    skills: [],
    softSkills: [],
    ...over,
  };
}

describe('metrics', () => {
  it('computes NDCG@10, Recall@50 and MRR against graded gains', () => {
    const gains = new Map([
      ['a', 3],
      ['b', 1],
    ]);
    expect(queryMetrics(['a', 'b', 'c'], gains)).toEqual({ 'ndcg@10': 1, 'recall@50': 1, mrr: 1 });
    const m = queryMetrics(['c', 'b', 'a'], gains);
    expect(m.mrr).toBe(0.5);
    expect(m['ndcg@10']).toBeCloseTo(
      (1 / Math.log2(3) + 3 / Math.log2(4)) / (3 + 1 / Math.log2(3)),
      10,
    );
    expect(queryMetrics(['x'], gains)['recall@50']).toBe(0);
  });

  it('bootstraps a seeded 95 % CI around the mean', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const a = bootstrap(values, 500, 1);
    expect(a.mean).toBe(0.5);
    expect(a.ci[0]).toBeLessThan(0.5);
    expect(a.ci[1]).toBeGreaterThan(0.5);
    expect(bootstrap(values, 500, 1)).toEqual(a);
  });
});

describe('BM25', () => {
  it('ranks documents with the query terms first, accent- and inflection-insensitively', () => {
    const index = new Bm25Index([
      'Ingénieure logiciel à Lyon',
      'Aide-soignant de nuit',
      'Développeurs et ingénieurs',
    ]);
    const scores = index.score('ingenieur developpeur');
    expect(scores[2]).toBeGreaterThan(scores[0] as number);
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[1]).toBe(0);
  });
});

describe('time split and tasks', () => {
  it('splits by creation time: training strictly before the cutoff, undated offers left out', () => {
    const offers = Array.from({ length: 30 }, (_, i) =>
      view(`o${i}`, { createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() }),
    );
    offers.push(view('undated'));
    const split = timeSplit(offers);
    expect(split.rule).toBe('time');
    expect(split.train).toHaveLength(21);
    expect(split.evaluation).toHaveLength(9);
    expect(split.undated).toBe(1);
    expect(split.train.every((o) => (o.createdAt as string) < (split.cutoff as string))).toBe(true);
  });

  it('judges relevance by ROME labels and distance only, never by the text or skills', () => {
    const q = view('q', {
      romeCode: 'K1302',
      appellation: 'Aide à domicile',
      latitude: 46,
      longitude: 5,
      skills: [{ label: 'x', required: true }],
    });
    const sameApp = view('a', {
      romeCode: 'K1302',
      appellation: 'Aide à domicile',
      latitude: 46,
      longitude: 5,
    });
    const sameRome = view('b', {
      romeCode: 'K1302',
      latitude: 46,
      longitude: 5,
      title: 'totally different text',
    });
    const sameDomain = view('c', { romeCode: 'K1304', latitude: 46, longitude: 5 });
    const far = view('d', { romeCode: 'K1302', latitude: 43.3, longitude: 5.4 });
    const other = view('e', {
      romeCode: 'M1607',
      title: 'Aide à domicile',
      skills: [{ label: 'x', required: true }],
    });
    expect(relevanceGain(q, sameApp)).toBe(3);
    expect(relevanceGain(q, sameRome)).toBe(2);
    expect(relevanceGain(q, sameDomain)).toBe(1);
    expect(relevanceGain(q, far)).toBeLessThan(0.5);
    expect(relevanceGain(q, other)).toBe(0);
    const queries = buildQueries('skills', [q, sameApp, sameRome, sameDomain, far, other]);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.gains.has('q')).toBe(false);
    expect(queries[0]?.profile).toEqual({
      skills: [{ id: null, label: 'x', level: 2 }],
      location: { latitude: 46, longitude: 5 },
    });
  });
});
