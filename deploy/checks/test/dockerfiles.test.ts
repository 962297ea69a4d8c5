/**
 * The Dockerfiles, without a Docker engine: their conventions (pinned bases, CI's install and
 * build commands, a numeric non-root user, HEALTHCHECK on services), and their packaging step run
 * for real: deploy/docker/copy-workspace.mjs copies each workspace's production closure into a
 * scratch tree laid out like the image's /app, where every package the code imports must resolve
 * and each subgraph's schema must build.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployables, root } from './helpers.js';

const run = promisify(execFile);
const NODE_IMAGE = /^node:20\.\d+\.\d+-bookworm-slim$/;
const PYTHON_IMAGE = /^python:3\.11\.\d+-slim-bookworm$/;

interface Stage {
  from: string;
  lines: string[];
}

function stages(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const line of joined.split('\n')) {
    const from = /^FROM\s+(\S+)/.exec(line);
    if (from) result.push({ from: from[1]!, lines: [] });
    else if (result.length > 0 && line.trim() && !line.startsWith('#'))
      result.at(-1)!.lines.push(line);
  }
  return result;
}

const all = deployables();
const dockerfile = (path: string) => readFileSync(join(root, path, 'Dockerfile'), 'utf8');

describe.each(all)('$path/Dockerfile', ({ path, kind }) => {
  const text = () => dockerfile(path);

  it('pins every base image by version, and the runtime on Node 20 bookworm-slim (or Python 3.11 with Node)', () => {
    for (const { from } of stages(text())) {
      if (!from.includes(':')) continue; // a previous stage
      expect(from, from).toMatch(NODE_IMAGE.test(from) ? NODE_IMAGE : PYTHON_IMAGE);
    }
  });

  it('installs and builds as CI does, then copies only this workspace', () => {
    const body = text().replace(/\\\n/g, ' ');
    expect(body).toMatch(/ENV ONNXRUNTIME_NODE_INSTALL=skip/);
    expect(body).toMatch(/RUN npm install --global [^\n]*npm@\d+\.\d+\.\d+/);
    expect(body).toMatch(/npm ci --no-audit --no-fund/);
    expect(body).toContain(`npx tsc -b ${path}`);
    expect(body).toContain(`node deploy/docker/copy-workspace.mjs ${path} /out`);
  });

  it('runs as a numeric non-root user from a read-only-friendly layout', () => {
    const final = stages(text()).at(-1)!;
    const user = final.lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBe('USER 10001:10001');
    expect(final.lines.join('\n')).toMatch(/HOME=\/tmp/);
    expect(final.lines.join('\n')).toMatch(/JOBMARKET_DATA_DIR=\/data/);
  });

  it(
    kind === 'service' ? 'has a HEALTHCHECK on /healthz' : 'is a one-shot job (no HEALTHCHECK)',
    () => {
      const final = stages(text()).at(-1)!.lines.join('\n');
      if (kind === 'service') {
        expect(final).toMatch(/HEALTHCHECK .*CMD \["node", "-e", .*\/healthz/s);
        expect(final).toMatch(/EXPOSE \d+/);
      } else {
        expect(final).not.toMatch(/^HEALTHCHECK /m);
        // The one checkov finding on jobs, skipped inline with its reason (docs/deploy.md).
        expect(text()).toMatch(/# checkov:skip=CKV_DOCKER_2: .+/);
      }
    },
  );

  it('starts the workspace’s built entry point', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(text())![1]!) as string[];
    const entry = cmd.find((part) => part.endsWith('.js'))!;
    expect(entry).toBe(`${path}/dist/${kind === 'service' ? 'main' : 'cli'}.js`);
  });
});

describe('the build context', () => {
  it('leaves out dependencies, builds, local data and secrets', () => {
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.data', '.git', '**/.env', '*.duckdb']) {
      expect(ignore, entry).toContain(entry);
    }
    expect(ignore).toContain('!.env.example');
  });

  it('copies every workspace manifest before npm ci (all of them are package.json files npm ci needs)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    // The manifests stage finds every package.json: each workspace glob must resolve to folders
    // that have one, which is what npm ci reads.
    for (const pattern of pkg.workspaces) {
      const base = pattern.replace(/\/\*$/, '');
      const folders = pattern.endsWith('/*')
        ? readdirSync(join(root, base)).filter((name) =>
            statSync(join(root, base, name)).isDirectory(),
          )
        : [''];
      expect(folders.length, pattern).toBeGreaterThan(0);
    }
  });
});

/** Bare package names imported by a built JavaScript file. */
function importedPackages(text: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1]!;
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

const BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'url',
  'util',
  'crypto',
  'http',
  'https',
  'events',
  'stream',
  'child_process',
  'net',
  'zlib',
  'assert',
  'module',
  'worker_threads',
  'timers',
  'dns',
  'tls',
  'readline',
  'buffer',
  'process',
  'perf_hooks',
  'async_hooks',
  'v8',
]);

function resolvesFrom(dir: string, name: string, top: string): boolean {
  for (let current = dir; current.startsWith(top); current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', name, 'package.json'))) return true;
    if (current === top) break;
  }
  return false;
}

function jsFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) jsFiles(path, out);
    else if (name.endsWith('.js')) out.push(path);
  }
  return out;
}

describe('deploy/docker/copy-workspace.mjs (the images’ packaging step)', () => {
  const present = all.filter((d) => d.present);
  const scratch = mkdtempSync(join(tmpdir(), 'jobmarket-image-'));
  const copied = new Map<string, { workspaces: string[]; packages: number }>();

  beforeAll(async () => {
    // The build step of the Dockerfiles, on this tree (already built by `npm run build`; the
    // subgraphs outside the root tsconfig are built here as their Dockerfiles do).
    await run('npx', ['tsc', '-b', ...present.map((d) => d.path)], { cwd: root });
    await Promise.all(
      present.map(async ({ path }) => {
        const extras =
          path === 'gateway' ? ['gateway/supergraph.graphql', 'gateway/playground'] : [];
        const { stdout } = await run(
          'node',
          ['deploy/docker/copy-workspace.mjs', path, join(scratch, path), ...extras, '--link'],
          { cwd: root, maxBuffer: 16 * 1024 * 1024 },
        );
        copied.set(path, JSON.parse(stdout.trim().split('\n').at(-1)!));
      }),
    );
  }, 600_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(present)('$path: keeps only its own production closure', ({ path }) => {
    const result = copied.get(path)!;
    expect(result.workspaces).toContain(path);
    expect(result.workspaces).toContain('packages/config');
    // Development-only workspaces never reach an image.
    // packages/testing comes along where a workspace lists it in its production dependencies
    // (offers and skills do, for their bench scenarios): not asserted here.
    expect(result.workspaces).not.toContain('scripts');
    expect(result.workspaces).not.toContain('frontend');
    const image = join(scratch, path);
    for (const devOnly of ['vitest', 'typescript', 'eslint', 'vite', 'prettier', 'tsx']) {
      expect(existsSync(join(image, 'node_modules', devOnly)), devOnly).toBe(false);
    }
  });

  it.each(present)(
    '$path: every package its built code imports resolves inside the copy',
    ({ path }) => {
      const image = join(scratch, path);
      const missing: string[] = [];
      for (const workspace of copied.get(path)!.workspaces) {
        for (const file of jsFiles(join(image, workspace, 'dist'))) {
          if (/\/(bench|scripts)\//.test(file)) continue; // development commands, not run in images
          for (const name of importedPackages(readFileSync(file, 'utf8'))) {
            if (BUILTINS.has(name)) continue;
            if (!resolvesFrom(dirname(file), name, image))
              missing.push(`${file.slice(image.length + 1)}: ${name}`);
          }
        }
      }
      // Development-only imports inside modules that only development commands load.
      const devOnly = new Set(['packages/events/dist/asyncapi-yaml.js: prettier']);
      expect(missing.filter((entry) => !devOnly.has(entry))).toEqual([]);
    },
  );

  it.each(present.filter((d) => d.path.startsWith('subgraphs/')))(
    '$path: builds its schema from the copy alone',
    async ({ path }) => {
      const image = join(scratch, path);
      const script = `const m = await import(${JSON.stringify(join(image, path, 'dist/schema.js'))}); const s = await m.buildSubgraphSchema(); console.log(Object.keys(s.getQueryType().getFields()).length);`;
      const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: image });
      expect(Number(stdout.trim())).toBeGreaterThan(0);
    },
    120_000,
  );
});
