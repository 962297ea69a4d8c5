import type { CandidateProfile, OfferView } from '../data/types.js';
import { matchSkills, prepareProfile, skillEntries, type SkillEntry } from '../model/features.js';
import { Rng } from '../random.js';
import { Bm25Index } from './bm25.js';

/** A ranking method: scores for every candidate of a pool (higher is better). */
export interface Ranker {
  name: string;
  score(profile: CandidateProfile, queryIndex: number): Float64Array | Promise<Float64Array>;
}

/** Text a profile contributes to lexical methods: desired titles and skill labels. */
export function profileText(profile: CandidateProfile): string {
  return [...(profile.desiredTitles ?? []), ...(profile.skills ?? []).map((s) => s.label)].join(
    ' \n ',
  );
}

export function randomRanker(candidates: OfferView[], seed: number): Ranker {
  return {
    name: 'random',
    score: (_profile, queryIndex) => {
      const rng = Rng.derive(seed, `random:${queryIndex}`);
      return Float64Array.from(candidates, () => rng.next());
    },
  };
}

/** Offers of the ROME codes most frequent in the training period first (count of the offer's code). */
export function popularityRanker(candidates: OfferView[], trainingOffers: OfferView[]): Ranker {
  const counts = new Map<string, number>();
  for (const o of trainingOffers)
    if (o.romeCode) counts.set(o.romeCode, (counts.get(o.romeCode) ?? 0) + 1);
  const scores = Float64Array.from(candidates, (o) =>
    o.romeCode ? (counts.get(o.romeCode) ?? 0) : 0,
  );
  return { name: 'popularity', score: () => scores };
}

/** BM25 over each candidate's title + description, query = the profile's titles and skill labels. */
export function bm25Ranker(candidates: OfferView[]): Ranker {
  const index = new Bm25Index(candidates.map((o) => `${o.title}\n${o.description}`));
  return { name: 'bm25', score: (profile) => index.score(profileText(profile)) };
}

/** Number of profile skills matched by the offer's listed skills (compétences), level-weighted coverage. */
export function skillsRanker(candidates: OfferView[]): Ranker {
  const entries: SkillEntry[][] = candidates.map((o) => skillEntries(o.skills));
  return {
    name: 'skills',
    score: (profile) => {
      const prepared = prepareProfile(profile);
      return Float64Array.from(entries, (e) => matchSkills(prepared, e).coverage);
    },
  };
}
