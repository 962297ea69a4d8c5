/**
 * Shared by the deploy tests: where the repository and the deploy tools are, helm template as a
 * function, and the environment variables the code reads (to check what compose and the chart set).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const chartDir = join(root, 'charts/jobmarket');

/** The components being written by other engineers: designed in, checked once their code lands. */
export const PENDING_WORKSPACES = ['subgraphs/recommendations', 'jobs/retrain'];

/** Every deployable: the gateway, each subgraph, each job (present or designed). */
export function deployables(): { path: string; kind: 'service' | 'job'; present: boolean }[] {
  const found = new Set<string>(['gateway', ...PENDING_WORKSPACES]);
  for (const parent of ['subgraphs', 'jobs']) {
    for (const name of readdirSync(join(root, parent))) {
      if (existsSync(join(root, parent, name, 'package.json'))) found.add(`${parent}/${name}`);
    }
  }
  // Present once its entry point exists (a workspace being written may have a package.json first).
  return [...found].sort().map((path) => {
    const kind = path.startsWith('jobs/') ? 'job' : 'service';
    const entry = join(root, path, 'src', kind === 'job' ? 'cli.ts' : 'main.ts');
    return {
      path,
      kind,
      present: existsSync(join(root, path, 'package.json')) && existsSync(entry),
    };
  });
}

/** HELM and DEPLOY_VENV from scripts/setup-deploy-tools.sh (the one place their versions live). */
export function toolPaths(): { helm: string; venv: string } {
  const out = execFileSync('bash', [join(root, 'scripts/setup-deploy-tools.sh'), 'paths'], {
    encoding: 'utf8',
  });
  const value = (name: string) => {
    const line = out.split('\n').find((l) => l.startsWith(`${name}=`));
    return line ? line.slice(name.length + 1).replace(/^'|'$/g, '') : '';
  };
  const helm = value('HELM');
  const venv = value('DEPLOY_VENV');
  if (!existsSync(helm) || !existsSync(join(venv, 'bin', 'python'))) {
    throw new Error(
      `the deploy tools are not installed (${helm}, ${venv}): run bash scripts/setup-deploy-tools.sh`,
    );
  }
  return { helm, venv };
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
}

export interface RenderResult {
  ok: boolean;
  manifests: Manifest[];
  stderr: string;
}

/** helm template with an example file and/or values; values are written to a temporary file. */
export function helmTemplate(
  options: { example?: string; valuesFile?: string; values?: unknown; set?: string[] } = {},
): RenderResult {
  const { helm } = toolPaths();
  const args = ['template', 'jobmarket', chartDir, '--namespace', 'jobmarket'];
  if (options.example) args.push('-f', join(chartDir, 'examples', `${options.example}.yaml`));
  if (options.valuesFile) args.push('-f', join(root, options.valuesFile));
  if (options.values !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'jobmarket-values-')), 'values.yaml');
    writeFileSync(file, stringify(options.values));
    args.push('-f', file);
  }
  for (const set of options.set ?? []) args.push('--set', set);
  const result = spawnSync(helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) return { ok: false, manifests: [], stderr: result.stderr };
  const manifests = parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null && typeof doc === 'object');
  return { ok: true, manifests, stderr: result.stderr };
}

export function renderOrThrow(options: Parameters<typeof helmTemplate>[0] = {}): Manifest[] {
  const result = helmTemplate(options);
  if (!result.ok) throw new Error(`helm template failed: ${result.stderr}`);
  return result.manifests;
}

export const EXAMPLES = readdirSync(join(chartDir, 'examples'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''))
  .sort();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PodSpec = any;

/** The pod spec of a workload (Deployment, StatefulSet, CronJob), or undefined. */
export function podSpec(manifest: Manifest): PodSpec | undefined {
  if (manifest.kind === 'CronJob') return manifest.spec.jobTemplate.spec.template.spec;
  if (['Deployment', 'StatefulSet', 'Job', 'DaemonSet'].includes(manifest.kind)) {
    return manifest.spec.template.spec;
  }
  return undefined;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test') continue;
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * Environment variables the code reads: `env.<kind>('NAME'`, `process.env.NAME`,
 * `env.NAME` / `source.NAME`, any all-caps string literal (names passed around), the
 * `<SUBGRAPH>_URL` family the gateway builds from its subgraph list, and dbt's `env_var('NAME')`.
 */
export function variablesReadByCode(): Set<string> {
  const names = new Set<string>();
  const dirs = ['gateway/src', 'scripts/src'];
  for (const parent of ['packages', 'subgraphs', 'jobs']) {
    for (const name of readdirSync(join(root, parent))) dirs.push(`${parent}/${name}/src`);
  }
  for (const dir of dirs) {
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\b(?:process\.env|env|source)\.([A-Z][A-Z0-9_]+)/g)) {
        names.add(match[1]!);
      }
      for (const match of text.matchAll(/['"`]([A-Z][A-Z0-9_]{2,})['"`]/g)) names.add(match[1]!);
    }
  }
  const compose = readFileSync(join(root, 'gateway/src/compose.ts'), 'utf8');
  const ports = /SUBGRAPH_PORTS[^{]*\{([^}]*)\}/.exec(compose)?.[1] ?? '';
  for (const match of ports.matchAll(/([a-z]+):\s*\d+/g))
    names.add(`${match[1]!.toUpperCase()}_URL`);
  const dbtFiles = ['dbt/profiles.yml', 'dbt/dbt_project.yml'];
  for (const file of dbtFiles) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/env_var\('([A-Z][A-Z0-9_]+)'/g)) names.add(match[1]!);
  }
  return names;
}

/** Variables the platform sets for the runtimes themselves, not read through our config. */
export const RUNTIME_VARIABLES = new Set(['HOME', 'NODE_OPTIONS', 'TZ']);

/** Keys of .env.example, commented out (`# NAME=`) or not. */
export function envExampleVariables(): Set<string> {
  const text = readFileSync(join(root, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!));
}
