import {
  badUserInput,
  boundedList,
  boundedNumber,
  boundedString,
  optionalString,
  type Queryable,
} from '@jobmarket/subgraph-kit';
import { ContractType, OfferSourceName, RemoteMode, Seniority } from './enums.js';
import type { OfferFilter } from './input.js';
import { SqlParams } from './sql.js';

/**
 * The offer filter once validated (every bound checked, codes upper-cased, duplicates dropped),
 * and its translation to SQL over the read-model columns both subgraphs keep (see
 * `READ_MODEL_COLUMNS`). Each SQL condition is tagged with its dimension, so that facets can leave
 * out the dimension they count (disjunctive facets).
 */

export const FILTER_LIMITS = {
  cities: 20,
  departementCodes: 20,
  regionCodes: 20,
  domainCodes: 50,
  romeCodes: 50,
  skills: 20,
  cityLength: 100,
  companyLength: 100,
  maxRadiusKm: 500,
  minRadiusKm: 0.1,
  maxSalary: 1_000_000,
  maxPublishedWithinDays: 3650,
} as const;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface NormalizedFilter {
  communeCodes: string[];
  cityNames: string[];
  departementCodes: string[];
  regionCodes: string[];
  near: { point: GeoPoint | null; communeCode: string | null; radiusKm: number } | null;
  contractTypes: ContractType[];
  domainCodes: string[];
  romeCodes: string[];
  seniorities: Seniority[];
  skillsAll: string[];
  skillsAny: string[];
  minSalary: number | null;
  remote: RemoteMode[];
  publishedWithinDays: number | null;
  sources: OfferSourceName[];
  company: string | null;
}

export const EMPTY_FILTER: NormalizedFilter = {
  communeCodes: [],
  cityNames: [],
  departementCodes: [],
  regionCodes: [],
  near: null,
  contractTypes: [],
  domainCodes: [],
  romeCodes: [],
  seniorities: [],
  skillsAll: [],
  skillsAny: [],
  minSalary: null,
  remote: [],
  publishedWithinDays: null,
  sources: [],
  company: null,
};

export const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|97\d)$/;
const REGION_CODE = /^\d{2}$/;
export const DOMAIN_CODE = /^[A-N]\d{2}$/;
export const ROME_CODE = /^[A-N]\d{4}$/;
export const SKILL_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function codes(
  values: readonly string[] | null | undefined,
  argument: string,
  max: number,
  pattern: RegExp,
  what: string,
): string[] {
  return unique(
    boundedList(values, { argument, max }, (value, index) => {
      const code = boundedString(value, {
        argument: `${argument}[${index}]`,
        max: 16,
      }).toUpperCase();
      if (!pattern.test(code)) {
        throw badUserInput(`\`${argument}[${index}]\` is not a valid ${what}.`, {
          argument: `${argument}[${index}]`,
        });
      }
      return code;
    }),
  );
}

function enumValues<T extends string>(
  values: readonly T[] | null | undefined,
  argument: string,
  allowed: Record<string, T>,
): T[] {
  const known = new Set<string>(Object.values(allowed));
  return unique(
    boundedList(values, { argument, max: known.size }, (value, index) => {
      if (!known.has(value)) {
        throw badUserInput(`\`${argument}[${index}]\` is not a known value.`, {
          argument: `${argument}[${index}]`,
        });
      }
      return value;
    }),
  );
}

/** Validates a client's filter; anything out of bounds is BAD_USER_INPUT naming the field. */
export function normalizeFilter(
  input: OfferFilter | null | undefined,
  argument = 'filter',
): NormalizedFilter {
  if (!input) return EMPTY_FILTER;
  const field = (name: string) => `${argument}.${name}`;

  const communeCodes: string[] = [];
  const cityNames: string[] = [];
  boundedList(
    input.cities,
    { argument: field('cities'), max: FILTER_LIMITS.cities },
    (value, index) => {
      const city = boundedString(value, {
        argument: `${field('cities')}[${index}]`,
        max: FILTER_LIMITS.cityLength,
        min: 1,
      });
      if (COMMUNE_CODE.test(city.toUpperCase())) communeCodes.push(city.toUpperCase());
      else if (/[\p{L}\p{N}]/u.test(city)) cityNames.push(city);
      else
        throw badUserInput(`\`${field('cities')}[${index}]\` is not a city.`, {
          argument: `${field('cities')}[${index}]`,
        });
    },
  );

  let near: NormalizedFilter['near'] = null;
  if (input.near) {
    const geo = input.near;
    const radiusKm = boundedNumber(geo.radiusKm, {
      argument: field('near.radiusKm'),
      min: FILTER_LIMITS.minRadiusKm,
      max: FILTER_LIMITS.maxRadiusKm,
      integer: false,
    });
    const hasPoint = geo.latitude != null || geo.longitude != null;
    const communeCode = optionalString(geo.communeCode, {
      argument: field('near.communeCode'),
      max: 8,
    })?.toUpperCase();
    if (hasPoint === Boolean(communeCode)) {
      throw badUserInput(
        `\`${field('near')}\` needs either latitude and longitude, or communeCode (not both).`,
        { argument: field('near') },
      );
    }
    if (communeCode) {
      if (!COMMUNE_CODE.test(communeCode)) {
        throw badUserInput(`\`${field('near.communeCode')}\` is not an INSEE commune code.`, {
          argument: field('near.communeCode'),
        });
      }
      near = { point: null, communeCode, radiusKm };
    } else {
      if (geo.latitude == null || geo.longitude == null) {
        throw badUserInput(`\`${field('near')}\` needs both latitude and longitude.`, {
          argument: field('near'),
        });
      }
      const latitude = boundedNumber(geo.latitude, {
        argument: field('near.latitude'),
        min: -90,
        max: 90,
        integer: false,
      });
      const longitude = boundedNumber(geo.longitude, {
        argument: field('near.longitude'),
        min: -180,
        max: 180,
        integer: false,
      });
      near = { point: { latitude, longitude }, communeCode: null, radiusKm };
    }
  }

  const skill = (name: 'skillsAll' | 'skillsAny') =>
    unique(
      boundedList(
        input[name],
        { argument: field(name), max: FILTER_LIMITS.skills },
        (value, index) => {
          if (typeof value !== 'string' || !SKILL_ID.test(value)) {
            throw badUserInput(`\`${field(name)}[${index}]\` is not a valid skill id.`, {
              argument: `${field(name)}[${index}]`,
            });
          }
          return value;
        },
      ),
    );

  return {
    communeCodes: unique(communeCodes),
    cityNames: unique(cityNames),
    departementCodes: codes(
      input.departementCodes,
      field('departementCodes'),
      FILTER_LIMITS.departementCodes,
      DEPARTEMENT_CODE,
      'département code',
    ),
    regionCodes: codes(
      input.regionCodes,
      field('regionCodes'),
      FILTER_LIMITS.regionCodes,
      REGION_CODE,
      'region code',
    ),
    near,
    contractTypes: enumValues(input.contractTypes, field('contractTypes'), ContractType),
    domainCodes: codes(
      input.domainCodes,
      field('domainCodes'),
      FILTER_LIMITS.domainCodes,
      DOMAIN_CODE,
      'ROME domain code',
    ),
    romeCodes: codes(
      input.romeCodes,
      field('romeCodes'),
      FILTER_LIMITS.romeCodes,
      ROME_CODE,
      'ROME code',
    ),
    seniorities: enumValues(input.seniorities, field('seniorities'), Seniority),
    skillsAll: skill('skillsAll'),
    skillsAny: skill('skillsAny'),
    minSalary:
      input.minSalary == null
        ? null
        : boundedNumber(input.minSalary, {
            argument: field('minSalary'),
            min: 0,
            max: FILTER_LIMITS.maxSalary,
          }),
    remote: enumValues(input.remote, field('remote'), RemoteMode),
    publishedWithinDays:
      input.publishedWithinDays == null
        ? null
        : boundedNumber(input.publishedWithinDays, {
            argument: field('publishedWithinDays'),
            min: 1,
            max: FILTER_LIMITS.maxPublishedWithinDays,
          }),
    sources: enumValues(input.sources, field('sources'), OfferSourceName),
    company: optionalString(input.company, {
      argument: field('company'),
      max: FILTER_LIMITS.companyLength,
    }),
  };
}

/**
 * The point of a `near` filter: as given, or the position of the commune learned from the offers
 * (`communes` table). An unknown commune is BAD_USER_INPUT.
 */
export async function resolveNear(
  db: Queryable,
  filter: NormalizedFilter,
  argument = 'filter',
): Promise<GeoPoint | null> {
  if (!filter.near) return null;
  if (filter.near.point) return filter.near.point;
  const { rows } = await db.query<{ latitude: number; longitude: number }>(
    'select latitude, longitude from communes where commune_code = $1',
    [filter.near.communeCode],
  );
  const row = rows[0];
  if (!row) {
    throw badUserInput(
      `\`${argument}.near.communeCode\` ${JSON.stringify(filter.near.communeCode)} is not a commune with known coordinates.`,
      { argument: `${argument}.near.communeCode` },
    );
  }
  return { latitude: row.latitude, longitude: row.longitude };
}

/** The filter dimensions; facets count one of the disjunctive ones with the others applied. */
export type Dimension =
  | 'city'
  | 'departement'
  | 'region'
  | 'near'
  | 'contract'
  | 'domain'
  | 'rome'
  | 'seniority'
  | 'skillsAll'
  | 'skillsAny'
  | 'salary'
  | 'remote'
  | 'published'
  | 'source'
  | 'company';

export interface Condition {
  dimension: Dimension;
  sql: string;
}

export interface CompileOptions {
  /** Table alias of the read-model `offers` table (default `o`). */
  alias?: string;
  /** The resolved point of `near` (see resolveNear). */
  point?: GeoPoint | null;
  /** "Now" for publishedWithinDays. */
  now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The SQL point expression of an offer (earthdistance). */
export function offerEarth(alias = 'o'): string {
  return `ll_to_earth(${alias}.latitude, ${alias}.longitude)`;
}

/** Distance in km between the offer and a point held in two parameters. */
export function distanceKmSql(params: SqlParams, point: GeoPoint, alias = 'o'): string {
  return `(earth_distance(ll_to_earth(${params.add(point.latitude)}::float8, ${params.add(point.longitude)}::float8), ${offerEarth(alias)}) / 1000.0)`;
}

/** One SQL condition per constrained dimension, all parameters added to `params`. */
export function compileFilter(
  filter: NormalizedFilter,
  params: SqlParams,
  options: CompileOptions,
): Condition[] {
  const o = options.alias ?? 'o';
  const conditions: Condition[] = [];
  const add = (dimension: Dimension, sql: string) => conditions.push({ dimension, sql });
  const textArray = (values: readonly string[]) => `${params.add(values)}::text[]`;

  if (filter.communeCodes.length > 0 || filter.cityNames.length > 0) {
    const parts: string[] = [];
    if (filter.communeCodes.length > 0)
      parts.push(`${o}.commune_code = any(${textArray(filter.communeCodes)})`);
    if (filter.cityNames.length > 0)
      parts.push(
        `${o}.city_name_key = any(array(select jm_key(name) from unnest(${textArray(filter.cityNames)}) as name))`,
      );
    add('city', parts.join(' or '));
  }
  if (filter.departementCodes.length > 0)
    add('departement', `${o}.departement_code = any(${textArray(filter.departementCodes)})`);
  if (filter.regionCodes.length > 0)
    add('region', `${o}.region_code = any(${textArray(filter.regionCodes)})`);
  if (filter.near) {
    const point = options.point ?? filter.near.point;
    if (!point) throw new Error('compileFilter: the near filter has no resolved point');
    const meters = params.add(filter.near.radiusKm * 1000);
    const center = `ll_to_earth(${params.add(point.latitude)}::float8, ${params.add(point.longitude)}::float8)`;
    // earth_box is the indexable (GiST) pre-filter; earth_distance the exact test.
    add(
      'near',
      `earth_box(${center}, ${meters}::float8) @> ${offerEarth(o)} and earth_distance(${center}, ${offerEarth(o)}) <= ${meters}::float8`,
    );
  }
  if (filter.contractTypes.length > 0)
    add('contract', `${o}.contract_type = any(${textArray(filter.contractTypes)})`);
  if (filter.domainCodes.length > 0)
    add('domain', `${o}.domain_code = any(${textArray(filter.domainCodes)})`);
  if (filter.romeCodes.length > 0)
    add('rome', `${o}.rome_code = any(${textArray(filter.romeCodes)})`);
  if (filter.seniorities.length > 0)
    add('seniority', `${o}.seniority = any(${textArray(filter.seniorities)})`);
  if (filter.skillsAll.length > 0)
    add('skillsAll', `${o}.skill_ids @> ${textArray(filter.skillsAll)}`);
  if (filter.skillsAny.length > 0)
    add('skillsAny', `${o}.skill_ids && ${textArray(filter.skillsAny)}`);
  if (filter.minSalary !== null)
    add('salary', `${o}.salary_key >= ${params.add(filter.minSalary)}::float8`);
  if (filter.remote.length > 0) add('remote', `${o}.remote = any(${textArray(filter.remote)})`);
  if (filter.publishedWithinDays !== null) {
    const since = new Date(options.now.getTime() - filter.publishedWithinDays * DAY_MS);
    add('published', `${o}.created_at >= ${params.add(since.toISOString())}::timestamptz`);
  }
  if (filter.sources.length > 0) add('source', `${o}.sources && ${textArray(filter.sources)}`);
  if (filter.company) {
    const pattern = `%${filter.company.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add('company', `${o}.company_norm like jm_norm(${params.add(pattern)}) escape '\\'`);
  }
  return conditions;
}
