import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import {
  createAccessTokenVerifier,
  createAccessTokenSigner,
  printSubgraphSdl,
  signIdentity,
  testDatabaseUrl,
  type BenchSubgraph,
  type BenchSubgraphOptions,
} from '@jobmarket/subgraph-kit';
import { createLogger } from '@jobmarket/telemetry';
import {
  buildSubgraphs,
  composeSupergraph,
  discoverSubgraphs,
  repositoryRoot,
} from '../compose.js';
import { createGatewayService } from '../gateway.js';

/**
 * `npm run bench:graph [-- --engine pglite|postgres|both] [--duration 10] [--connections 10] [--offers 100000]`
 *
 * Starts the subgraphs in-process on each store engine, a gateway in front of them, and measures
 * every scenario three ways for the same duration and concurrency: through the gateway, directly
 * against the subgraph, and the store work alone, so that the ratios gateway/subgraph and
 * subgraph/store are known. Prints a table, then one JSON line.
 *
 * Scenarios come from the subgraphs: every `subgraphs/<name>/src/bench/scenario.ts` exporting
 * `prepareBench(options: BenchSubgraphOptions): Promise<BenchSubgraph>` (the contract is in
 * packages/subgraph-kit/src/bench.ts) loads its data, starts its service and lists its scenarios:
 * users measures the signed-in `me` page; offers adds search at 100 k offers.
 */

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? (args[index + 1] as string) : fallback;
};
const duration = Number(option('duration', '10'));
const connections = Number(option('connections', '10'));
const offers = Number(option('offers', '100000'));
const engineChoice = option('engine', 'both');

const INTERNAL_SECRET = `bench-internal-${Date.now()}-0123456789abcdef`;
const JWT_SECRET = `bench-jwt-${Date.now()}-0123456789abcdefghij`;
const quiet = (service: string) =>
  createLogger({
    service,
    level: 'warn',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });

async function loadModule<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(repositoryRoot, path)).href)) as T;
}

function summarise(result: autocannon.Result): Measure {
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function load(url: string, body: string, headers: Record<string, string>): Promise<Measure> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration,
  });
  return summarise(result);
}

async function loadStore(work: () => Promise<unknown>): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        try {
          await work();
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(
      (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2),
    );
  return { rps: Math.round(latencies.length / duration), p50: at(0.5), p99: at(0.99), errors };
}

async function benchEngine(engine: 'pglite' | 'postgres', serverUrl: string | undefined) {
  const logger = quiet('bench');
  const options: BenchSubgraphOptions = {
    engine,
    offers,
    internalAuthSecret: INTERNAL_SECRET,
    jwtSecret: JWT_SECRET,
    logger,
    ...(serverUrl ? { serverUrl } : {}),
  };
  const subgraphs: BenchSubgraph[] = [];
  for (const name of discoverSubgraphs()) {
    const file = `subgraphs/${name}/dist/bench/scenario.js`;
    if (!existsSync(join(repositoryRoot, file))) continue;
    process.stderr.write(`preparing ${name} (${offers} offers on ${engine})...\n`);
    const module = await loadModule<{
      prepareBench?: (o: BenchSubgraphOptions) => Promise<BenchSubgraph>;
    }>(file);
    if (module.prepareBench) subgraphs.push(await module.prepareBench(options));
  }
  const supergraphSdl = composeSupergraph(
    subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: printSubgraphSdl(s.schema) })),
  );
  const gateway = await createGatewayService({
    logger: quiet('gateway'),
    supergraphSdl,
    subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
    internalAuthSecret: INTERNAL_SECRET,
    verifier: await createAccessTokenVerifier({ secret: JWT_SECRET }),
    introspection: false,
    playground: false,
  });
  const { url: gatewayUrl } = await gateway.listen(0, '127.0.0.1');
  const signer = await createAccessTokenSigner({ secret: JWT_SECRET }, { ttlSeconds: 3600 });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const subgraph of subgraphs) {
      for (const scenario of subgraph.scenarios) {
        const body = JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} });
        const token = scenario.userId ? (await signer.sign(scenario.userId)).token : undefined;
        process.stderr.write(`${engine} · ${scenario.name}: gateway...\n`);
        const viaGateway = await load(
          gatewayUrl,
          body,
          token ? { authorization: `Bearer ${token}` } : {},
        );
        process.stderr.write(`${engine} · ${scenario.name}: direct...\n`);
        const direct = await load(
          subgraph.url,
          body,
          signIdentity(
            { userId: scenario.userId ?? null, clientAddress: '127.0.0.1' },
            INTERNAL_SECRET,
          ),
        );
        const store = scenario.store ? await loadStore(scenario.store) : null;
        rows.push({
          engine,
          subgraph: subgraph.name,
          scenario: scenario.name,
          gateway: viaGateway,
          direct,
          store,
          gatewayOverSubgraphP50: Number((viaGateway.p50 / Math.max(direct.p50, 0.01)).toFixed(2)),
          subgraphOverStoreP50: store
            ? Number((direct.p50 / Math.max(store.p50, 0.01)).toFixed(2))
            : null,
        });
      }
    }
  } finally {
    await gateway.close(0);
    for (const subgraph of subgraphs) await subgraph.close();
  }
  return rows;
}

buildSubgraphs();
const engines: ('pglite' | 'postgres')[] =
  engineChoice === 'both' ? ['pglite', 'postgres'] : [engineChoice as 'pglite' | 'postgres'];
const serverUrl = testDatabaseUrl();
const results: Record<string, unknown>[] = [];
for (const engine of engines) {
  if (engine === 'postgres' && !serverUrl) {
    process.stderr.write(
      'postgres: no TEST_DATABASE_URL and no scripts/infra/postgres.sh url; skipped\n',
    );
    continue;
  }
  results.push(...(await benchEngine(engine, engine === 'postgres' ? serverUrl : undefined)));
}
const fmt = (m: Measure | null) =>
  m
    ? `${m.rps} req/s p50 ${m.p50} ms p99 ${m.p99} ms${m.errors ? ` (${m.errors} errors)` : ''}`
    : '-';
for (const row of results) {
  console.log(
    `${String(row.engine).padEnd(8)} ${String(row.scenario).padEnd(40)} gateway ${fmt(row.gateway as Measure)} | direct ${fmt(row.direct as Measure)} | store ${fmt(row.store as Measure | null)}`,
  );
}
console.log(JSON.stringify({ bench: 'graph', duration, connections, offers, results }));
process.exit(0);
