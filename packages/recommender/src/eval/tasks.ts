import { romeDomain } from '../data/rome.js';
import type { CandidateProfile, OfferView } from '../data/types.js';
import { haversineKm } from '../geo.js';
import { foldText } from '../text/normalize.js';

/**
 * Evaluation tasks built from France Travail's own labels. A query is made from one offer of the
 * pool (its skills, or its job title) plus its location; the candidates are the other offers of
 * the pool, and a candidate's graded relevance (gain) compares its ROME labels with the query
 * offer's — never the text or skills the profile was made of:
 *
 *   base = 3 same appellation · 2 same ROME code · 1 same ROME domain (e.g. K13) · 0 otherwise
 *   gain = base · geo, geo = 1 / (1 + d/50 km) when both offers are located, 0.5 otherwise
 *
 * A candidate is "relevant" (for Recall@50 and MRR) when its gain is > 0; queries without any
 * relevant candidate are dropped.
 */
export const TASKS = ['skills', 'title', 'freetext'] as const;
export type TaskName = (typeof TASKS)[number];

export const TASK_DESCRIPTIONS: Record<TaskName, string> = {
  skills: "profile = a held-out offer's competences (labels) + its location",
  title:
    "profile = the held-out offer's ROME appellation label (appellationlibelle) + its location",
  freetext:
    "profile = the held-out offer's own title as the recruiter wrote it (intitule) + its location",
};

export interface JudgedQuery {
  id: string;
  task: TaskName;
  sourceOfferId: string;
  profile: CandidateProfile;
  /** Candidate offer ids with their gain, only gains > 0. */
  gains: Map<string, number>;
}

export const GEO_HALF_DISTANCE_KM = 50;

export function relevanceGain(query: OfferView, candidate: OfferView): number {
  let base = 0;
  if (
    query.appellation &&
    candidate.appellation &&
    foldText(query.appellation) === foldText(candidate.appellation)
  ) {
    base = 3;
  } else if (query.romeCode && query.romeCode === candidate.romeCode) base = 2;
  else if (query.romeCode && romeDomain(query.romeCode) === romeDomain(candidate.romeCode))
    base = 1;
  if (base === 0) return 0;
  const located =
    query.latitude !== null &&
    query.longitude !== null &&
    candidate.latitude !== null &&
    candidate.longitude !== null;
  const geo = located
    ? 1 /
      (1 +
        haversineKm(
          query.latitude as number,
          query.longitude as number,
          candidate.latitude as number,
          candidate.longitude as number,
        ) /
          GEO_HALF_DISTANCE_KM)
    : 0.5;
  return base * geo;
}

export function queryProfile(task: TaskName | 'rome', offer: OfferView): CandidateProfile | null {
  const location =
    offer.latitude !== null && offer.longitude !== null
      ? { latitude: offer.latitude, longitude: offer.longitude }
      : null;
  switch (task) {
    case 'skills':
      return offer.skills.length > 0
        ? {
            skills: offer.skills.map((s) => ({
              id: s.id ?? null,
              label: s.label,
              level: 2 as const,
            })),
            location,
          }
        : null;
    case 'title':
      return offer.appellation ? { desiredTitles: [offer.appellation], location } : null;
    case 'freetext':
      return offer.title.trim() ? { desiredTitles: [offer.title], location } : null;
    case 'rome':
      return offer.romeCode ? { desiredRomeCodes: [offer.romeCode], location } : null;
  }
}

/** Queries of one task over a pool; the candidates of each are the pool minus its source offer. */
export function buildQueries(task: TaskName | 'rome', pool: OfferView[]): JudgedQuery[] {
  const out: JudgedQuery[] = [];
  for (const offer of pool) {
    if (!offer.romeCode) continue;
    const profile = queryProfile(task, offer);
    if (!profile) continue;
    const gains = new Map<string, number>();
    for (const candidate of pool) {
      if (candidate.id === offer.id) continue;
      const gain = relevanceGain(offer, candidate);
      if (gain > 0) gains.set(candidate.id, gain);
    }
    if (gains.size === 0) continue;
    out.push({
      id: `${task}:${offer.id}`,
      task: task as TaskName,
      sourceOfferId: offer.id,
      profile,
      gains,
    });
  }
  return out;
}
