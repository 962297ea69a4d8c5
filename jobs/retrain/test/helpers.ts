import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createEventBus, TOPICS, type EventBus, type ModelPublished } from '@jobmarket/events';
import type { ModelConfig } from '@jobmarket/recommender';
import { createLogger, type Logger } from '@jobmarket/telemetry';
import { curatedSample, uniqueName } from '@jobmarket/testing';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const trackingUri = process.env.MLFLOW_TRACKING_URI ?? 'http://127.0.0.1:5000';

/**
 * Small configurations keep each training to seconds. WEAK (8 dimensions, one epoch, a ranker
 * regularised towards zero) is a real model that beats BM25; SMALL beats it on every task of the
 * sample's frozen window; WEAK with another seed loses to SMALL (checked with compareModels).
 */
export const WEAK: Partial<ModelConfig> = {
  dim: 8,
  epochs: 1,
  foldEpochs: 1,
  queriesPerTask: 60,
  negatives: 8,
  rankerL2: 1e5,
};
export const SMALL: Partial<ModelConfig> = {
  dim: 16,
  epochs: 2,
  foldEpochs: 1,
  queriesPerTask: 60,
};

export function capturingLogger(service = 'retrain-test'): {
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
  return { logger: createLogger({ service, level: 'info', destination }), lines };
}

/** A private copy of the real curated sample's warehouse (ingest replay + dbt), and a data dir. */
export async function sampleWarehouse(): Promise<{
  dir: string;
  warehouseUrl: string;
  remove: () => Promise<void>;
}> {
  const sample = await curatedSample();
  const dir = await mkdtemp(join(tmpdir(), 'retrain-test-'));
  await copyFile(sample.warehousePath, join(dir, 'warehouse.duckdb'));
  return {
    dir,
    warehouseUrl: `duckdb://${join(dir, 'warehouse.duckdb')}`,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** An event bus on topics of its own. */
export function testBus(logger: Logger, prefix = uniqueName('retrain-test')): EventBus {
  return createEventBus({ brokers, clientId: 'retrain-test', topicPrefix: `${prefix}.`, logger });
}

/** Every models.published message of the bus's topics so far (a fresh group each call). */
export async function publishedModels(bus: EventBus): Promise<ModelPublished[]> {
  const out: ModelPublished[] = [];
  await bus.drain({
    groupId: uniqueName('reader'),
    topic: TOPICS.modelsPublished,
    handler: (events) => {
      for (const event of events) out.push(event.value);
    },
  });
  return out;
}
