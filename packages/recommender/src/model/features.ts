import {
  CONTRACT_TYPES,
  REMOTE_MODES,
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
/** No profile skill can match and the offer has required skills: all of them are missing. */
const NO_MATCH_REQUIRED_MISSING: SkillMatch = Object.freeze({
  matched: [],
  missing: [],
  coverage: 0,
  missingRequiredFraction: 1,
}) as SkillMatch;

/** matchSkills' coverage and missing-required fraction, without building the label lists. */
export function skillScores(
  prepared: PreparedProfile,
  offerSkills: SkillEntry[],
  out: [number, number],
): [number, number] {
  let covered = 0;
  let used = 0;
  let required = 0;
  let missingRequired = 0;
  for (const os of offerSkills) {
    let index = -1;
    for (let i = 0; i < prepared.skills.length; i++) {
      if (skillsMatch(prepared.skills[i] as SkillEntry, os)) {
        index = i;
        break;
      }
    }
    if (index >= 0 && index < 31 && !(used & (1 << index))) {
      used |= 1 << index;
      covered += (prepared.skills[index] as { level: number }).level;
    } else if (index >= 31) {
      // More than 31 profile skills: fall back to the allocating path for exactness.
      const full = matchSkills(prepared, offerSkills);
      out[0] = full.coverage;
      out[1] = full.missingRequiredFraction;
      return out;
    }
    if (os.required) {
      required++;
      if (index < 0) missingRequired++;
    }
  }
  out[0] = prepared.levelSum > 0 ? covered / prepared.levelSum : 0;
  out[1] = required > 0 ? missingRequired / required : 0;
  return out;
}

export interface PairContext {
  distanceKm: number | null;
  skills: SkillMatch;
}

export type PairFeatureFiller = (
  offer: OfferView,
  offerSkills: SkillEntry[],
  out: Float32Array,
  offset: number,
) => PairContext;

/**
 * A filler of the pair features of one profile against many offers: the profile's side is read
 * once. Each call writes the PAIR_FEATURES of one (profile, offer) pair into `out` at `offset` and
 * returns the context for explanations (the distance and the skill match).
 */
export function pairFeatureFiller(prepared: PreparedProfile): PairFeatureFiller {
  const p = prepared.profile;
  const loc = p.location;
  const hasLocation = !!loc && Number.isFinite(loc.latitude) && Number.isFinite(loc.longitude);
  const lat = hasLocation ? (loc as { latitude: number }).latitude : 0;
  const lon = hasLocation ? (loc as { longitude: number }).longitude : 0;
  const radius = typeof loc?.radiusKm === 'number' && loc.radiusKm > 0 ? loc.radiusKm : 0;
  const contracts = new Set(p.contractTypes ?? []);
  const seniority = p.seniority && p.seniority in SENIORITY_RANK ? SENIORITY_RANK[p.seniority] : -1;
  const minSalary =
    typeof p.minAnnualSalaryEur === 'number' && p.minAnnualSalaryEur > 0 ? p.minAnnualSalaryEur : 0;
  const remote = p.remote ?? null;
  const hasSkills = prepared.skills.length > 0;
  const skillTokens = new Set<string>();
  const skillIds = new Set<string>();
  for (const ps of prepared.skills) {
    for (const t of ps.tokens) skillTokens.add(t);
    if (ps.id) skillIds.add(ps.id);
  }
  /** True when some offer skill could match a profile skill (shares a token or an id). */
  const mayMatch = (offerSkills: SkillEntry[]) => {
    for (const os of offerSkills) {
      if (os.id && skillIds.has(os.id)) return true;
      for (const t of os.tokens) if (skillTokens.has(t)) return true;
    }
    return false;
  };
  return (offer, offerSkills, out, offset) => {
    let distanceKm: number | null = null;
    if (hasLocation && offer.latitude !== null && offer.longitude !== null) {
      distanceKm = haversineKm(lat, lon, offer.latitude, offer.longitude);
    }
    out[offset] = distanceKm === null ? 0 : Math.log1p(distanceKm) / LOG_DISTANCE_SCALE;
    out[offset + 1] = hasLocation && distanceKm === null ? 1 : 0;
    out[offset + 2] =
      distanceKm !== null && radius > 0
        ? Math.min(1, Math.max(0, (distanceKm - radius) / radius))
        : 0;
    let skills = NO_MATCH;
    if (hasSkills && offerSkills.length > 0) {
      if (mayMatch(offerSkills)) skills = matchSkills(prepared, offerSkills);
      else {
        const required = offerSkills.some((os) => os.required);
        skills = required ? NO_MATCH_REQUIRED_MISSING : NO_MATCH;
      }
    }
    out[offset + 3] = skills.coverage;
    out[offset + 4] = skills.missingRequiredFraction;
    out[offset + 5] =
      contracts.size === 0 || offer.contractType === null
        ? 0
        : contracts.has(offer.contractType)
          ? 1
          : -1;
    out[offset + 6] =
      seniority >= 0 && offer.seniority
        ? Math.max(0, SENIORITY_RANK[offer.seniority] - seniority) / 3
        : 0;
    const offerMax = offer.salaryAnnualMaxEur ?? offer.salaryAnnualMinEur;
    out[offset + 7] =
      minSalary > 0 && offerMax !== null
        ? Math.min(1, Math.max(0, (minSalary - offerMax) / minSalary))
        : 0;
    let remoteGap = 0;
    if (remote && offer.remote) {
      if (remote === 'FULL')
        remoteGap = offer.remote === 'FULL' ? 0 : offer.remote === 'PARTIAL' ? 0.5 : 1;
      else if (remote === 'PARTIAL') remoteGap = offer.remote === 'NONE' ? 0.5 : 0;
    }
    out[offset + 8] = remoteGap;
    return { distanceKm, skills };
  };
}

/** Pair features of one (profile, offer) pair (see pairFeatureFiller). */
export function pairFeatures(
  prepared: PreparedProfile,
  offer: OfferView,
  offerSkills: SkillEntry[],
  out: Float32Array,
  offset: number,
): PairContext {
  return pairFeatureFiller(prepared)(offer, offerSkills, out, offset);
}

interface EntryIndex {
  rowOf: Int32Array;
  size: Int32Array;
  required: Uint8Array;
  postings: Map<string, number[]>;
  byId: Map<string, number[]>;
  requiredCount: Uint16Array;
  /** Scratch counter per entry, always left at zero. */
  count: Int32Array;
}

/**
 * The offer-side values of the pair features, one typed column per field, so that scoring a
 * profile against 100 k offers is a tight monomorphic loop. Unknown values: NaN or -1.
 */
export class OfferColumns {
  latitude = new Float64Array(0);
  longitude = new Float64Array(0);
  contract = new Int8Array(0);
  seniority = new Int8Array(0);
  salaryMax = new Float64Array(0);
  remote = new Int8Array(0);
  skills: SkillEntry[][] = [];
  hasRequired = new Uint8Array(0);
  /** Inverted index of the offers' skill entries (built on demand, dropped on change). */
  private entryIndex: EntryIndex | null = null;

  ensureCapacity(capacity: number): void {
    if (capacity <= this.latitude.length) return;
    const grow = <T extends Float64Array | Int8Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
      fill?: number,
    ): T => {
      const next = make(capacity);
      if (fill !== undefined) next.fill(fill);
      next.set(old);
      return next;
    };
    this.latitude = grow(this.latitude, (n) => new Float64Array(n), NaN);
    this.longitude = grow(this.longitude, (n) => new Float64Array(n), NaN);
    this.contract = grow(this.contract, (n) => new Int8Array(n), -1);
    this.seniority = grow(this.seniority, (n) => new Int8Array(n), -1);
    this.salaryMax = grow(this.salaryMax, (n) => new Float64Array(n), NaN);
    this.remote = grow(this.remote, (n) => new Int8Array(n), -1);
    this.hasRequired = grow(this.hasRequired, (n) => new Uint8Array(n));
  }

  set(row: number, offer: OfferView, skills: SkillEntry[]): void {
    this.latitude[row] = offer.latitude ?? NaN;
    this.longitude[row] = offer.longitude ?? NaN;
    this.contract[row] = offer.contractType ? CONTRACT_TYPES.indexOf(offer.contractType) : -1;
    this.seniority[row] = offer.seniority ? SENIORITY_RANK[offer.seniority] : -1;
    this.salaryMax[row] = offer.salaryAnnualMaxEur ?? offer.salaryAnnualMinEur ?? NaN;
    this.remote[row] = offer.remote ? REMOTE_MODES.indexOf(offer.remote) : -1;
    this.skills[row] = skills;
    this.hasRequired[row] = skills.some((s) => s.required) ? 1 : 0;
    this.entryIndex = null;
  }

  private entries(): EntryIndex {
    if (this.entryIndex) return this.entryIndex;
    const rowOf: number[] = [];
    const size: number[] = [];
    const required: number[] = [];
    const postings = new Map<string, number[]>();
    const byId = new Map<string, number[]>();
    const requiredCount = new Uint16Array(this.skills.length);
    this.skills.forEach((list, row) => {
      for (const e of list) {
        const id = rowOf.length;
        rowOf.push(row);
        size.push(e.tokens.size);
        required.push(e.required ? 1 : 0);
        if (e.required) requiredCount[row] = (requiredCount[row] as number) + 1;
        for (const t of e.tokens) {
          const l = postings.get(t);
          if (l) l.push(id);
          else postings.set(t, [id]);
        }
        if (e.id) {
          const l = byId.get(e.id);
          if (l) l.push(id);
          else byId.set(e.id, [id]);
        }
      }
    });
    this.entryIndex = {
      rowOf: Int32Array.from(rowOf),
      size: Int32Array.from(size),
      required: Uint8Array.from(required),
      postings,
      byId,
      requiredCount,
      count: new Int32Array(rowOf.length),
    };
    return this.entryIndex;
  }

  /**
   * For every row with a skill that matches a profile skill: the level-weighted coverage and the
   * number of its required skills that match — matchSkills' semantics (an offer skill counts for
   * the first profile skill it matches; a profile skill's level counts once per offer), computed
   * from token postings without comparing every pair.
   */
  private skillMatches(
    prepared: PreparedProfile,
  ): Map<number, { covered: number; used: number; requiredMatched: number }> {
    const index = this.entries();
    const firstMatch = new Map<number, number>();
    prepared.skills.forEach((ps, i) => {
      const touched: number[] = [];
      for (const t of ps.tokens) {
        for (const e of index.postings.get(t) ?? []) {
          if (index.count[e] === 0) touched.push(e);
          index.count[e] = (index.count[e] as number) + 1;
        }
      }
      const pSize = ps.tokens.size;
      for (const e of touched) {
        const c = index.count[e] as number;
        const oSize = index.size[e] as number;
        index.count[e] = 0;
        const match =
          (c === pSize && pSize / oSize >= 0.5) || (c === oSize && oSize / pSize >= 0.5);
        if (match && !firstMatch.has(e)) firstMatch.set(e, i);
      }
      if (ps.id)
        for (const e of index.byId.get(ps.id) ?? []) if (!firstMatch.has(e)) firstMatch.set(e, i);
    });
    const perRow = new Map<number, { covered: number; used: number; requiredMatched: number }>();
    const usedSets = new Map<number, Set<number>>();
    for (const [e, i] of firstMatch) {
      const row = index.rowOf[e] as number;
      let r = perRow.get(row);
      if (!r) perRow.set(row, (r = { covered: 0, used: 0, requiredMatched: 0 }));
      let used = usedSets.get(row);
      if (!used) usedSets.set(row, (used = new Set()));
      if (!used.has(i)) {
        used.add(i);
        r.covered += (prepared.skills[i] as { level: number }).level;
      }
      if (index.required[e]) r.requiredMatched++;
    }
    return perRow;
  }

  /**
   * Pair features of a profile against rows (all rows 0..count-1 when `rows` is null), exactly the
   * values pairFeatureFiller computes from the OfferViews (tested), written row by row into `out`.
   */
  fill(prepared: PreparedProfile, rows: Int32Array | null, count: number, out: Float32Array): void {
    const F = PAIR_FEATURES.length;
    const p = prepared.profile;
    const loc = p.location;
    const hasLocation = !!loc && Number.isFinite(loc.latitude) && Number.isFinite(loc.longitude);
    const radius = typeof loc?.radiusKm === 'number' && loc.radiusKm > 0 ? loc.radiusKm : 0;
    const wanted = new Int8Array(CONTRACT_TYPES.length);
    for (const c of p.contractTypes ?? []) {
      const i = CONTRACT_TYPES.indexOf(c);
      if (i >= 0) wanted[i] = 1;
    }
    const anyContract = (p.contractTypes ?? []).length > 0;
    const seniority =
      p.seniority && p.seniority in SENIORITY_RANK ? SENIORITY_RANK[p.seniority] : -1;
    const minSalary =
      typeof p.minAnnualSalaryEur === 'number' && p.minAnnualSalaryEur > 0
        ? p.minAnnualSalaryEur
        : 0;
    const remote = p.remote ? REMOTE_MODES.indexOf(p.remote) : -1;
    const FULL = REMOTE_MODES.indexOf('FULL');
    const PARTIAL = REMOTE_MODES.indexOf('PARTIAL');
    const NONE = REMOTE_MODES.indexOf('NONE');
    const rad = Math.PI / 180;
    const lat1 = hasLocation ? (loc as { latitude: number }).latitude : 0;
    const lon1 = hasLocation ? (loc as { longitude: number }).longitude : 0;
    const cosLat1 = Math.cos(lat1 * rad);
    const matches = prepared.skills.length > 0 ? this.skillMatches(prepared) : null;
    const requiredCount = matches ? this.entries().requiredCount : null;
    for (let m = 0; m < count; m++) {
      const row = rows ? (rows[m] as number) : m;
      const o = m * F;
      const lat2 = this.latitude[row] as number;
      const lon2 = this.longitude[row] as number;
      let d = NaN;
      if (hasLocation && !Number.isNaN(lat2) && !Number.isNaN(lon2)) {
        const a =
          Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
          cosLat1 * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
        d = 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
      }
      const known = !Number.isNaN(d);
      out[o] = known ? Math.log1p(d) / LOG_DISTANCE_SCALE : 0;
      out[o + 1] = hasLocation && !known ? 1 : 0;
      out[o + 2] = known && radius > 0 ? Math.min(1, Math.max(0, (d - radius) / radius)) : 0;
      if (matches && (this.skills[row] as SkillEntry[]).length > 0) {
        const match = matches.get(row);
        const required = (requiredCount as Uint16Array)[row] as number;
        out[o + 3] = match ? match.covered / prepared.levelSum : 0;
        out[o + 4] = required > 0 ? (required - (match?.requiredMatched ?? 0)) / required : 0;
      } else {
        out[o + 3] = 0;
        out[o + 4] = 0;
      }
      const c = this.contract[row] as number;
      out[o + 5] = !anyContract || c < 0 ? 0 : wanted[c] ? 1 : -1;
      const s = this.seniority[row] as number;
      out[o + 6] = seniority >= 0 && s >= 0 ? Math.max(0, s - seniority) / 3 : 0;
      const salary = this.salaryMax[row] as number;
      out[o + 7] =
        minSalary > 0 && !Number.isNaN(salary)
          ? Math.min(1, Math.max(0, (minSalary - salary) / minSalary))
          : 0;
      const r = this.remote[row] as number;
      let gap = 0;
      if (remote >= 0 && r >= 0) {
        if (remote === FULL) gap = r === FULL ? 0 : r === PARTIAL ? 0.5 : 1;
        else if (remote === PARTIAL) gap = r === NONE ? 0.5 : 0;
      }
      out[o + 8] = gap;
    }
  }
}
