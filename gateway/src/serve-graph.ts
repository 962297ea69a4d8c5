import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, handleShutdown } from '@jobmarket/telemetry';
import {
  buildSubgraphs,
  discoverSubgraphs,
  repositoryRoot,
  SUBGRAPH_PORTS,
  subgraphUrlVariable,
} from './compose.js';

/**
 * `npm run graph`: the whole graph on this machine, for the demo and for development. Builds and
 * starts every subgraph (`subgraphs/<name>/dist/main.js` on its default port, or `<NAME>_PORT`) and
 * the gateway on 4000 (`GATEWAY_PORT`) as child processes, waits until the gateway is ready, and stops them all on SIGINT/SIGTERM.
 *
 * The services read their secrets from the environment only; when INTERNAL_AUTH_SECRET or
 * AUTH_JWT_SECRET is not set, this launcher generates random ones for this run and hands them to
 * its children (never printed). Unless set otherwise it turns the playground and introspection on
 * and allows the Vite dev server's origin. The last line on stdout is one JSON object.
 */

const logger = createLogger({ service: 'graph', level: process.env.LOG_LEVEL ?? 'info' });
const shutdown = handleShutdown({ logger, timeoutMs: 30_000 });
const children: { name: string; child: ChildProcess }[] = [];

const env: NodeJS.ProcessEnv = {
  ...process.env,
  INTERNAL_AUTH_SECRET: process.env.INTERNAL_AUTH_SECRET || randomBytes(32).toString('hex'),
  AUTH_JWT_SECRET:
    process.env.AUTH_JWT_SECRET ||
    (process.env.AUTH_JWT_PRIVATE_KEY ? '' : randomBytes(32).toString('hex')),
  PLAYGROUND: process.env.PLAYGROUND || 'true',
  GRAPHQL_INTROSPECTION: process.env.GRAPHQL_INTROSPECTION || 'true',
  CORS_ORIGINS: process.env.CORS_ORIGINS || 'http://localhost:5173',
};
const gatewayPort = Number(process.env.GATEWAY_PORT || 4000);

function start(name: string, script: string, port: number, extra: NodeJS.ProcessEnv = {}): void {
  const child = spawn(process.execPath, [script], {
    cwd: repositoryRoot,
    env: { ...env, ...extra, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: Ctrl-C reaches only this launcher, which stops the services in
    // order, instead of every service getting SIGINT and then our SIGTERM as a second signal.
    detached: true,
  });
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    logger[code === 0 || signal === 'SIGTERM' ? 'info' : 'error'](
      { name, code, signal },
      `${name} exited`,
    );
    if (!stopping) void shutdown.shutdown(`${name} exited`, 1);
  });
}

let stopping = false;
shutdown.register('graph processes', async () => {
  stopping = true;
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
          }
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
});

async function waitReady(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      last = await response.json();
      if (response.ok) return last as Record<string, unknown>;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

try {
  buildSubgraphs();
  const subgraphUrls: Record<string, string> = {};
  for (const name of discoverSubgraphs()) {
    const script = join(repositoryRoot, 'subgraphs', name, 'dist', 'main.js');
    const override = process.env[`${name.toUpperCase()}_PORT`];
    const port = override ? Number(override) : SUBGRAPH_PORTS[name];
    if (!existsSync(script) || port === undefined) {
      logger.warn({ name }, 'subgraph has no dist/main.js or no port; not started');
      continue;
    }
    start(`subgraph ${name}`, script, port);
    subgraphUrls[subgraphUrlVariable(name)] = `http://127.0.0.1:${port}/graphql`;
  }
  start('gateway', join(repositoryRoot, 'gateway', 'dist', 'main.js'), gatewayPort, subgraphUrls);
  const readiness = await waitReady(`http://127.0.0.1:${gatewayPort}/readyz`, 180_000);
  const summary = {
    graph: `http://localhost:${gatewayPort}/graphql`,
    playground: `http://localhost:${gatewayPort}/playground`,
    subgraphs: Object.keys(subgraphUrls).map((variable) =>
      variable.replace(/_URL$/, '').toLowerCase(),
    ),
    ready: readiness.status === 'ready',
  };
  logger.info(summary, 'graph ready; Ctrl-C stops it');
  console.log(JSON.stringify(summary));
} catch (error) {
  logger.error({ err: error }, 'the graph did not start');
  await shutdown.shutdown('start-up failed', 1);
}
