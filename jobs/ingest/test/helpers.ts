import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createEventBus, type TopicKey } from '@jobmarket/events';
import { createLogger, type Logger } from '@jobmarket/telemetry';
import { uniqueName } from '@jobmarket/testing';
import { openWarehouse, type Warehouse } from '@jobmarket/warehouse';
import type { OutgoingEvent, Publisher } from '../src/outbox.js';

export interface CapturedLogger {
  logger: Logger;
  lines: Record<string, unknown>[];
}

/** A logger whose lines are kept for assertions (and not printed). */
export function captureLogger(level = 'info'): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'ingest-test', level, destination }), lines };
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tempWarehouse(
  dir: string,
  name = 'warehouse',
): Promise<{ url: string; open: () => Promise<Warehouse> }> {
  const url = `duckdb://${join(dir, `${name}.duckdb`)}`;
  return { url, open: () => openWarehouse({ url, lockOptions: { pollMs: 20 } }) };
}

/** A publisher that keeps what it is sent (for tests that are not about Kafka). */
export function memoryPublisher(): Publisher & {
  sent: { topic: string; message: OutgoingEvent }[];
} {
  const sent: { topic: string; message: OutgoingEvent }[] = [];
  return {
    sent,
    async send(topic, messages) {
      for (const message of messages) sent.push({ topic, message });
    },
    async close() {},
  };
}

export async function count(
  warehouse: Warehouse,
  sql: string,
  params: (string | number)[] = [],
): Promise<number> {
  const rows = await warehouse.query(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Reads every message of `topic` under `prefix` (a fresh consumer group each call). */
export async function readTopic(prefix: string, topic: TopicKey, logger: Logger) {
  const bus = createEventBus({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'ingest-test',
    topicPrefix: prefix,
    logger,
  });
  try {
    const events: { key: string | null; value: unknown; headers: Record<string, string> }[] = [];
    await bus.drain({
      groupId: uniqueName('ingest-test-reader'),
      topic,
      idleTimeoutMs: 2_000,
      handler: (batch) => {
        for (const event of batch)
          events.push({ key: event.key, value: event.value, headers: event.headers });
      },
    });
    return events;
  } finally {
    await bus.disconnect();
  }
}
