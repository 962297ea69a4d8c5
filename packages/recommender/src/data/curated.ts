import { normaliseRomeCode, isoDate } from './francetravail.js';
import {
  CONTRACT_TYPES,
  REMOTE_MODES,
  SENIORITIES,
  type ContractType,
  type OfferView,
  type RemoteMode,
  type Seniority,
} from './types.js';

/**
 * The fields of the curated offer document (`CuratedOffer` in @jobmarket/events, published on
 * `jobmarket.offers.curated.v1`) that the recommender reads. Declared structurally here so this
 * package does not depend on the events package; any extra field is ignored and every field may
 * be missing or null.
 */
export interface CuratedOfferLike {
  id: string;
  title?: string | null;
  description?: string | null;
  company?: unknown;
  location?: {
    latitude?: number | null;
    longitude?: number | null;
    communeCode?: string | null;
    departementCode?: string | null;
    [key: string]: unknown;
  } | null;
  contract?: { type?: string | null; [key: string]: unknown } | null;
  rome?: {
    code?: string | null;
    label?: string | null;
    domainCode?: string | null;
    predicted?: boolean | null;
  } | null;
  appellation?: string | null;
  seniority?: string | null;
  salary?: {
    annualMinEur?: number | null;
    annualMaxEur?: number | null;
    [key: string]: unknown;
  } | null;
  remote?: string | null;
  hardSkills?: Array<{
    id?: string | null;
    label?: string | null;
    required?: boolean | null;
  }> | null;
  softSkills?: Array<{
    id?: string | null;
    label?: string | null;
    description?: string | null;
  }> | null;
  createdAt?: string | null;
  [key: string]: unknown;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : null;
}

/** Curated offer document → OfferView (the same view the France Travail adapter produces). */
export function fromCuratedOffer(offer: CuratedOfferLike): OfferView {
  const lat = finite(offer.location?.latitude);
  const lon = finite(offer.location?.longitude);
  const validPoint = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const min = finite(offer.salary?.annualMinEur);
  const max = finite(offer.salary?.annualMaxEur);
  return {
    id: String(offer.id),
    title: typeof offer.title === 'string' ? offer.title : '',
    description: typeof offer.description === 'string' ? offer.description : '',
    createdAt: isoDate(offer.createdAt),
    romeCode: normaliseRomeCode(offer.rome?.code),
    romeLabel: typeof offer.rome?.label === 'string' ? offer.rome.label : null,
    appellation: typeof offer.appellation === 'string' ? offer.appellation : null,
    romePredicted: offer.rome?.predicted === true,
    latitude: validPoint ? lat : null,
    longitude: validPoint ? lon : null,
    communeCode:
      typeof offer.location?.communeCode === 'string' ? offer.location.communeCode : null,
    departementCode:
      typeof offer.location?.departementCode === 'string' ? offer.location.departementCode : null,
    contractType: oneOf<ContractType>(CONTRACT_TYPES, offer.contract?.type),
    seniority: oneOf<Seniority>(SENIORITIES, offer.seniority),
    salaryAnnualMinEur: min ?? max,
    salaryAnnualMaxEur: max ?? min,
    remote: oneOf<RemoteMode>(REMOTE_MODES, offer.remote),
    skills: (offer.hardSkills ?? [])
      .filter((s) => s && typeof s.label === 'string' && s.label.trim() !== '')
      .map((s) => ({ id: s.id ?? null, label: s.label as string, required: s.required !== false })),
    softSkills: (offer.softSkills ?? [])
      .map((s) => s?.label)
      .filter((l): l is string => typeof l === 'string' && l.trim() !== ''),
  };
}
