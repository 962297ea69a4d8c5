/**
 * Writes docs/events.asyncapi.yaml from the schema objects: `npm run asyncapi -w @jobmarket/events`.
 * With `--check`, writes nothing and exits 1 if the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { asyncApiFile, renderAsyncApiYaml } from '../asyncapi-yaml.js';

const text = await renderAsyncApiYaml();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(asyncApiFile, 'utf8');
  } catch {
    // a missing file is stale too
  }
  if (current !== text) {
    console.error(`${asyncApiFile} is stale: run \`npm run asyncapi -w @jobmarket/events\``);
    process.exit(1);
  }
  console.log(JSON.stringify({ file: asyncApiFile, upToDate: true }));
} else {
  writeFileSync(asyncApiFile, text);
  console.log(JSON.stringify({ file: asyncApiFile, bytes: Buffer.byteLength(text) }));
}
