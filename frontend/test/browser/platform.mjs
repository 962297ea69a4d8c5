/**
 * Where the browser journeys run. With JOBMARKET_WEB_URL (e.g. http://localhost:4000 while
 * `npm run demo` runs) they drive the real platform; otherwise they start the fixture graph over
 * the real sample with a build of the app that sends every planned operation (dist-fixture).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureGraph } from './fixture-graph.mjs';

const frontend = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const ARTIFACTS = process.env.WEB_ARTIFACTS_DIR ?? join(frontend, 'test-results');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds `outDir` when it is missing or older than the sources. */
export function ensureBuild({ fixture = true } = {}) {
  const outDir = join(frontend, fixture ? 'test-results/dist-fixture' : 'dist');
  const index = join(outDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(frontend, 'src'))) return outDir;
  const args = ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  execFileSync('npx', args, {
    cwd: frontend,
    stdio: 'inherit',
    env: { ...process.env, ...(fixture ? { VITE_GRAPH_ASSUME_PLANNED: '1' } : {}) },
  });
  return outDir;
}

export async function startPlatform(options = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.JOBMARKET_WEB_URL) {
    return {
      url: process.env.JOBMARKET_WEB_URL.replace(/\/$/, ''),
      kind: 'platform',
      close: async () => {},
    };
  }
  const webRoot = ensureBuild({ fixture: true });
  const fixture = await startFixtureGraph({ webRoot, ...options });
  return { url: fixture.url, kind: 'fixture', close: fixture.close };
}
