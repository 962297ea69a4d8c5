import { Writable } from 'node:stream';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import kafkajs from 'kafkajs';
import { createLogger, type Logger } from '@jobmarket/telemetry';
import { openWarehouse } from '@jobmarket/warehouse';
import { createKafkaPublisher } from '../../ingest/src/kafka-publisher.js';
import { runIngest, type IngestSummary } from '../../ingest/src/run.js';
import { sharedDataDir } from '../../ingest/src/replay-dir.js';
import { replaySource } from '../../ingest/src/sources/replay/source.js';
import { repositoryRoot } from '../src/config.js';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const dbtProjectDir = resolve(repositoryRoot, 'dbt');

/** A logger whose lines are kept (parsed) for assertions. */
export function capturingLogger(service = 'transform-test'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger({ service, level: 'debug', destination }), lines };
}

export async function temporaryDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `npm run ingest -- --source replay` on the recorded real payloads, into `warehouseUrl`. */
export async function ingestReplay(options: {
  warehouseUrl: string;
  topicPrefix: string;
  logger: Logger;
}): Promise<IngestSummary> {
  const warehouse = await openWarehouse({ url: options.warehouseUrl, purpose: 'test ingest' });
  const publisher = await createKafkaPublisher({
    brokers,
    topicPrefix: options.topicPrefix,
    logger: options.logger,
  });
  try {
    return await runIngest({
      sources: [replaySource({ dir: sharedDataDir })],
      warehouse,
      publisher,
      logger: options.logger,
      topicName: `${options.topicPrefix}jobmarket.offers.ingested.v1`,
    });
  } finally {
    await publisher.close();
    await warehouse.close();
  }
}

/** Messages ever written to a topic (sum of the partitions' high watermarks). */
export async function messageCount(topic: string): Promise<number> {
  const kafka = new kafkajs.Kafka({
    clientId: 'transform-test',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Every message of a topic, from the beginning to the high watermarks. */
export async function readAll(
  topic: string,
): Promise<{ key: string; value: string | null; headers: Record<string, string> }[]> {
  const kafka = new kafkajs.Kafka({
    clientId: 'transform-test',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const high = new Map<number, number>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) high.set(p.partition, Number(p.high));
  } finally {
    await admin.disconnect();
  }
  const total = [...high.values()].reduce((a, b) => a + b, 0);
  const messages: { key: string; value: string | null; headers: Record<string, string> }[] = [];
  if (total === 0) return messages;
  const consumer = kafka.consumer({ groupId: `transform-test-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolveDone) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push({
            key: message.key?.toString() ?? '',
            value: message.value === null ? null : message.value.toString(),
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          });
          if (messages.length >= total) resolveDone();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** A copy of the dbt project (without its target/) to break on purpose. */
export async function copyDbtProject(to: string): Promise<string> {
  const dir = join(to, 'dbt');
  await cp(dbtProjectDir, dir, {
    recursive: true,
    filter: (source) =>
      !/[/\\](target|logs|dbt_packages)([/\\]|$)/.test(source.slice(dbtProjectDir.length)),
  });
  return dir;
}
