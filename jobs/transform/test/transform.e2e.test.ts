/**
 * The transform job end to end, on the real broker and the recorded real payloads:
 * ingest (replay) -> transform -> curated events equal the gold offers; a failing dbt run commits
 * nothing and publishes nothing; a second run with no new events does nothing; closed offers get
 * tombstones and the ROME classifier seam fills the codes Adzuna lacks. One warehouse per file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, TOPICS, validateEvent, type EventBus } from '@jobmarket/events';
import { requireInfrastructure, uniqueName } from '@jobmarket/testing';
import { openWarehouse } from '@jobmarket/warehouse';
import { repositoryRoot } from '../src/config.js';
import { resolveDbtBin } from '../src/dbt.js';
import { measureQuality } from '../src/quality/measure.js';
import type { RomeClassifier } from '../src/rome-seam.js';
import { runTransform, type TransformOptions } from '../src/run.js';
import {
  capturingLogger,
  copyDbtProject,
  dbtProjectDir,
  ingestReplay,
  messageCount,
  readAll,
  temporaryDir,
  brokers,
} from './helpers.js';

const prefix = `${uniqueName('transform')}.`;
const curatedTopic = `${prefix}${TOPICS.offersCurated}`;
const refreshedTopic = `${prefix}${TOPICS.warehouseRefreshed}`;

let tmp: { dir: string; remove: () => Promise<void> };
let warehouseUrl: string;
let warehouseFile: string;
let bin: string;
let bus: EventBus;
const { logger, lines } = capturingLogger();

function options(overrides: Partial<TransformOptions> = {}): TransformOptions {
  return {
    bus,
    warehouseUrl,
    dbt: { bin, projectDir: dbtProjectDir, threads: 2 },
    logger,
    ...overrides,
  };
}

async function goldDocuments(): Promise<Map<string, unknown>> {
  const db = await openWarehouse({ url: warehouseUrl, purpose: 'test read', migrate: false });
  try {
    const rows = await db.query<{ offer_id: string; document: string }>(
      'SELECT offer_id, document FROM gold.gold_curated_offers',
    );
    return new Map(rows.map((row) => [row.offer_id, JSON.parse(row.document) as unknown]));
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  await requireInfrastructure('kafka');
  tmp = await temporaryDir('transform-e2e');
  warehouseFile = join(tmp.dir, 'warehouse.duckdb');
  warehouseUrl = `duckdb://${warehouseFile}`;
  bin = await resolveDbtBin(process.env.DBT_BIN, repositoryRoot);
  bus = createEventBus({ brokers, clientId: 'transform-test', topicPrefix: prefix, logger });
  const ingested = await ingestReplay({ warehouseUrl, topicPrefix: prefix, logger });
  expect(ingested.status).toBe('succeeded');
  expect(ingested.published).toBe(2613);
}, 120_000);

afterAll(async () => {
  await bus?.deleteTopics().catch(() => undefined);
  await bus?.disconnect();
  await tmp?.remove();
});

describe('transform job (real broker, real sample)', () => {
  it('a run where dbt fails commits no offset, publishes nothing, and logs dbt output', async () => {
    const broken = await copyDbtProject(tmp.dir);
    await writeFile(
      join(broken, 'models', 'bronze', 'stg_adzuna__jobs.sql'),
      'select * from a_table_that_does_not_exist',
    );
    const summary = await runTransform(options({ dbt: { bin, projectDir: broken, threads: 2 } }));
    expect(summary.status).toBe('failed');
    expect(summary.dbt.status).toBe('error');
    expect(summary.committed).toBe(false);
    expect(summary.offersCurated).toBe(0);
    expect(summary.eventsConsumed).toBe(2613);
    expect(await messageCount(curatedTopic)).toBe(0);
    expect(await messageCount(refreshedTopic)).toBe(0);
    const failure = lines.find(
      (line) => line.level === 'error' && typeof line.dbtOutput === 'string',
    );
    expect(String(failure?.dbtOutput)).toContain('a_table_that_does_not_exist');
  }, 180_000);

  it('retries the same events: dbt build passes every model and test, curated events equal the gold offers', async () => {
    const summary = await runTransform(options());
    expect(summary).toMatchObject({ status: 'succeeded', committed: true, eventsConsumed: 2613 });
    expect(summary.dbt).toMatchObject({ status: 'success', modelsFailed: 0 });
    expect(summary.dbt.tests.failed).toBe(0);
    expect(summary.dbt.tests.passed).toBeGreaterThan(150);

    // every node of dbt build succeeded, the parsers' unit tests included
    const runResults = JSON.parse(
      await readFile(`${warehouseFile}.dbt-target/run_results.json`, 'utf8'),
    ) as { results: { unique_id: string; status: string }[] };
    const bad = runResults.results.filter((r) => !['success', 'pass'].includes(r.status));
    expect(bad).toEqual([]);
    const unitTests = runResults.results.filter((r) => r.unique_id.startsWith('unit_test.'));
    expect(unitTests.map((r) => r.unique_id.split('.').pop()).sort()).toEqual([
      'contract_codes_and_labels_as_the_sources_write_them',
      'experience_labels_as_france_travail_writes_them',
      'location_labels_as_the_sources_write_them',
      'salary_labels_as_france_travail_writes_them',
      'soft_skill_labels_old_and_new',
    ]);

    // curated topic == gold, count and content (curatedAt aside); every value valid, schema header set
    const gold = await goldDocuments();
    expect(summary.offersCurated).toBe(gold.size);
    expect(summary.counts.activeOffers).toBe(gold.size);
    const messages = await readAll(curatedTopic);
    expect(messages).toHaveLength(gold.size);
    for (const message of messages) {
      expect(message.headers['schema-version']).toBe('1');
      const value = JSON.parse(message.value ?? 'null') as Record<string, unknown>;
      expect(validateEvent(TOPICS.offersCurated, value).valid).toBe(true);
      const { curatedAt, ...document } = value;
      expect(typeof curatedAt).toBe('string');
      expect(document).toEqual(gold.get(message.key));
    }

    const refreshed = await readAll(refreshedTopic);
    expect(refreshed).toHaveLength(1);
    const event = JSON.parse(refreshed[0]!.value ?? '{}') as {
      eventsConsumed: number;
      counts: Record<string, number>;
      models: { name: string; status: string; rows: number | null }[];
    };
    expect(event.eventsConsumed).toBe(2613);
    expect(event.counts.curatedPublished).toBe(gold.size);
    expect(event.models.find((m) => m.name === 'gold_curated_offers')).toMatchObject({
      status: 'success',
      rows: gold.size,
    });
  }, 240_000);

  it('a second run with no new events does nothing', async () => {
    const before = await messageCount(curatedTopic);
    const summary = await runTransform(options());
    expect(summary).toMatchObject({
      status: 'idle',
      committed: false,
      eventsConsumed: 0,
      offersCurated: 0,
    });
    expect(summary.dbt.status).toBe('skipped');
    expect(summary.durationMs).toBeLessThan(15_000);
    expect(await messageCount(curatedTopic)).toBe(before);
  }, 60_000);

  it('the quality measurements of docs/data-quality.md hold on the real sample', async () => {
    const db = await openWarehouse({ url: warehouseUrl, purpose: 'test quality', migrate: false });
    try {
      const report = await measureQuality(db, repositoryRoot);
      expect(report.salary.parsedShare).toBeGreaterThan(0.98);
      expect(report.salary.handChecked.sample).toBeGreaterThanOrEqual(100);
      expect(report.salary.handChecked.mismatches).toEqual([]);
      expect(report.contract.unmappedCodes).toEqual([]);
      expect(report.contract.francetravail?.share).toBe(1);
      expect(report.seniority.francetravail?.share).toBeGreaterThan(0.9);
      expect(report.dedup.labelledPairs).toBeGreaterThanOrEqual(100);
      expect(report.dedup.pairPrecision).toBeGreaterThanOrEqual(0.85);
      expect(report.dedup.pairRecall).toBeGreaterThanOrEqual(0.9);
      expect(report.skills.handChecked.precision).toBeGreaterThanOrEqual(0.7);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('tombstones closed offers and publishes the offers the ROME classifier coded', async () => {
    // Five France Travail offers were last seen 10 days before the rest: closed by the closing rule.
    const db = await openWarehouse({ url: warehouseUrl, purpose: 'test setup', migrate: false });
    let closing: string[];
    try {
      closing = (
        await db.query<{ offer_id: string }>(
          `SELECT offer_id FROM silver.silver_offers
           WHERE primary_source = 'francetravail' AND record_count = 1 ORDER BY offer_id LIMIT 5`,
        )
      ).map((row) => row.offer_id);
      await db.execute(
        `UPDATE bronze.raw_offers SET last_seen_at = last_seen_at - INTERVAL 10 DAY
         WHERE source || ':' || source_id IN (${closing.map(() => '?').join(', ')})`,
        closing,
      );
    } finally {
      await db.close();
    }
    // ingest would publish an event for the run that saw the others again
    const producer = bus.producer();
    await producer.send(TOPICS.offersIngested, [
      {
        key: 'francetravail:TEST001',
        value: {
          source: 'francetravail',
          sourceId: 'TEST001',
          payloadHash: 'a'.repeat(64),
          runId: 'test-run',
          fetchedAt: new Date().toISOString(),
          change: 'CHANGED',
        },
      },
    ]);
    await producer.disconnect();

    const classifier: RomeClassifier = {
      version: 'test-classifier-1',
      predict: async (offers) =>
        offers.map((offer) => ({
          offerId: offer.offerId,
          romeCode: /d[ée]velopp|devops|data/i.test(offer.title) ? 'M1805' : 'K2111',
          score: 0.5,
        })),
    };
    const summary = await runTransform(options({ classifier }));
    expect(summary).toMatchObject({
      status: 'succeeded',
      committed: true,
      eventsConsumed: 1,
      tombstones: 5,
    });
    expect(summary.romePredicted).toBeGreaterThan(1000);
    expect(summary.offersCurated).toBe(summary.romePredicted);

    const gold = await goldDocuments();
    const latest = new Map<string, string | null>();
    for (const message of await readAll(curatedTopic)) latest.set(message.key, message.value);
    const open = [...latest].filter(([, value]) => value !== null);
    expect(open).toHaveLength(gold.size);
    for (const id of closing) expect(latest.get(id)).toBeNull();
    const adzuna = open
      .map(
        ([, value]) =>
          JSON.parse(value!) as { id: string; rome: { code: string; predicted: boolean } },
      )
      .filter((offer) => offer.id.startsWith('adzuna:'));
    expect(adzuna.length).toBeGreaterThan(1000);
    expect(
      adzuna.every((offer) => offer.rome.predicted && /^[A-Z]\d{4}$/.test(offer.rome.code)),
    ).toBe(true);
  }, 240_000);
});
