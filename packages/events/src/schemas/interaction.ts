import type { FromSchema } from 'json-schema-to-ts';
import { JSON_SCHEMA_DIALECT, dateTime, nonEmptyString } from './common.js';

/**
 * `jobmarket.interactions.v1`: what a signed-in candidate told us about an offer — 👍, 👎 or
 * hide on a recommendation — so that later models can learn from real behaviour.
 */
export const interactionSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:jobmarket:events:interactions.v1',
  title: 'Interaction',
  description:
    "A candidate's feedback on an offer, emitted by the users subgraph once it is stored. Key: the user id (a user's interactions stay in order).",
  type: 'object',
  additionalProperties: false,
  required: ['interactionId', 'userId', 'offerId', 'kind', 'occurredAt'],
  properties: {
    interactionId: {
      ...nonEmptyString,
      description: 'Unique per interaction (a UUID): consumers deduplicate redeliveries by it.',
    },
    userId: {
      ...nonEmptyString,
      description: 'The account id (an opaque UUID, never the e-mail address).',
    },
    offerId: {
      ...nonEmptyString,
      description: 'The curated offer id, e.g. `francetravail:183DSTK`.',
    },
    kind: {
      type: 'string',
      enum: ['LIKE', 'DISLIKE', 'HIDE'],
      description: 'LIKE = 👍, DISLIKE = 👎, HIDE = never recommend this offer to me again.',
    },
    occurredAt: dateTime,
  },
} as const;

export type Interaction = FromSchema<typeof interactionSchema>;

/** Key of `jobmarket.interactions.v1`. */
export const interactionKeySchema = {
  ...nonEmptyString,
  description: 'The user id (`Interaction.userId`).',
} as const;
