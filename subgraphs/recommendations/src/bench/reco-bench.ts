#!/usr/bin/env node
/**
 * `npm run bench:reco -- [--offers 100000] [--requests 200] [--engine pglite|postgres]`
 *
 * The recommendation service as it runs, at `offers` active offers (the real curated sample
 * scaled up, see scenario.ts):
 *   - training: the model on the sample's France Travail offers with the default configuration,
 *     its time and the process's peak memory, the ONNX and metadata sizes;
 *   - start: offers loaded into the store, read back and indexed by the champion;
 *   - a new model arriving: the complete re-embedding of every offer before the swap (offers/s),
 *     with requests answered meanwhile;
 *   - top-20 recommendations with explanations, one request at a time, p50/p99: in-process (the
 *     scoring alone), directly against the subgraph over HTTP, and through a gateway in front of it.
 * Ends with one JSON line. (`npm run bench:reco:model` is the model-only benchmark of
 * packages/recommender.)
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { GraphQLSchema } from 'graphql';
import {
  createAccessTokenVerifier,
  printSubgraphSdl,
  signIdentity,
  testDatabaseUrl,
} from '@jobmarket/subgraph-kit';
import { createLogger } from '@jobmarket/telemetry';
import { curatedSample } from '@jobmarket/testing';
import { profileFromInput } from '../profile.js';
import { buildSubgraphSchema } from '../schema.js';
import type { ProfileInput } from '../types.js';
import {
  BENCH_PROFILES,
  benchModel,
  MODEL_NAME,
  RECOMMENDATIONS_QUERY,
  startBenchService,
} from './scenario.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? (args[index + 1] as string) : fallback;
};
const count = Number(option('offers', '100000'));
const requests = Number(option('requests', '200'));
const engine = option('engine', 'pglite') as 'pglite' | 'postgres';
const repositoryRoot = new URL('../../../../', import.meta.url);
const SECRET = `bench-internal-${Date.now()}-0123456789abcdef`;
const JWT = `bench-jwt-${Date.now()}-0123456789abcdefghijkl`;
const quiet = createLogger({
  service: 'bench',
  level: 'warn',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const log = (line: string) => process.stderr.write(`[bench:reco] ${line}\n`);

interface Latency {
  p50: number;
  p99: number;
  mean: number;
  errors: number;
}

function summarise(samples: number[], errors: number): Latency {
  const sorted = samples.slice().sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    errors,
  };
}

async function measure(times: number, call: (i: number) => Promise<boolean>): Promise<Latency> {
  for (let i = 0; i < 5; i++) await call(i); // warm-up
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const ok = await call(i);
    samples.push(performance.now() - started);
    if (!ok) errors += 1;
  }
  return summarise(samples, errors);
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const json = (await response.json()) as {
    errors?: unknown[];
    data?: { recommendationsForProfile?: unknown[] };
  };
  return response.ok && !json.errors && (json.data?.recommendationsForProfile?.length ?? 0) === 20;
}

type GatewayModules = {
  compose: {
    composeSupergraph: (s: { name: string; url: string; sdl: string }[]) => string;
    platformSubgraphSdl: () => Promise<{ name: string; url: string; sdl: string }>;
  };
  usersSchema: () => Promise<GraphQLSchema>;
  gateway: {
    createGatewayService: (o: Record<string, unknown>) => Promise<{
      listen: (port: number, host: string) => Promise<{ url: string }>;
      close: (ms: number) => Promise<void>;
    }>;
  };
};

async function gatewayModules(): Promise<GatewayModules> {
  const load = (path: string) => import(pathToFileURL(join(repositoryRoot.pathname, path)).href);
  return {
    compose: (await load('gateway/dist/compose.js')) as GatewayModules['compose'],
    gateway: (await load('gateway/dist/gateway.js')) as GatewayModules['gateway'],
    usersSchema: async () =>
      (
        (await load('subgraphs/users/dist/schema.js')) as {
          buildSubgraphSchema: () => Promise<GraphQLSchema>;
        }
      ).buildSubgraphSchema(),
  };
}

const sample = (await curatedSample()).offers;
log(
  `training on the sample's ${sample.filter((o) => o.rome.code && !o.rome.predicted).length} France Travail offers (default configuration)…`,
);
let lastProgress = 0;
const trained = await benchModel(sample, {}, (message) => {
  if (Date.now() - lastProgress > 5000) {
    lastProgress = Date.now();
    log(`  ${message}`);
  }
});
const training = {
  seconds: trained.seconds === null ? null : Math.round(trained.seconds * 10) / 10,
  peakRssMiB: trained.peakRssMiB === null ? null : Math.round(trained.peakRssMiB),
  onnxMiB: Math.round((trained.artifact.onnxBytes.length / 2 ** 20) * 10) / 10,
  metadataMiB:
    Math.round((Buffer.byteLength(JSON.stringify(trained.artifact.metadata)) / 2 ** 20) * 10) / 10,
};
log(
  `trained in ${training.seconds} s, peak RSS ${training.peakRssMiB} MiB, ONNX ${training.onnxMiB} MiB`,
);

log(`loading ${count} offers into ${engine} and indexing them…`);
const bench = await startBenchService({
  engine,
  ...(engine === 'postgres' ? { serverUrl: testDatabaseUrl() } : {}),
  count,
  sample,
  artifact: trained.artifact,
  internalAuthSecret: SECRET,
  logger: quiet,
});
log(
  `store load ${bench.timings.storeLoad.toFixed(1)} s; start (read + index) ${bench.timings.start.toFixed(1)} s`,
);

const profiles = BENCH_PROFILES.map((p) =>
  JSON.stringify({ query: RECOMMENDATIONS_QUERY, variables: { profile: p, first: 20 } }),
);
const candidates = BENCH_PROFILES.map((p) => profileFromInput(p as unknown as ProfileInput));
const direct = (i: number) =>
  post(
    bench.url,
    profiles[i % profiles.length]!,
    signIdentity({ userId: null, clientAddress: '127.0.0.1' }, SECRET),
  );

// A new model arrives: version 2 (the same artifact registered again: re-embedding does not
// depend on the weights) is loaded and every offer re-embedded while requests keep coming.
const run = await bench.registry.startRun({ modelName: MODEL_NAME, runName: 'bench-2' });
const v2 = await bench.registry.registerVersion({
  modelName: MODEL_NAME,
  run,
  artifact: trained.artifact,
  fingerprint: 'bench-2',
  metrics: {},
});
let swapping = true;
const during: number[] = [];
let duringErrors = 0;
const load = (async () => {
  let i = 0;
  while (swapping) {
    const started = performance.now();
    if (!(await direct(i++))) duringErrors += 1;
    during.push(performance.now() - started);
  }
})();
const cpu = process.cpuUsage();
const swap = await bench.app.server.swapTo(
  {
    name: MODEL_NAME,
    version: v2.version,
    runId: null,
    artifactUri: v2.artifactUri,
    trainedAt: v2.trainedAt,
    metrics: {},
  },
  () => bench.registry.fetchArtifact(v2),
);
const swapCpu = process.cpuUsage(cpu);
swapping = false;
await load;
if (swap.status !== 'swapped') throw new Error(`swap failed: ${JSON.stringify(swap)}`);
const reembed = {
  seconds: Math.round(swap.seconds * 10) / 10,
  offersPerSecond: Math.round(swap.offersPerSecond),
  offersPerCpuSecond: Math.round(swap.offers / ((swapCpu.user + swapCpu.system) / 1e6)),
  requestsDuringSwap: { count: during.length, ...summarise(during, duringErrors) },
};
log(
  `new model: ${swap.offers} offers re-embedded in ${reembed.seconds} s (${reembed.offersPerSecond} offers/s), ${during.length} requests answered meanwhile`,
);

log(`top 20, ${requests} requests each way…`);
const inProcess = await measure(requests, async (i) => {
  const result = await bench.app.server.recommend(candidates[i % candidates.length]!, {
    first: 20,
  });
  return result.recommendations.length === 20;
});
const directLatency = await measure(requests, direct);

const modules = await gatewayModules();
const schema: GraphQLSchema = await buildSubgraphSchema();
const gateway = await modules.gateway.createGatewayService({
  logger: quiet,
  // Composed with the users subgraph's schema (User.recommendations @requires its profile); the
  // query measured only reaches recommendations, so users need not run.
  supergraphSdl: modules.compose.composeSupergraph([
    { name: 'recommendations', url: bench.url, sdl: printSubgraphSdl(schema) },
    {
      name: 'users',
      url: 'http://127.0.0.1:9/graphql',
      sdl: printSubgraphSdl(await modules.usersSchema()),
    },
    await modules.compose.platformSubgraphSdl(),
  ]),
  subgraphUrls: { recommendations: bench.url, users: 'http://127.0.0.1:9/graphql' },
  internalAuthSecret: SECRET,
  verifier: await createAccessTokenVerifier({ secret: JWT }),
  introspection: false,
  playground: false,
});
const gatewayUrl = (await gateway.listen(0, '127.0.0.1')).url;
const throughGateway = await measure(requests, (i) =>
  post(gatewayUrl, profiles[i % profiles.length]!, {}),
);
await gateway.close(0);
await bench.close();

const summary = {
  bench: 'reco',
  offers: count,
  engine,
  requests,
  machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0]! * 10) / 10 },
  training,
  start: {
    storeLoadSeconds: Math.round(bench.timings.storeLoad * 10) / 10,
    readAndIndexSeconds: Math.round(bench.timings.start * 10) / 10,
  },
  reembed,
  top20Ms: { inProcess, direct: directLatency, gateway: throughGateway },
};
const row = (name: string, l: Latency) =>
  `| ${name} | ${l.p50} | ${l.p99} | ${l.mean} | ${l.errors} |`;
process.stdout.write(
  [
    '',
    `recommendations at ${count} active offers (${engine}, ${cpus().length} CPUs, load ${summary.machine.loadAverage1m})`,
    '',
    `training ${training.seconds ?? '-'} s, peak RSS ${training.peakRssMiB ?? '-'} MiB; ONNX ${training.onnxMiB} MiB + metadata ${training.metadataMiB} MiB`,
    `new model: ${reembed.offersPerSecond} offers/s re-embedded (${reembed.seconds} s; ${reembed.offersPerCpuSecond} offers per CPU-second); ${reembed.requestsDuringSwap.count} requests meanwhile, p99 ${reembed.requestsDuringSwap.p99} ms, ${reembed.requestsDuringSwap.errors} errors`,
    '',
    '| top 20 | p50 ms | p99 ms | mean ms | errors |',
    '|---|---|---|---|---|',
    row('in-process (scoring + explanations)', inProcess),
    row('direct (subgraph over HTTP)', directLatency),
    row('through the gateway', throughGateway),
    '',
    JSON.stringify(summary),
    '',
  ].join('\n'),
);
process.exit(0);
