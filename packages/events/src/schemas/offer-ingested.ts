import type { FromSchema } from 'json-schema-to-ts';
import { JSON_SCHEMA_DIALECT, dateTime, nonEmptyString, offerSource } from './common.js';

/** `jobmarket.offers.ingested.v1`: a raw offer that is new or changed since the last ingest run. */
export const offerIngestedSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:jobmarket:events:offers.ingested.v1',
  title: 'OfferIngested',
  description:
    'A raw offer landed by the ingest job that is new or whose payload changed. Key: `source:sourceId`.',
  type: 'object',
  additionalProperties: false,
  required: ['source', 'sourceId', 'payloadHash', 'runId', 'fetchedAt', 'change'],
  properties: {
    source: offerSource,
    sourceId: { ...nonEmptyString, description: 'The offer id at the source, e.g. `183DSTK`.' },
    payloadHash: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'SHA-256 (lowercase hex) of the raw payload as landed.',
    },
    runId: { ...nonEmptyString, description: 'The ingest run that landed the payload.' },
    fetchedAt: dateTime,
    change: {
      type: 'string',
      enum: ['NEW', 'CHANGED'],
      description: 'NEW: first time this source id is seen; CHANGED: payload hash differs.',
    },
  },
} as const;

export type OfferIngested = FromSchema<typeof offerIngestedSchema>;

/** Key of `jobmarket.offers.ingested.v1`. */
export const offerIngestedKeySchema = {
  type: 'string',
  pattern: '^(francetravail|adzuna):.+$',
  description: '`source:sourceId`, e.g. `francetravail:183DSTK`.',
} as const;
