/**
 * The one place kafkajs is created and configured. Everything else in `kafka/` gets a
 * `KafkaContext`: the client, the topic prefix, the logger and a lazily connected admin client.
 */
import kafkajs from 'kafkajs';
import type { Admin, Kafka, LogEntry, logLevel as KafkaLogLevel } from 'kafkajs';
import type { Logger } from '@jobmarket/telemetry';
import { KafkaOperationError, UnknownTopicError } from '../errors.js';
import { isTopicKey, topicKeys, topicName, withPrefix, type TopicKey } from '../topics.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

export interface KafkaContext {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly topicPrefix: string;
  readonly clientId: string;
  /** The Kafka topic name of a topic key, prefix included. */
  topicName(key: TopicKey): string;
  /** The topic key of a Kafka topic name, or undefined for a topic outside the registry. */
  topicKeyOf(name: string): TopicKey | undefined;
  /** The consumer group id as used on the cluster, prefix included. */
  groupName(groupId: string): string;
  /** One admin client per bus, connected on first use. */
  admin(): Promise<Admin>;
  /** Called by the bus on disconnect: closes everything registered here, last first. */
  onDisconnect(name: string, close: () => Promise<void>): () => void;
  closeAll(): Promise<void>;
}

export interface KafkaContextOptions {
  brokers: readonly string[];
  clientId: string;
  topicPrefix?: string;
  logger: Logger;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

function logCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const entry = { namespace, ...fields };
      // Retries are bounded on purpose (a send must fail, not hang, when the broker is gone).
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      if (level === logLevel.ERROR) child.error(entry, message);
      else if (level === logLevel.WARN) child.warn(entry, message);
      else if (level === logLevel.INFO) child.debug(entry, message);
      else child.trace(entry, message);
    };
}

export function createKafkaContext(options: KafkaContextOptions): KafkaContext {
  const prefix = options.topicPrefix ?? '';
  const logger = options.logger;
  // kafkajs is chatty at INFO (every join, every connect); its INFO lines go to our debug level.
  const level: KafkaLogLevel = logger.isLevelEnabled('debug') ? logLevel.INFO : logLevel.WARN;
  const kafka = new KafkaClient({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: level,
    logCreator: logCreator(logger),
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
  });

  const byName = new Map<string, TopicKey>(topicKeys.map((key) => [topicName(key, prefix), key]));
  let admin: Promise<Admin> | undefined;
  const closers: { name: string; close: () => Promise<void> }[] = [];

  const context: KafkaContext = {
    kafka,
    logger,
    topicPrefix: prefix,
    clientId: options.clientId,
    topicName(key) {
      if (!isTopicKey(key)) throw new UnknownTopicError(key);
      return topicName(key, prefix);
    },
    topicKeyOf(name) {
      return byName.get(name);
    },
    groupName(groupId) {
      return withPrefix(groupId, prefix);
    },
    admin() {
      admin ??= (async () => {
        const client = kafka.admin();
        try {
          await client.connect();
        } catch (error) {
          admin = undefined;
          throw kafkaError('admin connect', error);
        }
        closers.push({ name: 'admin', close: () => client.disconnect() });
        return client;
      })();
      return admin;
    },
    onDisconnect(name, close) {
      const entry = { name, close };
      closers.push(entry);
      return () => {
        const index = closers.indexOf(entry);
        if (index >= 0) closers.splice(index, 1);
      };
    },
    async closeAll() {
      const pending = closers.splice(0).reverse();
      admin = undefined;
      for (const { name, close } of pending) {
        try {
          await close();
        } catch (error) {
          logger.warn({ err: error, client: name }, 'kafka client did not close cleanly');
        }
      }
    },
  };
  return context;
}

/** Wraps a kafkajs error so callers see our type (and kafkajs's message and retriable flag). */
export function kafkaError(operation: string, error: unknown): KafkaOperationError {
  if (error instanceof KafkaOperationError) return error;
  const retriable =
    typeof error === 'object' && error !== null && 'retriable' in error && error.retriable === true;
  return new KafkaOperationError(operation, error, retriable);
}

/** Runs a kafkajs call, rethrowing its errors as KafkaOperationError. */
export async function kafkaCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw kafkaError(operation, error);
  }
}
