/**
 * The real curated sample for tests: the curated offers (`offers.curated.v1` values) that the
 * real pipeline makes from the recorded payloads, built ONCE per set of inputs and shared by every
 * suite (offers, skills, recommendations, browser tests).
 *
 * The build runs the pipeline as the jobs do: `jobs/ingest` replays the recorded France Travail
 * and Adzuna payloads into a fresh DuckDB warehouse (Kafka unreachable on purpose: the events stay
 * in the outbox), then `dbt build` (the project's virtualenv) builds bronze → silver → gold, and
 * the documents are read from `gold.gold_curated_offers` — exactly what `jobs/transform` publishes
 * (it only adds `curatedAt`). Every document is validated against the topic's JSON Schema.
 *
 * The result is cached under `<repo>/.data/test-cache/curated-sample/<key>/`, keyed by a hash of
 * the inputs (dbt/, jobs/ingest/src, packages/warehouse/src, the Python requirements and the data
 * directory), with the warehouse file and every gold table exported as JSON, so that the tests
 * comparing with gold read the same build. Concurrent test workers wait for one build (a lock
 * directory).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CuratedOffer } from '@jobmarket/events';

const execFileAsync = promisify(execFile);
const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Version of the cache layout; bump to invalidate every cached sample. */
const CACHE_VERSION = 'curated-sample-v1';

export interface CuratedSample {
  /** The curated offers, sorted by id, each valid against `jobmarket.offers.curated.v1`. */
  readonly offers: CuratedOffer[];
  /** The `curatedAt` every offer carries (the build time). */
  readonly curatedAt: string;
  /** The hash of the inputs (the cache key). */
  readonly key: string;
  /** The cache directory of this build. */
  readonly dir: string;
  /** The DuckDB warehouse the build made (bronze, silver, gold); open it read-only. */
  readonly warehousePath: string;
  /** Documents of gold_curated_offers that failed validation (left out of `offers`). */
  readonly invalid: { id: string; issues: string }[];
  /** The rows of a gold table of this build (e.g. `gold_domain_demand`), as exported after dbt. */
  gold<T = Record<string, unknown>>(table: string): T[];
}

export interface CuratedSampleOptions {
  /** Recorded payloads (default: REPLAY_DIR, else ../shared/data, else the generated sample). */
  dataDir?: string;
  /** Cache root (default `<repo>/.data/test-cache`). */
  cacheDir?: string;
  /** Progress lines (default: to stderr). */
  log?: (line: string) => void;
  /** Longest wait for another worker's build (default 20 min). */
  lockTimeoutMs?: number;
}

const memo = new Map<string, Promise<CuratedSample>>();

/** The curated sample, built on first use and cached on disk (see the module comment). */
export function curatedSample(options: CuratedSampleOptions = {}): Promise<CuratedSample> {
  const dataDir = resolveDataDir(options.dataDir);
  const cacheRoot = options.cacheDir ?? join(repositoryRoot, '.data', 'test-cache');
  const memoKey = `${dataDir ?? 'generated'}|${cacheRoot}`;
  let promise = memo.get(memoKey);
  if (!promise) {
    promise = loadOrBuild(dataDir, cacheRoot, options);
    memo.set(memoKey, promise);
    promise.catch(() => memo.delete(memoKey));
  }
  return promise;
}

function resolveDataDir(dir: string | undefined): string | null {
  const given = dir ?? process.env.REPLAY_DIR?.trim();
  if (given) return resolve(given);
  const shared = resolve(repositoryRoot, '..', 'shared', 'data');
  if (existsSync(join(shared, 'francetravail')) || existsSync(join(shared, 'adzuna')))
    return shared;
  return null;
}

const IGNORED = new Set([
  'target',
  'logs',
  'dbt_packages',
  'node_modules',
  '__pycache__',
  '.user.yml',
  'dist',
]);

function hashTree(hash: ReturnType<typeof createHash>, root: string, dir = root): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (IGNORED.has(name)) continue;
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) hashTree(hash, root, path);
    else if (stats.isFile()) {
      hash.update(`${relative(root, path)}\0${stats.size}\0`);
      hash.update(readFileSync(path));
    }
  }
}

/** The hash of everything the sample is made from. */
export function curatedSampleKey(dataDir: string | null): string {
  const hash = createHash('sha256').update(CACHE_VERSION);
  for (const part of ['dbt', 'jobs/ingest/src', 'packages/warehouse/src']) {
    hash.update(`\0tree:${part}\0`);
    hashTree(hash, join(repositoryRoot, part));
  }
  for (const file of ['requirements.txt', 'scripts/infra/python/constraints.txt']) {
    const path = join(repositoryRoot, file);
    hash.update(`\0file:${file}\0`);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  hash.update(`\0data\0`);
  if (dataDir) hashTree(hash, dataDir);
  else hash.update('generated');
  return hash.digest('hex').slice(0, 20);
}

interface Meta {
  key: string;
  curatedAt: string;
  builtAt: string;
  dataDir: string | null;
  offers: number;
  invalid: { id: string; issues: string }[];
  goldTables: string[];
  durationMs: number;
}

function readSample(dir: string): CuratedSample {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const offers = JSON.parse(readFileSync(join(dir, 'offers.json'), 'utf8')) as CuratedOffer[];
  const goldCache = new Map<string, unknown[]>();
  return {
    offers,
    curatedAt: meta.curatedAt,
    key: meta.key,
    dir,
    warehousePath: join(dir, 'warehouse.duckdb'),
    invalid: meta.invalid,
    gold<T>(table: string): T[] {
      if (!meta.goldTables.includes(table)) {
        throw new Error(
          `no gold table ${table} in the sample (have ${meta.goldTables.join(', ')})`,
        );
      }
      let rows = goldCache.get(table);
      if (!rows) {
        rows = JSON.parse(readFileSync(join(dir, 'gold', `${table}.json`), 'utf8')) as unknown[];
        goldCache.set(table, rows);
      }
      return rows as T[];
    },
  };
}

async function loadOrBuild(
  dataDir: string | null,
  cacheRoot: string,
  options: CuratedSampleOptions,
): Promise<CuratedSample> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[curated-sample] ${line}\n`));
  const key = curatedSampleKey(dataDir);
  const root = join(cacheRoot, 'curated-sample');
  const dir = join(root, key);
  if (existsSync(join(dir, 'meta.json'))) return readSample(dir);
  mkdirSync(root, { recursive: true });
  const release = await acquireLock(
    join(root, `${key}.lock`),
    options.lockTimeoutMs ?? 20 * 60_000,
    log,
  );
  try {
    if (existsSync(join(dir, 'meta.json'))) return readSample(dir);
    prune(root, key);
    log(
      `building the curated sample ${key} from ${dataDir ?? 'the generated sample'} (ingest replay, dbt build)`,
    );
    await build(dataDir, dir, key, log);
    return readSample(dir);
  } finally {
    release();
  }
}

/** Removes the leftovers of interrupted builds of `key` and all but the 3 newest other builds. */
function prune(root: string, key: string): void {
  const entries = readdirSync(root);
  for (const name of entries) {
    if (name.startsWith(`${key}.tmp-`)) rmSync(join(root, name), { recursive: true, force: true });
  }
  const builds = entries
    .filter(
      (name) =>
        /^[0-9a-f]{20}$/.test(name) && name !== key && existsSync(join(root, name, 'meta.json')),
    )
    .map((name) => ({ name, mtime: statSync(join(root, name, 'meta.json')).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(3)) rmSync(join(root, old.name), { recursive: true, force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function acquireLock(
  path: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<() => void> {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(join(path, 'pid'), 'utf8'));
    } catch {
      // being created or removed
    }
    if (Number.isInteger(holder) && !processAlive(holder)) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${path}`);
    if (!announced) {
      log(`waiting for another process building the sample (${path})`);
      announced = true;
    }
    await new Promise((done) => setTimeout(done, 1_000));
  }
}

async function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env,
      timeout: options.timeoutMs,
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const tail = `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-40)
      .join('\n');
    throw Object.assign(
      new Error(`${command} ${args.join(' ')} failed: ${failure.message}\n${tail}`),
      {
        stdout: failure.stdout,
      },
    );
  }
}

async function build(
  dataDir: string | null,
  dir: string,
  key: string,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'gold'), { recursive: true });
  const warehousePath = join(work, 'warehouse.duckdb');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WAREHOUSE_URL: `duckdb://${warehousePath}`,
    // Nothing is published: the replayed events stay in the warehouse outbox.
    KAFKA_BROKERS: '127.0.0.1:9',
    KAFKA_TOPIC_PREFIX: `curated-sample-${key}.`,
    LOG_LEVEL: 'warn',
    JOBMARKET_DATA_DIR: join(work, 'data'),
  };
  try {
    log('building jobs/ingest');
    await run(join(repositoryRoot, 'node_modules', '.bin', 'tsc'), ['-b', 'jobs/ingest'], {
      cwd: repositoryRoot,
      env,
      timeoutMs: 10 * 60_000,
    });
    log('ingest: replaying the recorded payloads');
    let ingestOut: string;
    try {
      ingestOut = await run(
        process.execPath,
        ['jobs/ingest/dist/cli.js', '--source', 'replay', ...(dataDir ? ['--dir', dataDir] : [])],
        { cwd: repositoryRoot, env, timeoutMs: 10 * 60_000 },
      );
    } catch (error) {
      // Exit code 1 because publishing failed (no Kafka, on purpose) is expected; landing must not.
      ingestOut = (error as { stdout?: string }).stdout ?? '';
      if (!ingestOut.trim()) throw error;
    }
    const summary = JSON.parse(ingestOut.trim().split('\n').pop() ?? '{}') as {
      landed?: number;
      sources?: Record<string, { status?: string }>;
    };
    if (summary.sources?.replay?.status !== 'succeeded' || !summary.landed) {
      throw new Error(
        `ingest replay did not land the payloads: ${ingestOut.trim().split('\n').pop()}`,
      );
    }
    log(`ingest landed ${summary.landed} payloads; dbt build`);

    const { stdout: binDir } = await execFileAsync(
      'bash',
      [join(repositoryRoot, 'scripts/infra/python.sh'), 'bin'],
      {
        cwd: repositoryRoot,
      },
    ).catch((error: Error) => {
      throw new Error(
        `the project's Python virtualenv is missing (${error.message.trim()}); run \`bash scripts/infra/python.sh install\` (npm test does it)`,
      );
    });
    const dbt = join(binDir.trim().split('\n').pop() ?? '', 'dbt');
    await run(
      dbt,
      [
        'build',
        '--project-dir',
        join(repositoryRoot, 'dbt'),
        '--profiles-dir',
        join(repositoryRoot, 'dbt'),
        '--target-path',
        join(work, 'dbt-target'),
        '--log-path',
        join(work, 'dbt-logs'),
      ],
      {
        cwd: join(repositoryRoot, 'dbt'),
        env: { ...env, DBT_DUCKDB_PATH: warehousePath, DBT_TARGET: 'duckdb' },
        timeoutMs: 20 * 60_000,
      },
    );

    log('reading gold');
    const { openWarehouse } = await import('@jobmarket/warehouse');
    const { validateEvent } = await import('@jobmarket/events');
    const warehouse = await openWarehouse({
      url: `duckdb://${warehousePath}`,
      lock: false,
      migrate: false,
    });
    const curatedAt = new Date().toISOString();
    const offers: CuratedOffer[] = [];
    const invalid: { id: string; issues: string }[] = [];
    const goldTables: string[] = [];
    try {
      const rows = await warehouse.query<{ offer_id: string; document: string }>(
        'SELECT offer_id, document FROM gold.gold_curated_offers ORDER BY offer_id',
      );
      for (const row of rows) {
        const offer = { ...(JSON.parse(row.document) as object), curatedAt };
        const result = validateEvent('jobmarket.offers.curated.v1', offer);
        if (result.valid) offers.push(offer as CuratedOffer);
        else
          invalid.push({ id: row.offer_id, issues: JSON.stringify(result.issues).slice(0, 500) });
      }
      const tables = await warehouse.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'gold' AND table_name <> 'gold_curated_offers' ORDER BY 1`,
      );
      for (const { table_name: table } of tables) {
        const data = await warehouse.query(`SELECT * FROM gold.${table}`);
        writeFileSync(join(work, 'gold', `${table}.json`), JSON.stringify(data, jsonSafe));
        goldTables.push(table);
      }
    } finally {
      await warehouse.close();
    }
    writeFileSync(join(work, 'offers.json'), JSON.stringify(offers));
    const meta: Meta = {
      key,
      curatedAt,
      builtAt: new Date().toISOString(),
      dataDir,
      offers: offers.length,
      invalid,
      goldTables,
      durationMs: Date.now() - started,
    };
    writeFileSync(join(work, 'meta.json'), JSON.stringify(meta, null, 2));
    for (const scratch of ['data', 'dbt-target', 'dbt-logs'])
      rmSync(join(work, scratch), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    log(
      `built: ${offers.length} offers (${invalid.length} invalid), ${goldTables.length} gold tables, ${meta.durationMs} ms`,
    );
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export interface ScaleOptions {
  /** Spread the copies' publication dates back over this many days (default 90). */
  spreadDays?: number;
}

/**
 * `count` offers made from `offers` for benchmarks: the originals, then copies with ids
 * `<id>-x<n>` and publication dates moved back by a few days, so a scaled store keeps the real
 * texts, places and distributions.
 */
export function scaleCuratedOffers(
  offers: readonly CuratedOffer[],
  count: number,
  { spreadDays = 90 }: ScaleOptions = {},
): CuratedOffer[] {
  if (offers.length === 0) throw new Error('nothing to scale');
  const result: CuratedOffer[] = [];
  for (let index = 0; index < count; index += 1) {
    const base = offers[index % offers.length]!;
    const copy = Math.floor(index / offers.length);
    if (copy === 0) {
      result.push(base);
      continue;
    }
    const shiftMs = ((copy * 7 + (index % 13)) % spreadDays) * 24 * 60 * 60 * 1000;
    result.push({
      ...base,
      id: `${base.id}-x${copy}`,
      createdAt: new Date(new Date(base.createdAt).getTime() - shiftMs).toISOString(),
      sources: base.sources.map((source) => ({
        ...source,
        sourceId: `${source.sourceId}-x${copy}`,
      })),
    });
  }
  return result;
}
