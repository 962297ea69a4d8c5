import {
  SENIORITY_RANK,
  type CandidateProfile,
  type OfferView,
  type ProfileSkill,
} from '../data/types.js';
import { haversineKm } from '../geo.js';
import { skillKey } from '../text/normalize.js';

/**
 * Structured (profile, offer) features computed in TypeScript and fed to the ranking graph as
 * `pair_features`. Each is 0 when the profile does not state the preference or the offer does not
 * carry the value, so a missing field never changes a score.
 */
export const PAIR_FEATURES = [
  'log_distance',
  'distance_unknown',
  'outside_radius',
  'skill_coverage',
  'missing_required_skills',
  'contract_match',
  'seniority_gap',
  'salary_shortfall',
  'remote_mismatch',
] as const;
export type PairFeatureName = (typeof PAIR_FEATURES)[number];

/** The five features the graph derives from embeddings and ROME probabilities, then the pair features. */
export const GRAPH_FEATURES = [
  'text_similarity',
  'rome_probability',
  'rome_log_probability',
  'domain_probability',
  'domain_log_probability',
] as const;
export const ALL_FEATURES: readonly string[] = [...GRAPH_FEATURES, ...PAIR_FEATURES];

export const LOG_DISTANCE_SCALE = Math.log(1001);

export interface SkillEntry {
  key: string;
  tokens: Set<string>;
  id: string | null;
  label: string;
  required: boolean;
}

export function skillEntries(
  skills: Array<{ id?: string | null; label: string; required?: boolean }>,
): SkillEntry[] {
  const seen = new Set<string>();
  const out: SkillEntry[] = [];
  for (const s of skills) {
    const key = skillKey(s.label);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({
      key,
      tokens: new Set(key.split(' ')),
      id: s.id ?? null,
      label: s.label,
      required: s.required ?? true,
    });
  }
  return out;
}

/**
 * A profile skill matches an offer skill when their ids are equal, their normalised labels are
 * equal, or one's tokens contain the other's and they share at least half of their union
 * ("Nettoyer des locaux" ~ "Nettoyage de locaux"; "Nettoyage" alone does not match a five-word skill).
 */
export function skillsMatch(a: SkillEntry, b: SkillEntry): boolean {
  if (a.id && b.id && a.id === b.id) return true;
  if (a.key === b.key) return true;
  const [small, large] =
    a.tokens.size <= b.tokens.size ? [a.tokens, b.tokens] : [b.tokens, a.tokens];
  for (const t of small) if (!large.has(t)) return false;
  return small.size / large.size >= 0.5;
}

export interface PreparedProfile {
  profile: CandidateProfile;
  skills: Array<SkillEntry & { level: number }>;
  levelSum: number;
}

export function prepareProfile(profile: CandidateProfile): PreparedProfile {
  const bySkillKey = new Map<string, ProfileSkill>();
  for (const s of profile.skills ?? [])
    if (s && typeof s.label === 'string') bySkillKey.set(skillKey(s.label), s);
  const entries = skillEntries(
    (profile.skills ?? []).filter((s) => s && typeof s.label === 'string'),
  );
  const skills = entries.map((e) => {
    const level = bySkillKey.get(e.key)?.level;
    return { ...e, level: level === 1 || level === 2 || level === 3 ? level : 2 };
  });
  return { profile, skills, levelSum: skills.reduce((acc, s) => acc + s.level, 0) };
}

export interface SkillMatch {
  matched: Array<{ offerSkill: string; profileSkill: string }>;
  missing: string[];
  coverage: number;
  missingRequiredFraction: number;
}

export function matchSkills(prepared: PreparedProfile, offerSkills: SkillEntry[]): SkillMatch {
  const matched: SkillMatch['matched'] = [];
  const missing: string[] = [];
  if (prepared.skills.length === 0 || offerSkills.length === 0) {
    return {
      matched,
      missing: offerSkills.filter((s) => s.required).map((s) => s.label),
      coverage: 0,
      missingRequiredFraction: 0,
    };
  }
  let covered = 0;
  const profileUsed = new Set<number>();
  let required = 0;
  let missingRequired = 0;
  for (const os of offerSkills) {
    const index = prepared.skills.findIndex((ps) => skillsMatch(ps, os));
    if (index >= 0) {
      const ps = prepared.skills[index] as PreparedProfile['skills'][number];
      matched.push({ offerSkill: os.label, profileSkill: ps.label });
      if (!profileUsed.has(index)) {
        profileUsed.add(index);
        covered += ps.level;
      }
    } else {
      missing.push(os.label);
    }
    if (os.required) {
      required++;
      if (index < 0) missingRequired++;
    }
  }
  return {
    matched,
    missing,
    coverage: prepared.levelSum > 0 ? covered / prepared.levelSum : 0,
    missingRequiredFraction: required > 0 ? missingRequired / required : 0,
  };
}

const NO_MATCH: SkillMatch = Object.freeze({
  matched: [],
  missing: [],
  coverage: 0,
  missingRequiredFraction: 0,
}) as SkillMatch;

export interface PairContext {
  distanceKm: number | null;
  skills: SkillMatch;
}

/** Fills the pair features of one (profile, offer) pair into `out` at `offset`; returns the context for explanations. */
export function pairFeatures(
  prepared: PreparedProfile,
  offer: OfferView,
  offerSkills: SkillEntry[],
  out: Float32Array,
  offset: number,
): PairContext {
  const p = prepared.profile;
  let distanceKm: number | null = null;
  const loc = p.location;
  const hasLocation = !!loc && Number.isFinite(loc.latitude) && Number.isFinite(loc.longitude);
  if (hasLocation && offer.latitude !== null && offer.longitude !== null) {
    distanceKm = haversineKm(loc.latitude, loc.longitude, offer.latitude, offer.longitude);
  }
  out[offset] = distanceKm === null ? 0 : Math.log1p(distanceKm) / LOG_DISTANCE_SCALE;
  out[offset + 1] = hasLocation && distanceKm === null ? 1 : 0;
  const radius = loc?.radiusKm;
  out[offset + 2] =
    distanceKm !== null && typeof radius === 'number' && radius > 0
      ? Math.min(1, Math.max(0, (distanceKm - radius) / radius))
      : 0;
  const skills =
    prepared.skills.length > 0 && offerSkills.length > 0
      ? matchSkills(prepared, offerSkills)
      : NO_MATCH;
  out[offset + 3] = skills.coverage;
  out[offset + 4] = skills.missingRequiredFraction;
  const contracts = p.contractTypes ?? [];
  out[offset + 5] =
    contracts.length === 0 || offer.contractType === null
      ? 0
      : contracts.includes(offer.contractType)
        ? 1
        : -1;
  out[offset + 6] =
    p.seniority && offer.seniority
      ? Math.max(0, SENIORITY_RANK[offer.seniority] - SENIORITY_RANK[p.seniority]) / 3
      : 0;
  const min = p.minAnnualSalaryEur;
  const offerMax = offer.salaryAnnualMaxEur ?? offer.salaryAnnualMinEur;
  out[offset + 7] =
    typeof min === 'number' && min > 0 && offerMax !== null
      ? Math.min(1, Math.max(0, (min - offerMax) / min))
      : 0;
  let remote = 0;
  if (p.remote && offer.remote) {
    if (p.remote === 'FULL')
      remote = offer.remote === 'FULL' ? 0 : offer.remote === 'PARTIAL' ? 0.5 : 1;
    else if (p.remote === 'PARTIAL') remote = offer.remote === 'NONE' ? 0.5 : 0;
  }
  out[offset + 8] = remote;
  return { distanceKm, skills };
}
