/** Pure helpers of the transform job: dbt result tallies and environment, text normalisation, fixtures. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dbtEnvironment,
  defaultTargetPath,
  lastLines,
  tally,
  type DbtNodeResult,
} from '../src/dbt.js';
import { normalizeWords, parseCsv } from '../src/quality/measure.js';
import { dbtProjectDir } from './helpers.js';

const node = (uniqueId: string, status: string): DbtNodeResult => ({
  uniqueId,
  resourceType: uniqueId.split('.')[0] as DbtNodeResult['resourceType'],
  name: uniqueId.split('.').slice(2).join('.'),
  status,
  message: null,
  executionTime: 0.1,
  relation: uniqueId.startsWith('model.')
    ? `"warehouse"."silver"."${uniqueId.split('.').pop()}"`
    : null,
});

describe('dbt helpers', () => {
  it('tallies models and tests (unit tests included) as warehouse.refreshed reports them', () => {
    const t = tally([
      node('model.jobmarket.silver_offers', 'success'),
      node('model.jobmarket.gold_curated_offers', 'skipped'),
      node('model.jobmarket.int_offer_records', 'error'),
      node('seed.jobmarket.regions', 'success'),
      node('test.jobmarket.not_null_x', 'pass'),
      node('test.jobmarket.unique_y', 'fail'),
      node('test.jobmarket.z', 'warn'),
      node('unit_test.jobmarket.int_salaries__parsed.salaries', 'pass'),
      node('test.jobmarket.w', 'skipped'),
    ]);
    expect(t.models.map((m) => [m.name, m.status])).toEqual([
      ['silver_offers', 'success'],
      ['gold_curated_offers', 'skipped'],
      ['int_offer_records', 'error'],
    ]);
    expect(t.tests).toEqual({ passed: 2, failed: 1, warned: 1, skipped: 1 });
  });

  it('points profiles.yml at the DuckDB file, or at the Snowflake account of WAREHOUSE_URL', () => {
    const duck = dbtEnvironment({
      bin: 'dbt',
      projectDir: '/p/dbt',
      threads: 2,
      target: { kind: 'duckdb', path: '/d/warehouse.duckdb' },
    });
    expect(duck).toMatchObject({
      DBT_TARGET: 'duckdb',
      DBT_DUCKDB_PATH: '/d/warehouse.duckdb',
      DBT_PROFILES_DIR: '/p/dbt',
      DBT_TARGET_PATH: '/d/warehouse.duckdb.dbt-target',
      DBT_THREADS: '2',
    });
    const snow = dbtEnvironment({
      bin: 'dbt',
      projectDir: '/p/dbt',
      threads: 4,
      target: {
        kind: 'snowflake',
        account: 'acme-eu',
        database: 'JOBMARKET',
        schema: 'PUBLIC',
        warehouse: 'TRANSFORM_WH',
        role: 'TRANSFORMER',
        accessUrl: undefined,
      },
    });
    expect(snow).toMatchObject({
      DBT_TARGET: 'snowflake',
      SNOWFLAKE_ACCOUNT: 'acme-eu',
      SNOWFLAKE_DATABASE: 'JOBMARKET',
      SNOWFLAKE_WAREHOUSE: 'TRANSFORM_WH',
      SNOWFLAKE_ROLE: 'TRANSFORMER',
    });
    expect(
      defaultTargetPath({ projectDir: '/p/dbt', target: { kind: 'snowflake' } as never }),
    ).toBe('/p/dbt/target');
    expect(lastLines('a\n\nb\nc\n', 2)).toBe('b\nc');
  });
});

describe('quality helpers', () => {
  it('normalises text like the dbt macro normalize_words', () => {
    expect(normalizeWords("Faire preuve d'autonomie")).toBe(' faire preuve d autonomie ');
    expect(normalizeWords('Cœur de métier : C++ / C#')).toBe(' coeur de metier c++ c# ');
  });

  it('reads quoted CSV', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n1,2\n')).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: '1', b: '2' },
    ]);
  });

  it('the fixtures of the dbt unit tests are the seeds they stand for', async () => {
    for (const [fixture, seed] of [
      ['contract_mapping_fixture', 'contract_mapping'],
      ['soft_skill_labels_fixture', 'soft_skill_labels'],
      ['soft_skill_keywords_fixture', 'soft_skill_keywords'],
    ]) {
      const read = (path: string) => readFile(join(dbtProjectDir, path), 'utf8');
      expect(await read(`tests/fixtures/${fixture}.csv`), fixture).toBe(
        await read(`seeds/${seed}.csv`),
      );
    }
  });

  it('keeps at least 100 hand-labelled dedup pairs and 100 hand-checked salary strings', async () => {
    const fixtures = join(dbtProjectDir, '..', 'jobs', 'transform', 'test', 'fixtures');
    const pairs = parseCsv(await readFile(join(fixtures, 'dedup-pairs.csv'), 'utf8'));
    expect(pairs.length).toBeGreaterThanOrEqual(100);
    expect(new Set(pairs.map((p) => p.is_duplicate))).toEqual(new Set(['true', 'false']));
    const salaries = parseCsv(await readFile(join(fixtures, 'salary-labels.csv'), 'utf8'));
    expect(new Set(salaries.map((s) => s.salary_label)).size).toBeGreaterThanOrEqual(100);
  });
});
