import type { FromSchema } from 'json-schema-to-ts';
import { JSON_SCHEMA_DIALECT, dateTime, nonEmptyString } from './common.js';

/** `<topic>.dlq`: a message a consumer could not process, with the reason. */
export const deadLetterSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:jobmarket:events:dead-letter.v1',
  title: 'DeadLetter',
  description:
    'A message a consumer gave up on. The DLQ message keeps the original key and headers and adds the header `x-dlq-reason`.',
  type: 'object',
  additionalProperties: false,
  required: [
    'error',
    'source',
    'payload',
    'payloadEncoding',
    'headers',
    'failedAt',
    'consumerGroup',
  ],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'message', 'attempts'],
      properties: {
        kind: {
          type: 'string',
          enum: ['validation', 'handler', 'deserialization'],
          description:
            'deserialization: the value is not JSON; validation: it does not match the schema; handler: the handler kept failing.',
        },
        message: { type: 'string' },
        attempts: {
          type: 'integer',
          minimum: 0,
          description: 'Handler attempts made (0 when the message never reached the handler).',
        },
      },
    },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['topic', 'partition', 'offset', 'timestamp'],
      properties: {
        topic: { ...nonEmptyString, description: 'The Kafka topic name, with its prefix if any.' },
        partition: { type: 'integer', minimum: 0 },
        offset: { type: 'string', pattern: '^[0-9]+$' },
        timestamp: {
          type: 'string',
          pattern: '^-?[0-9]+$',
          description: 'Kafka timestamp, ms since epoch.',
        },
      },
    },
    payload: {
      type: ['string', 'null'],
      description:
        'The original value: UTF-8 text, or base64 when payloadEncoding is base64; null for a tombstone.',
    },
    payloadEncoding: { type: 'string', enum: ['utf8', 'base64'] },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    failedAt: dateTime,
    consumerGroup: nonEmptyString,
  },
} as const;

export type DeadLetter = FromSchema<typeof deadLetterSchema>;

/** Key of every DLQ topic: the original message's key. */
export const deadLetterKeySchema = {
  type: ['string', 'null'],
  description: 'The original message key, unchanged.',
} as const;
