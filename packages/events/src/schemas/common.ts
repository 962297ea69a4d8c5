/**
 * Schema fragments shared by several topics. Every topic schema is a plain `as const` object so
 * that `FromSchema` derives its TypeScript type and the very same object feeds ajv and AsyncAPI.
 */

/** Every value schema is written in JSON Schema draft 2020-12. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export const dateTime = { type: 'string', format: 'date-time' } as const;

export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const nullableString = { type: ['string', 'null'] } as const;

export const nonEmptyString = { type: 'string', minLength: 1 } as const;

export const count = { type: 'integer', minimum: 0 } as const;

export const offerSource = {
  type: 'string',
  enum: ['francetravail', 'adzuna'],
  description: 'The API the offer was fetched from.',
} as const;
