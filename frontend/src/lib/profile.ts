/** The profile form's state and its conversion to and from the graph's profile. */
import type {
  ContractType,
  ProfileFieldsFragment,
  ProfileInput,
  RemoteMode,
  Seniority,
  SkillLevel,
} from '../gql/graphql';
import { splitList } from './validation';

export interface ProfileLocationState {
  label: string;
  latitude: number;
  longitude: number;
  communeCode: string | null;
}

export interface ProfileFormState {
  displayName: string;
  desiredRomeCodes: { code: string; label: string }[];
  jobTitles: string;
  skills: { name: string; level: SkillLevel }[];
  location: ProfileLocationState | null;
  radiusKm: string | number;
  contractTypes: ContractType[];
  seniority: Seniority | '';
  minSalary: string | number;
  remoteModes: RemoteMode[];
}

export function emptyProfileForm(): ProfileFormState {
  return {
    displayName: '',
    desiredRomeCodes: [],
    jobTitles: '',
    skills: [],
    location: null,
    radiusKm: '30',
    contractTypes: [],
    seniority: '',
    minSalary: '',
    remoteModes: [],
  };
}

export function profileFormFrom(profile: ProfileFieldsFragment): ProfileFormState {
  return {
    displayName: profile.displayName ?? '',
    desiredRomeCodes: profile.desiredRomeCodes.map((code) => ({ code, label: code })),
    jobTitles: profile.desiredJobTitles.join(', '),
    skills: profile.skills.map((skill) => ({ name: skill.name, level: skill.level })),
    location: profile.location
      ? {
          label: profile.location.label,
          latitude: profile.location.latitude,
          longitude: profile.location.longitude,
          communeCode: profile.location.communeCode ?? null,
        }
      : null,
    radiusKm: profile.radiusKm === null ? '' : String(profile.radiusKm),
    contractTypes: [...profile.contractTypes],
    seniority: profile.seniority ?? '',
    minSalary: profile.minSalary === null ? '' : String(profile.minSalary),
    remoteModes: [...profile.remoteModes],
  };
}

/** The `ProfileInput` of a (validated) form: every field sent, empty ones as null or []. */
export function toProfileInput(form: ProfileFormState): ProfileInput {
  return {
    displayName: form.displayName.trim() || null,
    desiredRomeCodes: form.desiredRomeCodes.map((rome) => rome.code),
    desiredJobTitles: splitList(form.jobTitles),
    skills: form.skills.map((skill) => ({ name: skill.name, level: skill.level })),
    location: form.location
      ? {
          label: form.location.label,
          latitude: form.location.latitude,
          longitude: form.location.longitude,
          communeCode: form.location.communeCode,
        }
      : null,
    radiusKm: String(form.radiusKm ?? '').trim() === '' ? null : Number(form.radiusKm),
    contractTypes: [...form.contractTypes],
    seniority: form.seniority === '' ? null : form.seniority,
    minSalary: String(form.minSalary ?? '').trim() === '' ? null : Number(form.minSalary),
    remoteModes: [...form.remoteModes],
  };
}
