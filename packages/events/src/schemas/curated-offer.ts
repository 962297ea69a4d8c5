import type { FromSchema } from 'json-schema-to-ts';
import {
  JSON_SCHEMA_DIALECT,
  dateTime,
  nonEmptyString,
  nullableDateTime,
  nullableString,
  offerSource,
} from './common.js';

const location = {
  type: 'object',
  additionalProperties: false,
  required: [
    'label',
    'city',
    'postalCode',
    'communeCode',
    'departementCode',
    'departementName',
    'regionCode',
    'regionName',
    'latitude',
    'longitude',
  ],
  properties: {
    label: nullableString,
    city: nullableString,
    postalCode: nullableString,
    communeCode: { ...nullableString, description: 'INSEE commune code.' },
    departementCode: nullableString,
    departementName: nullableString,
    regionCode: nullableString,
    regionName: nullableString,
    latitude: { type: ['number', 'null'], minimum: -90, maximum: 90 },
    longitude: { type: ['number', 'null'], minimum: -180, maximum: 180 },
  },
} as const;

const contract = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'label', 'durationMonths', 'workingTime'],
  properties: {
    type: {
      type: 'string',
      enum: ['CDI', 'CDD', 'INTERIM', 'ALTERNANCE', 'STAGE', 'FREELANCE', 'SAISONNIER', 'AUTRE'],
    },
    label: nullableString,
    durationMonths: { type: ['number', 'null'], minimum: 0 },
    workingTime: { enum: ['FULL_TIME', 'PART_TIME', null] },
  },
} as const;

const rome = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'label', 'domainCode', 'domainLabel', 'predicted'],
  properties: {
    code: {
      type: ['string', 'null'],
      pattern: '^[A-Z][0-9]{4}$',
      description: 'ROME code, e.g. `M1805`.',
    },
    label: nullableString,
    domainCode: nullableString,
    domainLabel: nullableString,
    predicted: {
      type: 'boolean',
      description: 'True when the code was inferred, not given by the source.',
    },
  },
} as const;

const salary = {
  type: 'object',
  additionalProperties: false,
  required: ['min', 'max', 'period', 'annualMinEur', 'annualMaxEur', 'label', 'parsed'],
  properties: {
    min: { type: ['number', 'null'], minimum: 0 },
    max: { type: ['number', 'null'], minimum: 0 },
    period: { enum: ['HOURLY', 'MONTHLY', 'ANNUAL', null] },
    annualMinEur: { type: ['number', 'null'], minimum: 0 },
    annualMaxEur: { type: ['number', 'null'], minimum: 0 },
    label: { ...nullableString, description: 'The salary text as the source wrote it.' },
    parsed: {
      type: 'boolean',
      description: 'True when min/max/period were parsed from the label.',
    },
  },
} as const;

const offerSourceRef = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'sourceId', 'url'],
  properties: {
    source: offerSource,
    sourceId: nonEmptyString,
    url: nullableString,
  },
} as const;

const hardSkill = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'required'],
  properties: {
    id: nonEmptyString,
    label: nonEmptyString,
    required: { type: 'boolean' },
  },
} as const;

const softSkill = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'description'],
  properties: {
    id: nonEmptyString,
    label: nonEmptyString,
    description: nullableString,
  },
} as const;

/**
 * `jobmarket.offers.curated.v1` (compacted): the full curated offer, keyed by offer id. A `null`
 * value (tombstone) means the offer closed.
 */
export const curatedOfferSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:jobmarket:events:offers.curated.v1',
  title: 'CuratedOffer',
  description:
    'The curated (silver) offer as the transform job built it. Key: the offer id. A null value (tombstone) means the offer closed.',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'title',
    'description',
    'company',
    'url',
    'sources',
    'createdAt',
    'updatedAt',
    'location',
    'contract',
    'rome',
    'seniority',
    'experienceMonths',
    'salary',
    'remote',
    'hardSkills',
    'softSkills',
    'sector',
    'qualification',
    'curatedAt',
  ],
  properties: {
    id: { ...nonEmptyString, description: 'The silver offer id, e.g. `francetravail:183DSTK`.' },
    title: nonEmptyString,
    description: nullableString,
    company: nullableString,
    url: nullableString,
    sources: { type: 'array', minItems: 1, items: offerSourceRef },
    createdAt: dateTime,
    updatedAt: nullableDateTime,
    location,
    contract,
    rome,
    seniority: { enum: ['DEBUTANT', 'JUNIOR', 'CONFIRME', 'SENIOR', null] },
    experienceMonths: { type: ['integer', 'null'], minimum: 0 },
    salary,
    remote: { type: 'string', enum: ['NONE', 'PARTIAL', 'FULL'] },
    hardSkills: { type: 'array', items: hardSkill },
    softSkills: { type: 'array', items: softSkill },
    sector: nullableString,
    qualification: nullableString,
    curatedAt: dateTime,
  },
} as const;

export type CuratedOffer = FromSchema<typeof curatedOfferSchema>;

/** Key of `jobmarket.offers.curated.v1`. */
export const curatedOfferKeySchema = {
  ...nonEmptyString,
  description: 'The offer id (`CuratedOffer.id`), e.g. `francetravail:183DSTK`.',
} as const;

/** The value of a tombstone on `jobmarket.offers.curated.v1`: the offer closed (compaction later drops it). */
export const curatedOfferTombstoneSchema = {
  type: 'null',
  title: 'CuratedOfferTombstone',
  description:
    'A null value: the offer with this key closed. Consumers delete it from their read model.',
} as const;
