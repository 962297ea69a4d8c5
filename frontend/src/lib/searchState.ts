/**
 * The whole search page state, and its round trip through the URL query (French parameter names).
 * The URL is the single source of truth: the page reads the state from the route, and every change
 * is a router push of the new query, so links are shareable and the back button works.
 */
import type { ContractType, OfferFilter, OfferSort, RemoteMode, Seniority } from '../gql/graphql';

export const CONTRACT_TYPES: readonly ContractType[] = [
  'CDI',
  'CDD',
  'INTERIM',
  'ALTERNANCE',
  'STAGE',
  'FREELANCE',
  'SAISONNIER',
  'AUTRE',
];
export const SENIORITIES: readonly Seniority[] = ['DEBUTANT', 'JUNIOR', 'CONFIRME', 'SENIOR'];
export const REMOTE_MODES: readonly RemoteMode[] = ['NONE', 'PARTIAL', 'FULL'];
export const SORTS: readonly OfferSort[] = ['RELEVANCE', 'DATE', 'SALARY', 'DISTANCE'];
export const SOURCES = ['FRANCETRAVAIL', 'ADZUNA'] as const;
export type SourceName = (typeof SOURCES)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
export const PUBLISHED_WITHIN = [1, 3, 7, 14, 31] as const;
export const RADII_KM = [5, 10, 20, 30, 50, 100] as const;
export type ResultView = 'table' | 'cards';

export interface NearState {
  /** INSEE commune code the radius is around. */
  commune: string;
  radiusKm: number;
  /** The commune's name as picked (display only). */
  label: string;
}

export interface SearchState {
  q: string;
  titleWords: string;
  company: string;
  cities: string[];
  departements: string[];
  regions: string[];
  near: NearState | null;
  contracts: ContractType[];
  domains: string[];
  romes: string[];
  seniorities: Seniority[];
  skills: string[];
  /** true: offers must ask for every skill; false: at least one. */
  allSkills: boolean;
  minSalary: number | null;
  remote: RemoteMode[];
  publishedWithinDays: number | null;
  sources: SourceName[];
  sort: OfferSort;
  page: number;
  pageSize: number;
  /** Cursor of the current page (null on page 1). */
  after: string | null;
  view: ResultView;
}

export const EMPTY_SEARCH: Readonly<SearchState> = Object.freeze({
  q: '',
  titleWords: '',
  company: '',
  cities: [],
  departements: [],
  regions: [],
  near: null,
  contracts: [],
  domains: [],
  romes: [],
  seniorities: [],
  skills: [],
  allSkills: false,
  minSalary: null,
  remote: [],
  publishedWithinDays: null,
  sources: [],
  sort: 'RELEVANCE',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
  after: null,
  view: 'table',
}) as SearchState;

/** URL parameter of each field (the URL is in French, like the site). */
export const PARAM = {
  q: 'q',
  titleWords: 'titre',
  company: 'entreprise',
  cities: 'ville',
  departements: 'departement',
  regions: 'region',
  nearCommune: 'autour',
  nearRadius: 'rayon',
  nearLabel: 'autour_nom',
  contracts: 'contrat',
  domains: 'domaine',
  romes: 'rome',
  seniorities: 'seniorite',
  skills: 'competence',
  allSkills: 'toutes_competences',
  minSalary: 'salaire_min',
  remote: 'teletravail',
  publishedWithinDays: 'publie_depuis',
  sources: 'source',
  sort: 'tri',
  page: 'page',
  pageSize: 'par_page',
  after: 'apres',
  view: 'vue',
} as const;

const SORT_PARAM: Record<OfferSort, string> = {
  RELEVANCE: 'pertinence',
  DATE: 'date',
  SALARY: 'salaire',
  DISTANCE: 'distance',
};

export type RawQuery = Record<string, string | null | undefined | (string | null)[]>;

const MAX_TEXT = 200;
const MAX_LIST = 20;

function first(raw: RawQuery, key: string): string {
  const value = raw[key];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text : '';
}

function text(raw: RawQuery, key: string): string {
  return first(raw, key).trim().slice(0, MAX_TEXT);
}

/** A list is comma-separated in one parameter (repeated parameters are accepted too). */
function list(raw: RawQuery, key: string): string[] {
  const value = raw[key];
  const parts = (Array.isArray(value) ? value : [value])
    .filter((item): item is string => typeof item === 'string')
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0 && item.length <= 100);
  return [...new Set(parts)].slice(0, MAX_LIST);
}

function codes(raw: RawQuery, key: string, pattern: RegExp): string[] {
  return list(raw, key)
    .map((item) => item.toUpperCase())
    .filter((item) => pattern.test(item));
}

function oneOf<T extends string>(values: readonly T[], items: string[]): T[] {
  const upper = items.map((item) => item.toUpperCase());
  return values.filter((value) => upper.includes(value));
}

function integer(raw: RawQuery, key: string, min: number, max: number): number | null {
  const value = first(raw, key);
  if (!/^\d{1,9}$/.test(value)) return null;
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}

export const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
export const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|97\d)$/;
export const REGION_CODE = /^\d{2}$/;
export const DOMAIN_CODE = /^[A-N]\d{2}$/;
export const ROME_CODE = /^[A-N]\d{4}$/;

/** The state a URL query describes; anything invalid or unknown is dropped, never an error. */
export function parseSearchQuery(raw: RawQuery): SearchState {
  const radius = integer(raw, PARAM.nearRadius, 1, 500);
  const commune = first(raw, PARAM.nearCommune).toUpperCase();
  const sortParam = first(raw, PARAM.sort).toLowerCase();
  const sort = (Object.entries(SORT_PARAM).find(([, param]) => param === sortParam)?.[0] ??
    'RELEVANCE') as OfferSort;
  const pageSize = integer(raw, PARAM.pageSize, 1, 100);
  const page = integer(raw, PARAM.page, 1, 100_000) ?? 1;
  const after = first(raw, PARAM.after).slice(0, 500);
  return {
    q: text(raw, PARAM.q),
    titleWords: text(raw, PARAM.titleWords),
    company: text(raw, PARAM.company).slice(0, 100),
    cities: list(raw, PARAM.cities),
    departements: codes(raw, PARAM.departements, DEPARTEMENT_CODE),
    regions: codes(raw, PARAM.regions, REGION_CODE),
    near: COMMUNE_CODE.test(commune)
      ? {
          commune,
          radiusKm: radius ?? 20,
          label: text(raw, PARAM.nearLabel).slice(0, 100) || commune,
        }
      : null,
    contracts: oneOf(CONTRACT_TYPES, list(raw, PARAM.contracts)),
    domains: codes(raw, PARAM.domains, DOMAIN_CODE),
    romes: codes(raw, PARAM.romes, ROME_CODE),
    seniorities: oneOf(SENIORITIES, list(raw, PARAM.seniorities)),
    skills: list(raw, PARAM.skills),
    allSkills: first(raw, PARAM.allSkills) === '1',
    minSalary: integer(raw, PARAM.minSalary, 1, 1_000_000),
    remote: oneOf(REMOTE_MODES, list(raw, PARAM.remote)),
    publishedWithinDays: integer(raw, PARAM.publishedWithinDays, 1, 3650),
    sources: oneOf(SOURCES, list(raw, PARAM.sources)),
    sort,
    // A page past 1 only makes sense with its cursor; without one, start again at page 1.
    page: after ? page : 1,
    pageSize:
      pageSize && (PAGE_SIZES as readonly number[]).includes(pageSize)
        ? pageSize
        : DEFAULT_PAGE_SIZE,
    after: after && page > 1 ? after : null,
    view: first(raw, PARAM.view) === 'cartes' ? 'cards' : 'table',
  };
}

/** The URL query of a state: only what differs from the defaults, lists comma-separated. */
export function toSearchQuery(state: SearchState): Record<string, string> {
  const query: Record<string, string> = {};
  const put = (key: string, value: string | number | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    query[key] = String(value);
  };
  const putList = (key: string, values: readonly string[]) => {
    if (values.length > 0) query[key] = values.join(',');
  };
  put(PARAM.q, state.q.trim());
  put(PARAM.titleWords, state.titleWords.trim());
  put(PARAM.company, state.company.trim());
  putList(PARAM.cities, state.cities);
  putList(PARAM.departements, state.departements);
  putList(PARAM.regions, state.regions);
  if (state.near) {
    put(PARAM.nearCommune, state.near.commune);
    put(PARAM.nearRadius, state.near.radiusKm);
    if (state.near.label && state.near.label !== state.near.commune)
      put(PARAM.nearLabel, state.near.label);
  }
  putList(PARAM.contracts, state.contracts);
  putList(PARAM.domains, state.domains);
  putList(PARAM.romes, state.romes);
  putList(PARAM.seniorities, state.seniorities);
  putList(PARAM.skills, state.skills);
  if (state.allSkills && state.skills.length > 1) put(PARAM.allSkills, 1);
  put(PARAM.minSalary, state.minSalary);
  putList(PARAM.remote, state.remote);
  put(PARAM.publishedWithinDays, state.publishedWithinDays);
  putList(PARAM.sources, state.sources);
  if (state.sort !== 'RELEVANCE') put(PARAM.sort, SORT_PARAM[state.sort]);
  if (state.page > 1 && state.after) {
    put(PARAM.page, state.page);
    put(PARAM.after, state.after);
  }
  if (state.pageSize !== DEFAULT_PAGE_SIZE) put(PARAM.pageSize, state.pageSize);
  if (state.view === 'cards') put(PARAM.view, 'cartes');
  return query;
}

/** A new state with some fields changed; any change but paging or view goes back to page 1. */
export function updateSearch(state: SearchState, patch: Partial<SearchState>): SearchState {
  const next = { ...state, ...patch };
  const paging = Object.keys(patch).every(
    (key) => key === 'page' || key === 'after' || key === 'view',
  );
  if (!paging) {
    next.page = 1;
    next.after = null;
  }
  if (next.sort === 'DISTANCE' && !next.near) next.sort = 'RELEVANCE';
  return next;
}

/** Adds or removes one value of a list filter. */
export function toggleValue<T extends string>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((item) => item !== value) : [...values, value];
}

/** The text query sent to the graph: free text, then title words (the title weighs most in the ranking). */
export function searchText(state: SearchState): string | null {
  const text = [state.q, state.titleWords]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return text.length > 0 ? text : null;
}

/** The `OfferFilter` of a state (what search, statistics and skills all take). */
export function toOfferFilter(state: SearchState): OfferFilter {
  const filter: OfferFilter = {};
  if (state.cities.length) filter.cities = state.cities;
  if (state.departements.length) filter.departementCodes = state.departements;
  if (state.regions.length) filter.regionCodes = state.regions;
  if (state.near) filter.near = { communeCode: state.near.commune, radiusKm: state.near.radiusKm };
  if (state.contracts.length) filter.contractTypes = [...state.contracts];
  if (state.domains.length) filter.domainCodes = state.domains;
  if (state.romes.length) filter.romeCodes = state.romes;
  if (state.seniorities.length) filter.seniorities = [...state.seniorities];
  if (state.skills.length) {
    if (state.allSkills) filter.skillsAll = state.skills;
    else filter.skillsAny = state.skills;
  }
  if (state.minSalary !== null) filter.minSalary = state.minSalary;
  if (state.remote.length) filter.remote = [...state.remote];
  if (state.publishedWithinDays !== null) filter.publishedWithinDays = state.publishedWithinDays;
  if (state.sources.length) filter.sources = [...state.sources];
  if (state.company.trim()) filter.company = state.company.trim();
  return filter;
}

export function toSearchVariables(state: SearchState) {
  return {
    query: searchText(state),
    filter: toOfferFilter(state),
    sort: state.sort,
    first: state.pageSize,
    after: state.page > 1 ? state.after : null,
  };
}

/** "( 1 / 8 )": the page and the page count for a total. */
export function pageCount(totalCount: number, pageSize: number): number {
  return Math.max(1, Math.ceil(totalCount / pageSize));
}

/** How many filters are active (for the "Filtres (3)" toggle on phones). */
export function activeFilterCount(state: SearchState): number {
  return (
    [state.cities, state.departements, state.regions, state.contracts, state.domains, state.romes]
      .concat([state.seniorities, state.skills, state.remote, state.sources])
      .reduce((sum, values) => sum + values.length, 0) +
    (state.near ? 1 : 0) +
    (state.minSalary !== null ? 1 : 0) +
    (state.publishedWithinDays !== null ? 1 : 0) +
    (state.company.trim() ? 1 : 0) +
    (state.titleWords.trim() ? 1 : 0)
  );
}
