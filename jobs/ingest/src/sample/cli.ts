#!/usr/bin/env node
/** `npm run generate:sample -- --out DIR [--offers N] [--seed S] [--from DIR]` (see generate.ts). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample } from './generate.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    offers: { type: 'string' },
    seed: { type: 'string' },
    from: { type: 'string' },
  },
});
if (!values.out) {
  process.stderr.write(
    'usage: npm run generate:sample -- --out DIR [--offers N] [--seed S] [--from REAL_DATA_DIR]\n',
  );
  process.exit(2);
}
const offers = values.offers ? Number(values.offers) : undefined;
if (offers !== undefined && (!Number.isInteger(offers) || offers < 1)) {
  process.stderr.write('--offers must be a positive integer\n');
  process.exit(2);
}
const started = Date.now();
const result = await generateSample({
  out: resolve(values.out),
  ...(offers !== undefined ? { offers } : {}),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  ...(values.from ? { from: resolve(values.from) } : {}),
});
process.stdout.write(`${JSON.stringify({ ...result, durationMs: Date.now() - started })}\n`);
