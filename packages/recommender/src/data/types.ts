/**
 * The minimal, source-independent view of an offer that every feature is computed from. France
 * Travail payloads (the warehouse's training data) and curated offer documents (what the
 * recommendations subgraph receives from `offers.curated`) are both converted to this one shape,
 * so a model trained on the former scores the latter identically.
 */

export const CONTRACT_TYPES = [
  'CDI',
  'CDD',
  'INTERIM',
  'ALTERNANCE',
  'STAGE',
  'FREELANCE',
  'SAISONNIER',
  'AUTRE',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const SENIORITIES = ['DEBUTANT', 'JUNIOR', 'CONFIRME', 'SENIOR'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const REMOTE_MODES = ['NONE', 'PARTIAL', 'FULL'] as const;
export type RemoteMode = (typeof REMOTE_MODES)[number];

export interface OfferSkill {
  /** Source identifier when there is one (France Travail compétence code, curated skill id). */
  id?: string | null;
  label: string;
  required: boolean;
}

export interface OfferView {
  id: string;
  title: string;
  description: string;
  /** ISO-8601 creation time, or null when the source has none. */
  createdAt: string | null;
  romeCode: string | null;
  romeLabel: string | null;
  /** ROME appellation label (France Travail `appellationlibelle`), when known. */
  appellation: string | null;
  /** True when the ROME code was predicted rather than given by the source. */
  romePredicted: boolean;
  latitude: number | null;
  longitude: number | null;
  communeCode: string | null;
  departementCode: string | null;
  contractType: ContractType | null;
  seniority: Seniority | null;
  salaryAnnualMinEur: number | null;
  salaryAnnualMaxEur: number | null;
  remote: RemoteMode | null;
  /** Hard skills (France Travail `competences`, curated `hardSkills`). */
  skills: OfferSkill[];
  /** Soft skills labels (savoir-être). */
  softSkills: string[];
}

export interface ProfileSkill {
  id?: string | null;
  label: string;
  /** 1 = notions, 2 = working knowledge, 3 = expert. Defaults to 2. */
  level?: 1 | 2 | 3;
}

/** What a candidate tells us; every field is optional, an empty profile still gets a ranking. */
export interface CandidateProfile {
  desiredRomeCodes?: string[];
  desiredTitles?: string[];
  skills?: ProfileSkill[];
  location?: { latitude: number; longitude: number; radiusKm?: number | null } | null;
  contractTypes?: ContractType[];
  seniority?: Seniority | null;
  minAnnualSalaryEur?: number | null;
  remote?: RemoteMode | null;
}

export const SENIORITY_RANK: Record<Seniority, number> = {
  DEBUTANT: 0,
  JUNIOR: 1,
  CONFIRME: 2,
  SENIOR: 3,
};
