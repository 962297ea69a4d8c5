import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  buildSubgraphs,
  CompositionError,
  composeSupergraph,
  loadSubgraphSdls,
  repositoryRoot,
  SUPERGRAPH_FILE,
} from './compose.js';

/**
 * `npm run compose`: builds the subgraphs, writes gateway/supergraph.graphql.
 * `npm run compose -- --check`: exits 1 when the committed file differs from a fresh composition.
 */
const check = process.argv.includes('--check');
try {
  if (!process.argv.includes('--no-build')) buildSubgraphs();
  const subgraphs = await loadSubgraphSdls('dist');
  const supergraph = composeSupergraph(subgraphs);
  const where = relative(repositoryRoot, SUPERGRAPH_FILE);
  let current = '';
  try {
    current = readFileSync(SUPERGRAPH_FILE, 'utf8');
  } catch {
    current = '';
  }
  const summary = {
    subgraphs: subgraphs.map((s) => s.name),
    file: where,
    changed: current !== supergraph,
  };
  if (check) {
    if (summary.changed) {
      console.error(`${where} is stale: run \`npm run compose\` and commit it`);
      console.log(JSON.stringify({ ...summary, ok: false }));
      process.exit(1);
    }
  } else if (summary.changed) {
    writeFileSync(SUPERGRAPH_FILE, supergraph);
    console.error(`wrote ${where} (${subgraphs.map((s) => s.name).join(', ')})`);
  } else {
    console.error(`${where} is up to date (${subgraphs.map((s) => s.name).join(', ')})`);
  }
  console.log(JSON.stringify({ ...summary, ok: true }));
} catch (error) {
  console.error(error instanceof CompositionError ? error.message : error);
  console.log(
    JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
  process.exit(1);
}
