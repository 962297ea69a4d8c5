import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse, type GraphQLSchema } from 'graphql';
import { printSubgraphSdl } from '@jobmarket/subgraph-kit';
import { buildPlatformSchema, PLATFORM_SUBGRAPH } from './platform/schema.js';

/**
 * Composition of the supergraph from the subgraphs' own schemas (see subgraphs/README.md): every
 * folder `subgraphs/<name>/` with a `src/schema.ts` exporting `buildSubgraphSchema()` is a
 * subgraph named `<name>`; its SDL (with federation directives) is printed and all of them are
 * composed with @apollo/composition into `gateway/supergraph.graphql`.
 */

export const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const SUPERGRAPH_FILE = resolve(repositoryRoot, 'gateway/supergraph.graphql');

/** Default port of each subgraph (ARCHITECTURE.md); its URL in the committed supergraph. */
export const SUBGRAPH_PORTS: Record<string, number> = {
  offers: 4001,
  skills: 4002,
  users: 4003,
  recommendations: 4004,
};

/** The URL the supergraph records for the gateway's own `platform` subgraph (never fetched). */
export const PLATFORM_URL = 'http://gateway.local/platform';

/** The gateway's own subgraph (platform health), served in-process by the gateway. */
export async function platformSubgraphSdl(): Promise<SubgraphSdl> {
  return {
    name: PLATFORM_SUBGRAPH,
    url: PLATFORM_URL,
    sdl: printSubgraphSdl(await buildPlatformSchema()),
  };
}

export function defaultSubgraphUrl(name: string): string {
  const port = SUBGRAPH_PORTS[name];
  if (port === undefined) {
    throw new Error(
      `subgraph ${name} has no port: add it to SUBGRAPH_PORTS in gateway/src/compose.ts`,
    );
  }
  return `http://localhost:${port}/graphql`;
}

/** The env variable that overrides a subgraph's URL at run time: `USERS_URL`, `OFFERS_URL`... */
export function subgraphUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/** Names of the subgraphs present in the repository, sorted. */
export function discoverSubgraphs(root = repositoryRoot): string[] {
  const dir = join(root, 'subgraphs');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'src', 'schema.ts')))
    .map((entry) => entry.name)
    .sort();
}

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

type SchemaModule = { buildSubgraphSchema?: () => Promise<GraphQLSchema> };

/**
 * Loads each subgraph's schema module and prints its SDL. `from: 'dist'` imports the built
 * `dist/schema.js` (the compose command); `from: 'src'` imports `src/schema.ts` (tests, under vitest).
 */
export async function loadSubgraphSdls(
  from: 'dist' | 'src',
  root = repositoryRoot,
): Promise<SubgraphSdl[]> {
  const result: SubgraphSdl[] = [];
  for (const name of discoverSubgraphs(root)) {
    const file = join(
      root,
      'subgraphs',
      name,
      from === 'dist' ? 'dist/schema.js' : 'src/schema.ts',
    );
    if (!existsSync(file))
      throw new Error(`${file} is missing: build the subgraphs first (npm run build)`);
    const module = (await import(pathToFileURL(file).href)) as SchemaModule;
    if (typeof module.buildSubgraphSchema !== 'function') {
      throw new Error(`${file} does not export buildSubgraphSchema() (see subgraphs/README.md)`);
    }
    result.push({
      name,
      url: defaultSubgraphUrl(name),
      sdl: printSubgraphSdl(await module.buildSubgraphSchema()),
    });
  }
  result.push(await platformSubgraphSdl());
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

export class CompositionError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `supergraph composition failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'CompositionError';
  }
}

const HEADER = [
  '# The JobMarket supergraph, composed by `npm run compose` from every subgraph in subgraphs/.',
  '# Do not edit: change a subgraph and compose again. The gateway test fails when this file is stale.',
  '',
].join('\n');

/** Composes the subgraphs' SDLs into the supergraph SDL (with a header comment). */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  if (subgraphs.length === 0) throw new CompositionError(['no subgraph found under subgraphs/']);
  const result = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    throw new CompositionError(result.errors.map((error) => error.message));
  }
  return `${HEADER}${result.supergraphSdl.trimEnd()}\n`;
}

/** Builds (tsc -b) the subgraphs that will be composed; a folder still being written is skipped. */
export function buildSubgraphs(names = discoverSubgraphs(), root = repositoryRoot): void {
  const projects = names.map((name) => join(root, 'subgraphs', name));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', ...projects], { stdio: 'inherit' });
  if (build.status !== 0) {
    const list = projects.map((project) => relative(root, project)).join(' ');
    throw new Error(`building the subgraphs failed (tsc -b ${list})`);
  }
}
