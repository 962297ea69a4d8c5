/**
 * Profiles → the recommender's CandidateProfile.
 *
 * - `profileFromInput`: a profile typed on the spot (recommendationsForProfile). Every field is
 *   bounded; what cannot be answered sensibly is a BAD_USER_INPUT naming the field: a location
 *   outside France, a radius without a location, a malformed ROME code, a salary out of range.
 *   Anything else gets an answer, however thin the profile: no skills, skills the model has never
 *   seen (they simply match nothing), no location.
 * - `profileFromStored`: the signed-in user's saved profile (from the users subgraph). It was
 *   validated when saved; what still cannot be used (a location outside France, a radius without
 *   a location) is left out rather than failing the user's page.
 */
import { badUserInput, boundedList, boundedNumber, boundedString } from '@jobmarket/subgraph-kit';
import type { CandidateProfile, ProfileSkill as CandidateSkill } from '@jobmarket/recommender';
import { SkillLevel, type Profile, type ProfileInput, type RemoteMode } from './types.js';

/** Metropolitan France and the five overseas départements (bounding boxes, generous). */
const FRANCE: Array<{ name: string; lat: [number, number]; lon: [number, number] }> = [
  { name: 'metropolitan France and Corsica', lat: [41.2, 51.2], lon: [-5.3, 9.7] },
  { name: 'Guadeloupe', lat: [15.8, 16.6], lon: [-61.9, -60.9] },
  { name: 'Martinique', lat: [14.3, 15.0], lon: [-61.3, -60.7] },
  { name: 'Guyane', lat: [2.0, 5.9], lon: [-54.7, -51.5] },
  { name: 'La Réunion', lat: [-21.5, -20.8], lon: [55.1, 55.9] },
  { name: 'Mayotte', lat: [-13.1, -12.6], lon: [44.9, 45.4] },
];

export function inFrance(latitude: number, longitude: number): boolean {
  return FRANCE.some(
    (r) =>
      latitude >= r.lat[0] &&
      latitude <= r.lat[1] &&
      longitude >= r.lon[0] &&
      longitude <= r.lon[1],
  );
}

const LEVEL: Record<SkillLevel, 1 | 2 | 3> = {
  [SkillLevel.BEGINNER]: 1,
  [SkillLevel.INTERMEDIATE]: 2,
  [SkillLevel.ADVANCED]: 3,
  [SkillLevel.EXPERT]: 3,
};

/**
 * Accepted remote modes → the single mode the model compares with: all of them (or none listed)
 * = no preference; only FULL = FULL; PARTIAL and/or FULL without NONE = at least PARTIAL.
 */
function remotePreference(
  modes: readonly RemoteMode[] | null | undefined,
): CandidateProfile['remote'] {
  const set = new Set(modes ?? []);
  if (set.size === 0 || set.has('NONE' as RemoteMode)) return null;
  if (set.has('PARTIAL' as RemoteMode)) return 'PARTIAL';
  return set.has('FULL' as RemoteMode) ? 'FULL' : null;
}

const ROME_CODE = /^[A-N]\d{4}$/;

export function profileFromInput(input: ProfileInput, argument = 'profile'): CandidateProfile {
  const codes = boundedList(
    input.desiredRomeCodes,
    { argument: `${argument}.desiredRomeCodes`, max: 20 },
    (raw, i) => {
      const code = boundedString(raw, {
        argument: `${argument}.desiredRomeCodes[${i}]`,
        max: 5,
      }).toUpperCase();
      if (!ROME_CODE.test(code)) {
        throw badUserInput(
          `\`${argument}.desiredRomeCodes[${i}]\` is not a ROME code (a letter A–N and four digits, e.g. M1805).`,
          { argument: `${argument}.desiredRomeCodes` },
        );
      }
      return code;
    },
  );
  const titles = boundedList(
    input.desiredJobTitles,
    { argument: `${argument}.desiredJobTitles`, max: 10 },
    (raw, i) => boundedString(raw, { argument: `${argument}.desiredJobTitles[${i}]`, max: 200 }),
  ).filter((t) => t !== '');
  const skills = boundedList(
    input.skills,
    { argument: `${argument}.skills`, max: 100 },
    (skill, i): CandidateSkill => ({
      label: boundedString(skill.name, {
        argument: `${argument}.skills[${i}].name`,
        max: 100,
        min: 1,
      }),
      level: LEVEL[skill.level] ?? 2,
    }),
  );
  let location: CandidateProfile['location'] = null;
  if (input.location) {
    const latitude = boundedNumber(input.location.latitude, {
      argument: `${argument}.location.latitude`,
      min: -90,
      max: 90,
      integer: false,
    });
    const longitude = boundedNumber(input.location.longitude, {
      argument: `${argument}.location.longitude`,
      min: -180,
      max: 180,
      integer: false,
    });
    if (!inFrance(latitude, longitude)) {
      throw badUserInput(
        `\`${argument}.location\` (${latitude}, ${longitude}) is outside France: offers are in metropolitan France and the overseas départements.`,
        { argument: `${argument}.location` },
      );
    }
    location = { latitude, longitude };
  }
  if (input.radiusKm !== null && input.radiusKm !== undefined) {
    const radiusKm = boundedNumber(input.radiusKm, {
      argument: `${argument}.radiusKm`,
      min: 1,
      max: 1000,
    });
    if (!location) {
      throw badUserInput(
        `\`${argument}.radiusKm\` needs \`${argument}.location\`: a radius around nowhere cannot be applied.`,
        {
          argument: `${argument}.radiusKm`,
        },
      );
    }
    location = { ...location, radiusKm };
  }
  const minSalary =
    input.minSalary === null || input.minSalary === undefined
      ? null
      : boundedNumber(input.minSalary, {
          argument: `${argument}.minSalary`,
          min: 0,
          max: 1_000_000,
        });
  return {
    desiredRomeCodes: [...new Set(codes)],
    desiredTitles: titles,
    skills,
    location,
    contractTypes: [...new Set(input.contractTypes ?? [])],
    seniority: input.seniority ?? null,
    minAnnualSalaryEur: minSalary && minSalary > 0 ? minSalary : null,
    remote: remotePreference(input.remoteModes),
  };
}

/** The saved profile, leniently: what cannot be used is left out (and reported in `ignored`). */
export function profileFromStored(profile: Profile | null | undefined): {
  profile: CandidateProfile;
  ignored: string[];
} {
  const ignored: string[] = [];
  if (!profile) return { profile: {}, ignored: ['no profile'] };
  let location: CandidateProfile['location'] = null;
  const loc = profile.location;
  if (loc && Number.isFinite(loc.latitude) && Number.isFinite(loc.longitude)) {
    if (inFrance(loc.latitude, loc.longitude)) {
      location = {
        latitude: loc.latitude,
        longitude: loc.longitude,
        ...(profile.radiusKm && profile.radiusKm > 0 ? { radiusKm: profile.radiusKm } : {}),
      };
    } else ignored.push('location outside France');
  } else if (profile.radiusKm) ignored.push('radius without a location');
  return {
    profile: {
      desiredRomeCodes: (profile.desiredRomeCodes ?? [])
        .map((c) => String(c).trim().toUpperCase())
        .filter((c) => ROME_CODE.test(c)),
      desiredTitles: (profile.desiredJobTitles ?? []).filter(
        (t) => typeof t === 'string' && t.trim() !== '',
      ),
      skills: (profile.skills ?? [])
        .filter((s) => s && typeof s.name === 'string' && s.name.trim() !== '')
        .map((s) => ({ label: s.name, level: LEVEL[s.level] ?? 2 })),
      location,
      contractTypes: profile.contractTypes ?? [],
      seniority: profile.seniority ?? null,
      minAnnualSalaryEur: profile.minSalary && profile.minSalary > 0 ? profile.minSalary : null,
      remote: remotePreference(profile.remoteModes),
    },
    ignored,
  };
}
