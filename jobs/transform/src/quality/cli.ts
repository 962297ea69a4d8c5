#!/usr/bin/env node
/**
 * `npm run quality`: the quality numbers of docs/data-quality.md, measured on the warehouse
 * (WAREHOUSE_URL, default the embedded DuckDB file) after `npm run ingest -- --source replay` and
 * `npm run transform`. Prints the report as one JSON line (the last line).
 */
import { openWarehouse } from '@jobmarket/warehouse';
import { repositoryRoot } from '../config.js';
import { measureQuality } from './measure.js';

const db = await openWarehouse({ purpose: 'quality measurements', migrate: false });
try {
  const report = await measureQuality(db, repositoryRoot);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  process.stderr.write(
    `quality: ${(error as Error).message}\n(run \`npm run ingest -- --source replay && npm run transform\` first)\n`,
  );
  process.exitCode = 1;
} finally {
  await db.close();
}
