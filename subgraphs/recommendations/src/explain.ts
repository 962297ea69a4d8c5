/**
 * The recommender's explanation → the graph's Recommendation. The score is the ranking score
 * itself (never recomputed), the reasons keep their additive contribution to its logit, and
 * `positive` says whether a reason speaks for the offer:
 *
 * | kind | positive when |
 * |---|---|
 * | ROME | the job's contribution is > 0 (the profile's jobs make this ROME code likely) |
 * | TEXT | the text similarity is ≥ 0.5 |
 * | DISTANCE | within the profile's radius (30 km when none is given); unknown location: no |
 * | SKILLS | at least one of the offer's skills matches the profile |
 * | CONTRACT, SENIORITY, SALARY, REMOTE | the profile's preference is met (no penalty) |
 *
 * A preference the profile does not state and that therefore did not move the score (its
 * contribution is 0) is left out: it is not a reason.
 */
import type { CandidateProfile, Recommendation as Scored } from '@jobmarket/recommender';
import type { Recommendation, RecommendationReason } from './types.js';

const KIND: Record<string, string> = {
  job: 'ROME',
  text: 'TEXT',
  distance: 'DISTANCE',
  skills: 'SKILLS',
  contract: 'CONTRACT',
  seniority: 'SENIORITY',
  salary: 'SALARY',
  remote: 'REMOTE',
};

const DEFAULT_RADIUS_KM = 30;

function remoteMet(offer: string, wanted: string): boolean {
  if (wanted === 'FULL') return offer === 'FULL';
  if (wanted === 'PARTIAL') return offer === 'PARTIAL' || offer === 'FULL';
  return true;
}

export function toRecommendation(scored: Scored, profile: CandidateProfile): Recommendation {
  let distanceKm: number | null = null;
  const reasons: RecommendationReason[] = [];
  for (const reason of scored.reasons) {
    const kind = KIND[reason.kind] ?? reason.kind.toUpperCase();
    const value = reason.value === null || reason.value === undefined ? null : String(reason.value);
    let positive: boolean;
    switch (reason.kind) {
      case 'job':
        positive = reason.contribution > 0;
        break;
      case 'text':
        positive = typeof reason.value === 'number' && reason.value >= 0.5;
        break;
      case 'distance': {
        if (typeof reason.value === 'number') {
          distanceKm = reason.value;
          positive = reason.value <= (profile.location?.radiusKm ?? DEFAULT_RADIUS_KM);
        } else positive = false;
        break;
      }
      case 'skills':
        positive = typeof reason.value === 'number' && reason.value > 0;
        break;
      case 'contract': {
        const wanted = profile.contractTypes ?? [];
        if (wanted.length === 0) continue;
        positive = wanted.includes(reason.value as never);
        break;
      }
      case 'seniority':
        if (!profile.seniority) continue;
        positive = reason.contribution >= 0;
        break;
      case 'salary':
        if (!profile.minAnnualSalaryEur) continue;
        positive = reason.contribution >= 0;
        break;
      case 'remote':
        if (!profile.remote || typeof reason.value !== 'string') continue;
        positive = remoteMet(reason.value, profile.remote);
        break;
      default:
        if (reason.contribution === 0) continue;
        positive = reason.contribution > 0;
    }
    reasons.push({
      kind,
      label: reason.text,
      positive,
      value,
      contribution: Number(reason.contribution.toFixed(6)),
    });
  }
  return {
    offer: { id: scored.offerId },
    score: scored.score,
    matchedSkills: [...new Set(scored.matchedSkills.map((m) => m.offerSkill))],
    missingSkills: scored.missingSkills,
    distanceKm,
    reasons,
  };
}
