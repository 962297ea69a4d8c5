#!/usr/bin/env node
/**
 * `npm run bench:web`: the web app's budget.
 *   1. Initial JavaScript of the search page, gzip: the entry chunk, the search page's chunk and
 *      every chunk they import statically (from the Vite manifest of the production build).
 *   2. Time until the search page shows results on localhost: Debian's Chromium opens
 *      /recherche?q=développeur in a fresh profile (cold cache) RUNS times, and once more warm;
 *      measured in the page as performance.now() when the first result row is in the DOM.
 * Against JOBMARKET_WEB_URL when set (the real platform), else the fixture graph over the sample.
 * The last line is one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/browser/chromium.mjs';
import { startPlatform } from '../test/browser/platform.mjs';

const frontend = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const PATH = '/recherche?q=d%C3%A9veloppeur';

// --- 1. bundle -----------------------------------------------------------------------------
console.error('bench:web: building the production bundle…');
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: frontend, stdio: 'inherit' });
const dist = join(frontend, 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
function closure(keys) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return [...seen];
}
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const searchKey = Object.keys(manifest).find((key) => key.endsWith('pages/SearchPage.vue'));
const files = [...new Set(closure([entry, searchKey]).map((key) => manifest[key].file))];
const sizes = files.map((file) => {
  const bytes = readFileSync(join(dist, file));
  return { file, bytes: bytes.length, gzip: gzipSync(bytes).length };
});
const css = (manifest[entry].css ?? [])
  .map((file) => gzipSync(readFileSync(join(dist, file))).length)
  .reduce((a, b) => a + b, 0);
const initialJsGzip = sizes.reduce((sum, item) => sum + item.gzip, 0);
const initialJsRaw = sizes.reduce((sum, item) => sum + item.bytes, 0);
for (const item of sizes.sort((a, b) => b.gzip - a.gzip))
  console.error(`  ${item.file}  ${(item.gzip / 1024).toFixed(1)} kB gzip`);

// --- 2. time to results --------------------------------------------------------------------
const platform = await startPlatform();
const times = [];
let warm = null;
try {
  for (let run = 0; run <= RUNS; run += 1) {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      if (run === RUNS) {
        // warm: the same profile loads the page twice, the second time is measured
        await page.goto(`${platform.url}${PATH}`);
        await page.waitForSelector('[data-offer-id]');
      }
      await page.goto(`${platform.url}${PATH}`);
      await page.waitForSelector('[data-offer-id]', { timeout: 30_000 });
      const ms = await page.evaluate(() => performance.now());
      if (run === RUNS) warm = ms;
      else times.push(ms);
      console.error(`  ${run === RUNS ? 'warm' : `cold ${run + 1}`}: ${ms.toFixed(0)} ms`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await platform.close();
}
const sorted = times.slice().sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  JSON.stringify({
    bench: 'web',
    target: platform.kind,
    searchPageInitialJsGzipKb: Number((initialJsGzip / 1024).toFixed(1)),
    searchPageInitialJsRawKb: Number((initialJsRaw / 1024).toFixed(1)),
    searchPageInitialJsFiles: files.length,
    cssGzipKb: Number((css / 1024).toFixed(1)),
    timeToResultsColdMs: {
      median: Math.round(median),
      min: Math.round(sorted[0]),
      max: Math.round(sorted[sorted.length - 1]),
      runs: sorted.length,
    },
    timeToResultsWarmMs: warm === null ? null : Math.round(warm),
  }),
);
