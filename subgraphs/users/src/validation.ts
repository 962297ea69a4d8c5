import {
  badUserInput,
  boundedList,
  boundedNumber,
  boundedString,
  optionalString,
  parseId,
} from '@jobmarket/subgraph-kit';
import type { ProfileInput } from './types.js';
import { ContractType, RemoteMode, Seniority, SkillLevel } from './types.js';

const EMAIL_MAX = 254;

/** Trimmed, NFC, lower-cased; BAD_USER_INPUT when it does not look like an address. */
export function normaliseEmail(raw: string, argument = 'email'): string {
  const email = boundedString(raw, { argument, max: EMAIL_MAX, min: 1 }).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) {
    throw badUserInput('The email address is not valid.', { argument });
  }
  return email;
}

export function parseOfferId(value: string, argument = 'offerId'): string {
  return parseId(value, { argument, max: 128 });
}

/** The columns of `profiles` a ProfileInput changes (only keys present in the input). */
export type ProfileChanges = Partial<{
  display_name: string | null;
  desired_rome_codes: string[];
  desired_job_titles: string[];
  skills: string;
  location: string | null;
  radius_km: number | null;
  contract_types: string[];
  seniority: string | null;
  min_salary: number | null;
  remote_modes: string[];
}>;

function enumValues<T extends string>(
  values: readonly (T | string)[] | null | undefined,
  allowed: Record<string, string>,
  argument: string,
  max: number,
): T[] {
  const list = boundedList(values, { argument, max }, (value) => {
    if (!Object.values(allowed).includes(value))
      throw badUserInput(`\`${argument}\` has an unknown value.`, { argument });
    return value as T;
  });
  return [...new Set(list)];
}

/** Checks every bound of a profile input and turns it into column values. */
export function profileChanges(input: ProfileInput, prefix = 'input'): ProfileChanges {
  const changes: ProfileChanges = {};
  const has = (key: keyof ProfileInput) =>
    Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;
  if (has('displayName')) {
    changes.display_name = optionalString(input.displayName, {
      argument: `${prefix}.displayName`,
      max: 80,
    });
  }
  if (has('desiredRomeCodes')) {
    changes.desired_rome_codes = [
      ...new Set(
        boundedList(
          input.desiredRomeCodes,
          { argument: `${prefix}.desiredRomeCodes`, max: 20 },
          (code) => {
            const value = boundedString(code, {
              argument: `${prefix}.desiredRomeCodes`,
              max: 5,
            }).toUpperCase();
            if (!/^[A-N]\d{4}$/.test(value)) {
              throw badUserInput(
                `\`${prefix}.desiredRomeCodes\` must hold ROME codes such as M1805.`,
                {
                  argument: `${prefix}.desiredRomeCodes`,
                },
              );
            }
            return value;
          },
        ),
      ),
    ];
  }
  if (has('desiredJobTitles')) {
    changes.desired_job_titles = boundedList(
      input.desiredJobTitles,
      { argument: `${prefix}.desiredJobTitles`, max: 10 },
      (title) => boundedString(title, { argument: `${prefix}.desiredJobTitles`, max: 100, min: 1 }),
    );
  }
  if (has('skills')) {
    const seen = new Set<string>();
    const skills = boundedList(input.skills, { argument: `${prefix}.skills`, max: 50 }, (skill) => {
      const name = boundedString(skill.name, {
        argument: `${prefix}.skills.name`,
        max: 80,
        min: 1,
      });
      if (!Object.values(SkillLevel).includes(skill.level)) {
        throw badUserInput(`\`${prefix}.skills.level\` has an unknown value.`, {
          argument: `${prefix}.skills.level`,
        });
      }
      return { name, level: skill.level };
    }).filter((skill) => {
      const key = skill.name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    changes.skills = JSON.stringify(skills);
  }
  if (has('location')) {
    const location = input.location;
    changes.location =
      location === null || location === undefined
        ? null
        : JSON.stringify({
            label: boundedString(location.label, {
              argument: `${prefix}.location.label`,
              max: 120,
              min: 1,
            }),
            latitude: boundedNumber(location.latitude, {
              argument: `${prefix}.location.latitude`,
              min: -90,
              max: 90,
              integer: false,
            }),
            longitude: boundedNumber(location.longitude, {
              argument: `${prefix}.location.longitude`,
              min: -180,
              max: 180,
              integer: false,
            }),
            communeCode: (() => {
              const code = optionalString(location.communeCode, {
                argument: `${prefix}.location.communeCode`,
                max: 5,
              });
              if (code !== null && !/^(\d[\dAB]\d{3})$/.test(code)) {
                throw badUserInput(
                  `\`${prefix}.location.communeCode\` must be an INSEE code such as 75056.`,
                  {
                    argument: `${prefix}.location.communeCode`,
                  },
                );
              }
              return code;
            })(),
          });
  }
  if (has('radiusKm')) {
    changes.radius_km =
      input.radiusKm === null || input.radiusKm === undefined
        ? null
        : boundedNumber(input.radiusKm, { argument: `${prefix}.radiusKm`, min: 1, max: 1000 });
  }
  if (has('contractTypes')) {
    changes.contract_types = enumValues(
      input.contractTypes,
      ContractType,
      `${prefix}.contractTypes`,
      8,
    );
  }
  if (has('seniority')) {
    if (
      input.seniority !== null &&
      input.seniority !== undefined &&
      !Object.values(Seniority).includes(input.seniority)
    ) {
      throw badUserInput(`\`${prefix}.seniority\` has an unknown value.`, {
        argument: `${prefix}.seniority`,
      });
    }
    changes.seniority = input.seniority ?? null;
  }
  if (has('minSalary')) {
    changes.min_salary =
      input.minSalary === null || input.minSalary === undefined
        ? null
        : boundedNumber(input.minSalary, {
            argument: `${prefix}.minSalary`,
            min: 0,
            max: 1_000_000,
          });
  }
  if (has('remoteModes')) {
    changes.remote_modes = enumValues(input.remoteModes, RemoteMode, `${prefix}.remoteModes`, 3);
  }
  return changes;
}
