import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { requireInfrastructure, uniqueName, waitFor } from '@jobmarket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus, WarehouseRefreshed } from '../src/index.js';
import { brokers, provisionedBus, refreshed } from './support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/crashing-consumer.ts', import.meta.url));

describe('at-least-once delivery on a real broker', () => {
  let bus: EventBus;
  let prefix: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    ({ bus, prefix } = await provisionedBus('redelivery'));
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await bus?.deleteTopics().catch(() => undefined);
    await bus?.disconnect();
  });

  it('redelivers what a consumer killed before committing had handled; an idempotent handler absorbs it', async () => {
    const topic = 'jobmarket.warehouse.refreshed.v1';
    const groupId = uniqueName('read-model');
    const producer = bus.producer();
    await producer.send(
      topic,
      ['run-1', 'run-2', 'run-3'].map((runId) => ({ key: runId, value: refreshed(runId) })),
    );

    // A consumer process handles run-1, then dies (SIGKILL) while handling run-2: nothing committed.
    const handledByChild: string[] = [];
    child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: packageDir,
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers.join(','),
        PREFIX: prefix,
        GROUP_ID: groupId,
        CRASH_KEY: 'run-2',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as { handled?: string };
      if (parsed.handled) handledByChild.push(parsed.handled);
    });
    await waitFor(() => handledByChild.includes('run-2'), {
      what: 'the child to handle run-2',
      timeoutMs: 60_000,
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(handledByChild).toEqual(['run-1', 'run-2']);

    // The restarted consumer (same group) gets everything from the last commit: nothing is lost.
    const readModel = new Map<string, WarehouseRefreshed>();
    const deliveries: string[] = [];
    const consumer = bus.consumer({
      groupId,
      topics: [topic],
      handler(event) {
        deliveries.push(event.key);
        readModel.set(event.value.runId, event.value); // upsert by id: a redelivery changes nothing
      },
    });
    await consumer.run();
    await waitFor(() => readModel.size === 3, {
      what: 'all three runs in the read model',
      timeoutMs: 60_000,
    });
    expect(deliveries).toEqual(['run-1', 'run-2', 'run-3']);
    expect([...readModel.keys()].sort()).toEqual(['run-1', 'run-2', 'run-3']);
    expect(readModel.get('run-2')).toEqual(refreshed('run-2'));
    await waitFor(async () => (await consumer.caughtUp()) || undefined, {
      what: 'offsets committed',
    });
    await consumer.stop();
    await producer.disconnect();
  });
});
