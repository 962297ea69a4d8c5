#!/usr/bin/env node
/**
 * `npm run bench:dbt [-- --sizes 10000,100000,1000000] [--incremental 1000] [--threads 2]`:
 * full `dbt build` wall time and peak memory on DuckDB at each size, then an incremental
 * `dbt build` after landing `--incremental` new offers on top of the 100 k warehouse.
 *
 * Data: the recorded real sample (../shared/data, 612 France Travail offers + 2,001 Adzuna jobs),
 * landed in bronze as ingest lands it, copied with distinct ids and plausible variation: copy k
 * of an offer gets id `<id>x<k>`, a creation date moved back by k mod 90 days, and its employer
 * name suffixed with k (so deduplication finds as many duplicates per copy as in the real data,
 * instead of every copy being a duplicate of every other). ROME referentials come from the same
 * CSV files ingest lands in replay mode. Peak memory is the dbt process's VmHWM (DuckDB runs
 * inside it). The last line is the JSON summary.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { openWarehouse, type Warehouse } from '@jobmarket/warehouse';
import { repositoryRoot } from '../config.js';
import { dbtEnvironment, defaultTargetPath, resolveDbtBin, type DbtProject } from '../dbt.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    incremental: { type: 'string', default: '1000' },
    threads: { type: 'string', default: '2' },
    data: { type: 'string', default: resolve(repositoryRoot, '..', 'shared', 'data') },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const sizes = values.sizes
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const incrementalSize = Number(values.incremental);
const dataDir = values.data;
const log = (message: string) => process.stderr.write(`bench:dbt ${message}\n`);

const sql = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Lands the real sample (offers + ROME referentials) in bronze as `sample_offers`, once per warehouse. */
async function landSample(db: Warehouse): Promise<number> {
  const ft = join(dataDir, 'francetravail', 'offers.jsonl');
  const az = join(dataDir, 'adzuna', 'jobs.jsonl');
  const rome = join(dataDir, 'rome');
  for (const file of [ft, az]) if (!existsSync(file)) throw new Error(`${file} not found (--data)`);
  await db.execute(`CREATE OR REPLACE TEMP TABLE sample_offers AS
    SELECT 'francetravail' AS source, json_extract_string(json, '$.id') AS source_id, json AS payload
    FROM read_json_objects(${sql(ft)}, format = 'newline_delimited')
    UNION ALL
    SELECT 'adzuna', json_extract_string(json, '$.id'), json
    FROM read_json_objects(${sql(az)}, format = 'newline_delimited')`);
  await db.execute('DELETE FROM bronze.raw_referentials');
  const csv = (file: string) =>
    `read_csv(${sql(join(rome, file))}, all_varchar = true, header = true)`;
  await db.execute(`INSERT INTO bronze.raw_referentials
    SELECT 'rome', 'metiers', code_rome, libelle_rome, CAST(to_json(t) AS JSON), now()
    FROM ${csv('rome_v4_60_officiel/unix_referentiel_code_rome_v460_utf8.csv')} AS t`);
  await db.execute(`INSERT INTO bronze.raw_referentials
    SELECT 'rome', 'competences', code_ogr, libelle, CAST(to_json(t) AS JSON), now()
    FROM ${csv('rome_v3_44_xml_converted/unix_referentiel_competence_v344.csv')} AS t`);
  await db.execute(`INSERT INTO bronze.raw_referentials
    SELECT DISTINCT ON (code_noeud) 'rome', 'domaines', code_noeud, libelle, CAST(to_json(t) AS JSON), now()
    FROM ${csv('rome_v3_44_xml_converted/unix_arborescence_v344.csv')} AS t
    WHERE libelle_referentiel LIKE 'Arborescence%principale' AND length(code_noeud) = 3`);
  const [row] = await db.query<{ n: bigint }>('SELECT COUNT(*) AS n FROM sample_offers');
  return Number(row?.n ?? 0);
}

/** Lands `count` offers: copies `fromCopy`.. of the sample, varied as the header says. */
async function landCopies(
  db: Warehouse,
  count: number,
  fromCopy: number,
  seenAt: string,
): Promise<void> {
  const [row] = await db.query<{ n: bigint }>('SELECT COUNT(*) AS n FROM sample_offers');
  const sample = Number(row?.n ?? 1);
  const copies = Math.ceil(count / sample);
  await db.execute(`INSERT INTO bronze.raw_offers
    WITH copies AS (SELECT range AS k FROM range(${fromCopy}, ${fromCopy + copies})),
    varied AS (
      SELECT s.source, s.source_id || 'x' || c.k AS source_id,
        CASE s.source
          WHEN 'francetravail' THEN json_merge_patch(s.payload, json_object(
            'id', s.source_id || 'x' || c.k,
            'dateCreation', strftime(CAST(json_extract_string(s.payload, '$.dateCreation') AS TIMESTAMP) - to_days(CAST(c.k % 90 AS INTEGER)), '%Y-%m-%dT%H:%M:%S.%gZ'),
            'entreprise', json_object('nom', coalesce(json_extract_string(s.payload, '$.entreprise.nom'), 'Employeur') || ' ' || c.k)))
          ELSE json_merge_patch(s.payload, json_object(
            'id', s.source_id || 'x' || c.k,
            'created', strftime(CAST(json_extract_string(s.payload, '$.created') AS TIMESTAMP) - to_days(CAST(c.k % 90 AS INTEGER)), '%Y-%m-%dT%H:%M:%SZ'),
            'company', json_object('display_name', coalesce(json_extract_string(s.payload, '$.company.display_name'), 'Employeur') || ' ' || c.k)))
        END AS payload
      FROM sample_offers AS s CROSS JOIN copies AS c
    )
    SELECT source, source_id, payload, sha256(CAST(payload AS VARCHAR)), CAST(${sql(seenAt)} AS TIMESTAMP),
      CAST(${sql(seenAt)} AS TIMESTAMP), 'bench', 'bench'
    FROM varied
    LIMIT ${count}`);
}

interface Measure {
  wallSeconds: number;
  /** CPU time of the dbt process (user + system): less sensitive than wall time to a busy machine. */
  cpuSeconds: number;
  peakMemoryMb: number;
  exitCode: number | null;
  nodes: number;
}

/** Runs dbt, sampling the process's peak resident memory (VmHWM). */
async function timedDbt(project: DbtProject, args: string[]): Promise<Measure> {
  const started = Date.now();
  let peakKb = 0;
  let cpuTicks = 0;
  let tail = '';
  const exitCode = await new Promise<number | null>((resolveExit) => {
    const child = spawn(project.bin, args, {
      cwd: project.projectDir,
      env: dbtEnvironment(project),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setInterval(() => {
      void readFile(`/proc/${child.pid}/status`, 'utf8')
        .then((status) => {
          const match = /VmHWM:\s+(\d+) kB/.exec(status);
          if (match) peakKb = Math.max(peakKb, Number(match[1]));
        })
        .catch(() => undefined);
      void readFile(`/proc/${child.pid}/stat`, 'utf8')
        .then((stat) => {
          // fields after the command name: state is field 3, utime 14, stime 15 (clock ticks)
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
        })
        .catch(() => undefined);
    }, 100);
    child.on('close', (code) => {
      clearInterval(timer);
      resolveExit(code);
    });
  });
  if (exitCode !== 0) log(`dbt ${args.join(' ')} failed:\n${tail}`);
  const results = JSON.parse(
    await readFile(
      join(project.targetPath ?? defaultTargetPath(project), 'run_results.json'),
      'utf8',
    ).catch(() => '{"results":[]}'),
  ) as { results: unknown[] };
  return {
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    cpuSeconds: Math.round(cpuTicks) / 100,
    peakMemoryMb: Math.round(peakKb / 1024),
    exitCode,
    nodes: results.results.length,
  };
}

const bin = await resolveDbtBin(process.env.DBT_BIN, repositoryRoot);
const threads = Number(values.threads);
const results: Record<string, unknown>[] = [];
const work = await mkdtemp(join(tmpdir(), 'bench-dbt-'));
try {
  for (const size of sizes) {
    const file = join(work, `warehouse-${size}.duckdb`);
    const db = await openWarehouse({ url: `duckdb://${file}`, purpose: 'bench:dbt' });
    try {
      const sample = await landSample(db);
      log(`${size}: landing ${size} offers (copies of ${sample} real ones)`);
      await landCopies(db, size, 0, '2026-03-08 06:00:00');
    } finally {
      await db.close();
    }
    const project: DbtProject = {
      bin,
      projectDir: resolve(repositoryRoot, 'dbt'),
      target: { kind: 'duckdb', path: file },
      threads,
    };
    log(`${size}: dbt build (full)`);
    const full = await timedDbt(project, ['build', '--full-refresh']);
    log(
      `${size}: ${full.wallSeconds} s wall, ${full.cpuSeconds} s CPU, peak ${full.peakMemoryMb} MB`,
    );
    const entry: Record<string, unknown> = { offers: size, fullBuild: full };
    if (size === 100_000 && incrementalSize > 0) {
      const again = await openWarehouse({ url: `duckdb://${file}`, purpose: 'bench:dbt' });
      try {
        await landSample(again);
        await landCopies(again, incrementalSize, 10_000, '2026-03-09 06:00:00');
      } finally {
        await again.close();
      }
      log(`${size}: dbt build (incremental, +${incrementalSize} offers)`);
      const incremental = await timedDbt(project, ['build']);
      log(
        `${size}: incremental ${incremental.wallSeconds} s wall, ${incremental.cpuSeconds} s CPU, peak ${incremental.peakMemoryMb} MB`,
      );
      entry.incremental = { newOffers: incrementalSize, ...incremental };
    }
    results.push(entry);
    if (!values.keep) await rm(file, { force: true });
    if (!values.keep) await rm(`${file}.dbt-target`, { recursive: true, force: true });
  }
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
}
process.stdout.write(
  `${JSON.stringify({ bench: 'dbt', engine: 'duckdb', threads, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10), memoryLimit: process.env.DBT_DUCKDB_MEMORY_LIMIT ?? '4GB', results })}\n`,
);
