/**
 * The AsyncAPI 3.0 document of the platform's topics, built from the very schema objects the code
 * validates with. `npm run asyncapi -w @jobmarket/events` writes it to docs/events.asyncapi.yaml,
 * and a test fails when the committed file differs from what this module builds.
 */
import {
  exampleCuratedOffer,
  exampleDeadLetter,
  exampleInteraction,
  exampleModelPublished,
  exampleOfferIngested,
  exampleWarehouseRefreshed,
} from './examples.js';
import { HEADER, CONTENT_TYPE_JSON } from './kafka/headers.js';
import {
  eventTopicKeys,
  topicKeys,
  topics,
  type EventTopicKey,
  type EventValue,
  type JsonSchema,
  type TopicDefinition,
  type TopicKey,
} from './topics.js';

export const ASYNCAPI_VERSION = '3.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';

/** A channel id for a topic key: `jobmarket.offers.curated.v1.dlq` → `offersCuratedV1Dlq`. */
export function channelId(topic: TopicKey): string {
  const words = topic.replace(/^jobmarket\./, '').split(/[.-]/);
  return words
    .map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join('');
}

const examples: { [K in EventTopicKey]: EventValue<K> } = {
  'jobmarket.offers.ingested.v1': exampleOfferIngested,
  'jobmarket.offers.curated.v1': exampleCuratedOffer,
  'jobmarket.warehouse.refreshed.v1': exampleWarehouseRefreshed,
  'jobmarket.models.published.v1': exampleModelPublished,
  'jobmarket.interactions.v1': exampleInteraction,
};

const exampleKeys: { [K in EventTopicKey]: string } = {
  'jobmarket.offers.ingested.v1': 'francetravail:183DSTK',
  'jobmarket.offers.curated.v1': 'francetravail:183DSTK',
  'jobmarket.warehouse.refreshed.v1': exampleWarehouseRefreshed.runId,
  'jobmarket.models.published.v1': exampleModelPublished.modelName,
  'jobmarket.interactions.v1': exampleInteraction.userId,
};

const traceHeaders = {
  [HEADER.traceparent]: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    description: 'W3C trace context of the producer, when it had an active span.',
  },
  [HEADER.tracestate]: { type: 'string', description: 'W3C trace state, with traceparent.' },
};

/** The headers schema of the messages a producer writes to `topic`. */
export function eventHeadersSchema(topic: TopicDefinition): JsonSchema {
  return {
    type: 'object',
    required: [HEADER.contentType, HEADER.schemaVersion, HEADER.eventType],
    properties: {
      [HEADER.contentType]: { type: 'string', const: CONTENT_TYPE_JSON },
      [HEADER.schemaVersion]: { type: 'string', const: String(topic.version) },
      [HEADER.eventType]: {
        type: 'string',
        const: topic.key,
        description: 'The topic name without environment prefix.',
      },
      ...traceHeaders,
    },
    additionalProperties: { type: 'string' },
  };
}

const deadLetterHeadersSchema: JsonSchema = {
  type: 'object',
  description: 'The original message headers, unchanged, plus x-dlq-reason.',
  required: [HEADER.dlqReason],
  properties: {
    [HEADER.dlqReason]: {
      type: 'string',
      description: '`<kind>: <message>`, e.g. `validation: /payloadHash must match pattern ...`.',
    },
    ...traceHeaders,
  },
  additionalProperties: { type: 'string' },
};

function topicConfiguration(topic: TopicDefinition): Record<string, unknown> {
  const configuration: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(topic.configs)) {
    configuration[name] = name === 'cleanup.policy' ? value.split(',') : Number(value);
  }
  return configuration;
}

function messageId(topic: TopicDefinition): string {
  return topic.valueType;
}

function eventMessage(key: EventTopicKey): Record<string, unknown> {
  const topic = topics[key];
  return {
    name: topic.valueType,
    title: topic.valueType,
    summary: topic.summary,
    contentType: CONTENT_TYPE_JSON,
    headers: eventHeadersSchema(topic),
    payload: topic.valueSchema,
    bindings: { kafka: { key: topic.keySchema, bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [
      {
        name: 'example',
        summary: `Key: ${exampleKeys[key]}`,
        headers: {
          [HEADER.contentType]: CONTENT_TYPE_JSON,
          [HEADER.schemaVersion]: String(topic.version),
          [HEADER.eventType]: key,
          [HEADER.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        },
        payload: examples[key],
      },
    ],
  };
}

const tombstoneMessageId = 'CuratedOfferTombstone';

function tombstoneMessage(topic: TopicDefinition): Record<string, unknown> {
  return {
    name: tombstoneMessageId,
    title: 'CuratedOffer tombstone',
    summary: 'The offer with this key closed: the value is null.',
    headers: eventHeadersSchema(topic),
    payload: topic.tombstoneSchema,
    bindings: { kafka: { key: topic.keySchema, bindingVersion: KAFKA_BINDING_VERSION } },
  };
}

function deadLetterMessage(): Record<string, unknown> {
  const topic = topics['jobmarket.offers.ingested.v1.dlq'];
  return {
    name: 'DeadLetter',
    title: 'DeadLetter',
    summary: 'A message a consumer could not process, with the reason.',
    contentType: CONTENT_TYPE_JSON,
    headers: deadLetterHeadersSchema,
    payload: topic.valueSchema,
    bindings: { kafka: { key: topic.keySchema, bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [
      {
        name: 'validation failure',
        headers: {
          ...exampleDeadLetter.headers,
          [HEADER.dlqReason]: `validation: ${exampleDeadLetter.error.message}`,
        },
        payload: exampleDeadLetter,
      },
    ],
  };
}

/** The message ids of a topic's channel, each with the schema its payload is validated with. */
export function channelMessages(key: TopicKey): { id: string; payload: JsonSchema }[] {
  const topic = topics[key];
  const messages = [{ id: messageId(topic), payload: topic.valueSchema }];
  if (topic.tombstoneSchema)
    messages.push({ id: tombstoneMessageId, payload: topic.tombstoneSchema });
  return messages;
}

function describeChannel(topic: TopicDefinition): string {
  const lines = [
    topic.summary,
    '',
    `Key: ${String(topic.keySchema.description ?? 'see the key schema')}`,
  ];
  if (topic.deadLetterTopic) lines.push(`Failures go to \`${topic.deadLetterTopic}\`.`);
  lines.push(
    `Produced by: ${topic.producers.join(', ')}. Consumed by: ${topic.consumers.join(', ')}.`,
    'Every environment may put a prefix in front of the address (`KAFKA_TOPIC_PREFIX`, joined with a dot).',
  );
  return lines.join('\n');
}

/** The AsyncAPI 3.0.0 document of every topic, as a plain object ready to be written as YAML. */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const key of topicKeys) {
    const topic = topics[key];
    const id = channelId(key);
    const messages: Record<string, unknown> = {};
    for (const message of channelMessages(key)) {
      messages[message.id] = { $ref: `#/components/messages/${message.id}` };
    }
    channels[id] = {
      address: key,
      title: key,
      description: describeChannel(topic),
      messages,
      bindings: {
        kafka: {
          partitions: topic.partitions,
          topicConfiguration: topicConfiguration(topic),
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    const refs = Object.keys(messages).map((message) => ({
      $ref: `#/channels/${id}/messages/${message}`,
    }));
    const capitalised = id[0]!.toUpperCase() + id.slice(1);
    operations[`send${capitalised}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `${topic.producers.join(', ')} sends`,
      summary: topic.deadLetterOf
        ? 'A consumer dead-letters a message it cannot process.'
        : `Producers validate the value against the schema before sending (idempotent producer, acks=all).`,
      messages: refs,
    };
    operations[`receive${capitalised}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      title: `${topic.consumers.join(', ')} receive`,
      summary: topic.deadLetterOf
        ? 'Operators inspect and replay dead letters.'
        : 'Consumers validate, handle idempotently, commit after handling; failures go to the DLQ.',
      messages: refs,
    };
  }

  const messages: Record<string, unknown> = {};
  for (const key of eventTopicKeys) {
    messages[messageId(topics[key])] = eventMessage(key);
  }
  messages[tombstoneMessageId] = tombstoneMessage(topics['jobmarket.offers.curated.v1']);
  messages.DeadLetter = deadLetterMessage();

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'JobMarket events',
      version: '1.0.0',
      description: [
        'The Kafka topics JobMarket services share with each other and with other teams.',
        '',
        'Values are plain JSON (UTF-8, no schema-registry framing), validated against the JSON Schemas',
        '(draft 2020-12) of `packages/events` before they are sent and again when they are consumed.',
        'Delivery is at least once: consumers must be idempotent (upsert by key).',
        '',
        'GENERATED from packages/events/src by `npm run asyncapi -w @jobmarket/events`: do not edit by hand.',
      ].join('\n'),
    },
    defaultContentType: CONTENT_TYPE_JSON,
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The single-node KRaft broker of a development machine (`KAFKA_BROKERS`).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
