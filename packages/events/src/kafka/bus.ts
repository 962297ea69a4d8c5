/**
 * The event bus: the only door to Kafka for every service. It hides kafkajs behind our own types,
 * prefixes topic names for the environment, and closes everything it opened on disconnect.
 */
import type { Logger } from '@jobmarket/telemetry';
import type { TopicKey } from '../topics.js';
import { createKafkaContext } from './client.js';
import { createConsumer, type ConsumerOptions, type EventConsumer } from './consumer.js';
import { drain, type DrainOptions, type DrainResult } from './drain.js';
import { createProducer, type EventProducer, type ProducerOptions } from './producer.js';
import {
  deleteTopics,
  describeTopics,
  provisionTopics,
  type DeleteTopicsOptions,
  type ProvisionOptions,
  type ProvisionReport,
  type TopicDescription,
} from './provision.js';

export interface EventBusOptions {
  /** Bootstrap servers, `host:port` (see `commonEnv.kafkaBrokers`). */
  readonly brokers: readonly string[];
  /** Identifies this service in broker logs and quotas, e.g. `transform`. */
  readonly clientId: string;
  /** Put in front of every topic name and group id (see `commonEnv.kafkaTopicPrefix`). */
  readonly topicPrefix?: string;
  readonly logger: Logger;
  /** Timeout to open a broker connection (default 3 s). */
  readonly connectionTimeoutMs?: number;
  /** Timeout of one broker request (default 30 s). */
  readonly requestTimeoutMs?: number;
}

export interface EventBus {
  readonly topicPrefix: string;
  /** The Kafka topic name of a topic key in this environment. */
  topicName(topic: TopicKey): string;
  /** Creates missing topics and DLQs, fixes configs, grows partitions. Idempotent. */
  provisionTopics(options?: ProvisionOptions): Promise<ProvisionReport>;
  /** Deletes this environment's topics and DLQs (for tests and benchmarks on their own prefix). */
  deleteTopics(options?: DeleteTopicsOptions): Promise<string[]>;
  /** Partitions and configs of topics as the cluster has them. */
  describeTopics(topics?: readonly TopicKey[]): Promise<TopicDescription[]>;
  /** An idempotent, validating producer. */
  producer(options?: ProducerOptions): EventProducer;
  /** A streaming consumer (call run()). */
  consumer<K extends TopicKey>(options: ConsumerOptions<K>): EventConsumer;
  /** Reads what a group has pending, calls the handler once, commits if it resolves. */
  drain<K extends TopicKey>(options: DrainOptions<K>): Promise<DrainResult>;
  /** Stops consumers, disconnects producers and the admin client. */
  disconnect(): Promise<void>;
}

export function createEventBus(options: EventBusOptions): EventBus {
  const kafka = createKafkaContext(options);
  return {
    topicPrefix: kafka.topicPrefix,
    topicName: (topic) => kafka.topicName(topic),
    provisionTopics: (provisionOptions) => provisionTopics(kafka, provisionOptions),
    describeTopics: (keys) => describeTopics(kafka, keys),
    deleteTopics: (deleteOptions) => deleteTopics(kafka, deleteOptions),
    producer: (producerOptions) => createProducer(kafka, producerOptions),
    consumer: (consumerOptions) => createConsumer(kafka, consumerOptions),
    drain: (drainOptions) => drain(kafka, drainOptions),
    disconnect: () => kafka.closeAll(),
  };
}
