/**
 * Running dbt: which executable, with which environment, and what came out of it. dbt's console
 * output is streamed to the job log line by line (each model built, and every failure, at info
 * level as progress; the rest at debug) and kept, so that a failure logs dbt's own messages;
 * `target/run_results.json` gives the status of every model and test.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '@jobmarket/telemetry';
import type { WarehouseTarget } from '@jobmarket/warehouse';

const execFileAsync = promisify(execFile);

export class DbtError extends Error {
  constructor(
    message: string,
    readonly output: string,
    readonly exitCode: number | null,
    readonly results: DbtNodeResult[] = [],
  ) {
    super(message);
    this.name = 'DbtError';
  }
}

/** The project virtualenv's dbt (scripts/infra/python.sh bin), unless DBT_BIN names one. */
export async function resolveDbtBin(
  configured: string | undefined,
  repositoryRoot: string,
): Promise<string> {
  if (configured) return configured;
  const script = join(repositoryRoot, 'scripts', 'infra', 'python.sh');
  if (!existsSync(script)) {
    throw new Error(
      `DBT_BIN is unset and ${script} does not exist: set DBT_BIN to a dbt executable`,
    );
  }
  let binDir: string;
  try {
    const { stdout } = await execFileAsync('bash', [script, 'bin'], { cwd: repositoryRoot });
    binDir = stdout.trim().split('\n').pop() ?? '';
  } catch (error) {
    throw new Error(
      `could not locate the project virtualenv (bash scripts/infra/python.sh bin failed: ${(error as Error).message.trim()}); run \`bash scripts/infra/python.sh install\` or set DBT_BIN`,
    );
  }
  const bin = join(binDir, 'dbt');
  if (!existsSync(bin)) {
    throw new Error(
      `${bin} does not exist; run \`bash scripts/infra/python.sh install\` or set DBT_BIN`,
    );
  }
  return bin;
}

export interface DbtProject {
  readonly bin: string;
  /** The dbt project directory; its profiles.yml is used. */
  readonly projectDir: string;
  readonly target: WarehouseTarget;
  readonly threads: number;
  /** Where dbt writes target/ (manifest, run_results.json); one per warehouse so runs never share it. */
  readonly targetPath?: string;
  /** Extra environment (tests pass DBT variables). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where dbt's artifacts go for this warehouse: beside a DuckDB file, else in the project. */
export function defaultTargetPath(project: Pick<DbtProject, 'projectDir' | 'target'>): string {
  return project.target.kind === 'duckdb' && project.target.path !== ':memory:'
    ? `${project.target.path}.dbt-target`
    : resolve(project.projectDir, 'target');
}

/** The environment profiles.yml reads: the engine, the DuckDB file or the Snowflake names. */
export function dbtEnvironment(project: DbtProject): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    ...project.env,
    DBT_PROFILES_DIR: project.projectDir,
    DBT_PROJECT_DIR: project.projectDir,
    DBT_TARGET_PATH: project.targetPath ?? defaultTargetPath(project),
    DBT_LOG_PATH: join(project.targetPath ?? defaultTargetPath(project), 'logs'),
    DBT_THREADS: String(project.threads),
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_USE_COLORS: 'false',
    DBT_PRINTER_WIDTH: '100',
  };
  const { target } = project;
  if (target.kind === 'duckdb') {
    return { ...base, DBT_TARGET: 'duckdb', DBT_DUCKDB_PATH: target.path };
  }
  return {
    ...base,
    DBT_TARGET: 'snowflake',
    SNOWFLAKE_ACCOUNT: target.account,
    SNOWFLAKE_DATABASE: target.database,
    SNOWFLAKE_SCHEMA: target.schema,
    ...(target.warehouse ? { SNOWFLAKE_WAREHOUSE: target.warehouse } : {}),
    ...(target.role ? { SNOWFLAKE_ROLE: target.role } : {}),
  };
}

export interface DbtNodeResult {
  /** e.g. `model.jobmarket.silver_offers`, `test.jobmarket.not_null_...`, `unit_test.jobmarket...`. */
  readonly uniqueId: string;
  readonly resourceType: 'model' | 'test' | 'unit_test' | 'seed' | 'snapshot' | 'other';
  readonly name: string;
  /** success, error, skipped (models, seeds); pass, fail, warn, error, skipped (tests). */
  readonly status: string;
  readonly message: string | null;
  readonly executionTime: number;
  /** schema.name of the relation a model built. */
  readonly relation: string | null;
}

export interface DbtRun {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly durationMs: number;
  readonly results: DbtNodeResult[];
  /** dbt's console output (stdout and stderr, interleaved). */
  readonly output: string;
}

interface RunResultsFile {
  results: {
    unique_id: string;
    status: string;
    message: string | null;
    execution_time: number;
    relation_name?: string | null;
  }[];
}

function resourceType(uniqueId: string): DbtNodeResult['resourceType'] {
  const kind = uniqueId.split('.')[0];
  return kind === 'model' ||
    kind === 'test' ||
    kind === 'unit_test' ||
    kind === 'seed' ||
    kind === 'snapshot'
    ? kind
    : 'other';
}

async function readRunResults(targetPath: string): Promise<DbtNodeResult[]> {
  const file = join(targetPath, 'run_results.json');
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(await readFile(file, 'utf8')) as RunResultsFile;
  return parsed.results.map((result) => ({
    uniqueId: result.unique_id,
    resourceType: resourceType(result.unique_id),
    name: result.unique_id.split('.').slice(2).join('.'),
    status: result.status,
    message: result.message,
    executionTime: result.execution_time,
    relation: result.relation_name ? result.relation_name.replaceAll('"', '') : null,
  }));
}

/**
 * Runs `dbt <args>`; resolves with the results when dbt exits 0, rejects with a DbtError that
 * carries dbt's output and results otherwise. Each console line is logged at debug level.
 */
export async function runDbt(
  project: DbtProject,
  args: readonly string[],
  logger: Logger,
): Promise<DbtRun> {
  const targetPath = project.targetPath ?? defaultTargetPath(project);
  const started = Date.now();
  const lines: string[] = [];
  logger.info({ dbt: args.join(' '), target: project.target.kind }, 'dbt starting');
  const exitCode = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(project.bin, [...args], {
      cwd: project.projectDir,
      env: dbtEnvironment({ ...project, targetPath }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (buffer: string, chunk: Buffer): string => {
      const text = buffer + chunk.toString('utf8');
      const parts = text.split('\n');
      const rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        // progress: each model built (or failed) at info, everything else at debug
        if (/\b(OK created|ERROR creating|FAIL \d+|ERROR)\b/.test(line))
          logger.info({ dbt: line.trim() }, 'dbt');
        else if (line.trim()) logger.debug({ dbt: line }, 'dbt output');
      }
      return rest;
    };
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out = onData(out, chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = onData(err, chunk);
    });
    child.on('error', (error) =>
      reject(new DbtError(`could not start ${project.bin}: ${error.message}`, '', null)),
    );
    child.on('close', (code) => {
      for (const rest of [out, err]) if (rest) lines.push(rest);
      resolveExit(code);
    });
  });
  const output = lines.join('\n');
  const results = await readRunResults(targetPath).catch(() => []);
  const durationMs = Date.now() - started;
  if (exitCode !== 0) {
    const failed = results.filter((r) => ['error', 'fail'].includes(r.status));
    const summary = failed.length
      ? failed.map((r) => `${r.name}: ${r.status}${r.message ? ` (${r.message})` : ''}`).join('; ')
      : lastLines(output, 5);
    throw new DbtError(
      `dbt ${args[0]} failed (exit ${exitCode}): ${summary}`,
      output,
      exitCode,
      results,
    );
  }
  logger.info({ dbt: args.join(' '), durationMs, nodes: results.length }, 'dbt finished');
  return { args, exitCode, durationMs, results, output };
}

export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .slice(-count)
    .join('\n');
}

export interface DbtTally {
  readonly models: {
    name: string;
    status: 'success' | 'error' | 'skipped';
    relation: string | null;
  }[];
  readonly tests: { passed: number; failed: number; warned: number; skipped: number };
}

/** Models (with status) and test counts of one or more dbt runs, as warehouse.refreshed reports them. */
export function tally(results: readonly DbtNodeResult[]): DbtTally {
  const models: DbtTally['models'] = [];
  const tests = { passed: 0, failed: 0, warned: 0, skipped: 0 };
  for (const result of results) {
    if (result.resourceType === 'model') {
      const status =
        result.status === 'success' ? 'success' : result.status === 'skipped' ? 'skipped' : 'error';
      models.push({ name: result.name, status, relation: result.relation });
    } else if (result.resourceType === 'test' || result.resourceType === 'unit_test') {
      if (result.status === 'pass') tests.passed += 1;
      else if (result.status === 'warn') tests.warned += 1;
      else if (result.status === 'skipped') tests.skipped += 1;
      else tests.failed += 1;
    }
  }
  return { models, tests };
}
