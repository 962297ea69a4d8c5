import type { FromSchema } from 'json-schema-to-ts';
import { JSON_SCHEMA_DIALECT, count, dateTime, nonEmptyString } from './common.js';

/** `jobmarket.warehouse.refreshed.v1`: what one dbt run built, its test results and counts. */
export const warehouseRefreshedSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:jobmarket:events:warehouse.refreshed.v1',
  title: 'WarehouseRefreshed',
  description: 'Emitted by the transform job after a dbt run. Key: the run id.',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'startedAt', 'finishedAt', 'eventsConsumed', 'models', 'tests', 'counts'],
  properties: {
    runId: nonEmptyString,
    startedAt: dateTime,
    finishedAt: dateTime,
    eventsConsumed: { ...count, description: 'offers.ingested events this run consumed.' },
    models: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'status', 'rows'],
        properties: {
          name: nonEmptyString,
          status: { type: 'string', enum: ['success', 'error', 'skipped'] },
          rows: { type: ['integer', 'null'], minimum: 0 },
        },
      },
    },
    tests: {
      type: 'object',
      additionalProperties: false,
      required: ['passed', 'failed', 'warned', 'skipped'],
      properties: { passed: count, failed: count, warned: count, skipped: count },
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['silverOffers', 'activeOffers', 'curatedPublished', 'tombstones'],
      properties: {
        silverOffers: count,
        activeOffers: count,
        curatedPublished: { ...count, description: 'CuratedOffer values published by this run.' },
        tombstones: { ...count, description: 'Tombstones (closed offers) published by this run.' },
      },
    },
  },
} as const;

export type WarehouseRefreshed = FromSchema<typeof warehouseRefreshedSchema>;

/** Key of `jobmarket.warehouse.refreshed.v1`. */
export const warehouseRefreshedKeySchema = {
  ...nonEmptyString,
  description: 'The transform run id (`WarehouseRefreshed.runId`).',
} as const;
