/**
 * The topic registry: every topic the platform uses, its key and value schemas and its Kafka
 * configuration. A topic is named by its unprefixed name (its `TopicKey`); the Kafka topic name is
 * that name behind the environment's optional prefix (see `topicName`).
 */
import {
  curatedOfferKeySchema,
  curatedOfferSchema,
  curatedOfferTombstoneSchema,
  deadLetterKeySchema,
  deadLetterSchema,
  interactionKeySchema,
  interactionSchema,
  modelPublishedKeySchema,
  modelPublishedSchema,
  offerIngestedKeySchema,
  offerIngestedSchema,
  warehouseRefreshedKeySchema,
  warehouseRefreshedSchema,
} from './schemas/index.js';
import type {
  CuratedOffer,
  DeadLetter,
  Interaction,
  ModelPublished,
  OfferIngested,
  WarehouseRefreshed,
} from './schemas/index.js';

/** Short names for the topic keys, for code that prefers `TOPICS.offersCurated` to a string. */
export const TOPICS = {
  offersIngested: 'jobmarket.offers.ingested.v1',
  offersCurated: 'jobmarket.offers.curated.v1',
  warehouseRefreshed: 'jobmarket.warehouse.refreshed.v1',
  modelsPublished: 'jobmarket.models.published.v1',
  interactions: 'jobmarket.interactions.v1',
  offersIngestedDlq: 'jobmarket.offers.ingested.v1.dlq',
  offersCuratedDlq: 'jobmarket.offers.curated.v1.dlq',
  warehouseRefreshedDlq: 'jobmarket.warehouse.refreshed.v1.dlq',
  modelsPublishedDlq: 'jobmarket.models.published.v1.dlq',
  interactionsDlq: 'jobmarket.interactions.v1.dlq',
} as const;

/** The value type of each topic. Only the compacted curated topic accepts tombstones (`null`). */
export interface EventValueMap {
  'jobmarket.offers.ingested.v1': OfferIngested;
  'jobmarket.offers.curated.v1': CuratedOffer | null;
  'jobmarket.warehouse.refreshed.v1': WarehouseRefreshed;
  'jobmarket.models.published.v1': ModelPublished;
  'jobmarket.interactions.v1': Interaction;
  'jobmarket.offers.ingested.v1.dlq': DeadLetter;
  'jobmarket.offers.curated.v1.dlq': DeadLetter;
  'jobmarket.warehouse.refreshed.v1.dlq': DeadLetter;
  'jobmarket.models.published.v1.dlq': DeadLetter;
  'jobmarket.interactions.v1.dlq': DeadLetter;
}

/** A topic's unprefixed name, e.g. `jobmarket.offers.curated.v1`. */
export type TopicKey = keyof EventValueMap;
/** A topic that carries business events (every topic but the DLQs). */
export type EventTopicKey = Exclude<TopicKey, `${string}.dlq`>;
/** A dead-letter topic. */
export type DeadLetterTopicKey = Extract<TopicKey, `${string}.dlq`>;
/** The value a topic carries; `EventValue` alone is the union over all topics. */
export type EventValue<K extends TopicKey = TopicKey> = EventValueMap[K];

/** A JSON Schema object as kept in this package (always a plain, JSON-serialisable object). */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface TopicDefinition {
  readonly key: TopicKey;
  /** Version of the value schema; also sent in the `schema-version` header. */
  readonly version: number;
  readonly summary: string;
  /** Name of the value type, e.g. `CuratedOffer`. */
  readonly valueType: string;
  readonly valueSchema: JsonSchema;
  readonly keySchema: JsonSchema;
  /** Whether a `null` value (tombstone) is a valid message. */
  readonly tombstones: boolean;
  /** The schema a tombstone is validated with (`{ type: 'null' }`), on topics that take tombstones. */
  readonly tombstoneSchema: JsonSchema | null;
  /** Where consumers send what they cannot process; null for the DLQs themselves. */
  readonly deadLetterTopic: DeadLetterTopicKey | null;
  /** For a DLQ, the topic it collects failures of. */
  readonly deadLetterOf: EventTopicKey | null;
  readonly partitions: number;
  /** Topic-level Kafka configs `provisionTopics` creates and keeps the topic with. */
  readonly configs: Readonly<Record<string, string>>;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

const deleteAfter = (days: number) => ({
  'cleanup.policy': 'delete',
  'retention.ms': String(days * DAY_MS),
});

/**
 * Compaction that runs in a long-lived dev broker too: segments roll hourly and the cleaner starts
 * once 10% of the log is superseded; tombstones stay a day so every consumer sees them.
 */
const compacted = {
  'cleanup.policy': 'compact',
  'min.cleanable.dirty.ratio': '0.1',
  'segment.ms': String(60 * 60 * 1000),
  'delete.retention.ms': String(DAY_MS),
};

const eventTopics = {
  'jobmarket.offers.ingested.v1': {
    key: 'jobmarket.offers.ingested.v1',
    version: 1,
    summary: 'A new or changed raw offer landed by the ingest job.',
    valueType: 'OfferIngested',
    valueSchema: offerIngestedSchema,
    keySchema: offerIngestedKeySchema,
    tombstones: false,
    tombstoneSchema: null,
    deadLetterTopic: 'jobmarket.offers.ingested.v1.dlq',
    deadLetterOf: null,
    partitions: 3,
    configs: deleteAfter(7),
    producers: ['ingest'],
    consumers: ['transform', 'retrain'],
  },
  'jobmarket.offers.curated.v1': {
    key: 'jobmarket.offers.curated.v1',
    version: 1,
    summary: 'The full curated offer (compacted); a tombstone when the offer closes.',
    valueType: 'CuratedOffer',
    valueSchema: curatedOfferSchema,
    keySchema: curatedOfferKeySchema,
    tombstones: true,
    tombstoneSchema: curatedOfferTombstoneSchema,
    deadLetterTopic: 'jobmarket.offers.curated.v1.dlq',
    deadLetterOf: null,
    partitions: 3,
    configs: compacted,
    producers: ['transform'],
    consumers: [
      'subgraph-offers',
      'subgraph-skills',
      'subgraph-recommendations',
      'downstream teams',
    ],
  },
  'jobmarket.warehouse.refreshed.v1': {
    key: 'jobmarket.warehouse.refreshed.v1',
    version: 1,
    summary: 'What a dbt run built: models, test results, counts.',
    valueType: 'WarehouseRefreshed',
    valueSchema: warehouseRefreshedSchema,
    keySchema: warehouseRefreshedKeySchema,
    tombstones: false,
    tombstoneSchema: null,
    deadLetterTopic: 'jobmarket.warehouse.refreshed.v1.dlq',
    deadLetterOf: null,
    partitions: 1,
    configs: deleteAfter(30),
    producers: ['transform'],
    consumers: ['retrain'],
  },
  'jobmarket.models.published.v1': {
    key: 'jobmarket.models.published.v1',
    version: 1,
    summary: 'A registered model version (compacted: the latest per model name).',
    valueType: 'ModelPublished',
    valueSchema: modelPublishedSchema,
    keySchema: modelPublishedKeySchema,
    tombstones: false,
    tombstoneSchema: null,
    deadLetterTopic: 'jobmarket.models.published.v1.dlq',
    deadLetterOf: null,
    partitions: 1,
    configs: compacted,
    producers: ['retrain'],
    consumers: ['subgraph-recommendations'],
  },
  'jobmarket.interactions.v1': {
    key: 'jobmarket.interactions.v1',
    version: 1,
    summary: "A candidate's 👍 / 👎 / hide on an offer, stored by the users subgraph.",
    valueType: 'Interaction',
    valueSchema: interactionSchema,
    keySchema: interactionKeySchema,
    tombstones: false,
    tombstoneSchema: null,
    deadLetterTopic: 'jobmarket.interactions.v1.dlq',
    deadLetterOf: null,
    partitions: 3,
    configs: deleteAfter(365),
    producers: ['subgraph-users'],
    consumers: ['retrain', 'downstream teams'],
  },
} as const satisfies Record<EventTopicKey, TopicDefinition>;

function deadLetterTopic(of: EventTopicKey): TopicDefinition {
  return {
    key: `${of}.dlq` as DeadLetterTopicKey,
    version: 1,
    summary: `Messages of ${of} a consumer could not process, with the error.`,
    valueType: 'DeadLetter',
    valueSchema: deadLetterSchema,
    keySchema: deadLetterKeySchema,
    tombstones: false,
    tombstoneSchema: null,
    deadLetterTopic: null,
    deadLetterOf: of,
    partitions: 1,
    configs: deleteAfter(30),
    producers: ['any consumer'],
    consumers: ['operators'],
  };
}

/** Every topic by key, the event topics first, then their DLQs. */
export const topics: { readonly [K in TopicKey]: TopicDefinition } = {
  ...eventTopics,
  'jobmarket.offers.ingested.v1.dlq': deadLetterTopic('jobmarket.offers.ingested.v1'),
  'jobmarket.offers.curated.v1.dlq': deadLetterTopic('jobmarket.offers.curated.v1'),
  'jobmarket.warehouse.refreshed.v1.dlq': deadLetterTopic('jobmarket.warehouse.refreshed.v1'),
  'jobmarket.models.published.v1.dlq': deadLetterTopic('jobmarket.models.published.v1'),
  'jobmarket.interactions.v1.dlq': deadLetterTopic('jobmarket.interactions.v1'),
};

export const topicKeys = Object.keys(topics) as TopicKey[];
export const eventTopicKeys = Object.keys(eventTopics) as EventTopicKey[];

export function isTopicKey(value: string): value is TopicKey {
  return Object.hasOwn(topics, value);
}

/**
 * The Kafka topic name for `key` in an environment. The prefix is joined with a dot unless it
 * already ends with `.`, `-` or `_`: prefix `staging` gives `staging.jobmarket.offers.curated.v1`.
 */
export function topicName(key: TopicKey, prefix = ''): string {
  return withPrefix(key, prefix);
}

/** Prefixes any name (topics, consumer groups) the way `topicName` does. */
export function withPrefix(name: string, prefix = ''): string {
  if (!prefix) return name;
  return /[._-]$/.test(prefix) ? `${prefix}${name}` : `${prefix}.${name}`;
}
