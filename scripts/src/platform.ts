/**
 * The whole platform on one machine, the way `npm run demo` runs it, for the demo itself and for
 * the suites that exercise the real running platform (browser journeys, drills, load).
 *
 * Steps: the local engines (only those not already running are started, and only those are
 * stopped), the Kafka topics, the data pipeline on the recorded real payloads (ingest replay →
 * transform → retrain → transform with the new ROME classifier), the web app build, and the graph
 * (every subgraph and the gateway serving the web app) through `gateway/dist/serve-graph.js`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventBus } from '@jobmarket/events';
import type { Logger } from '@jobmarket/telemetry';
import { repositoryRoot, runCommand } from './processes.js';

export interface PlatformOptions {
  logger: Logger;
  /** Environment for every process; JOBMARKET_DATA_DIR, KAFKA_TOPIC_PREFIX and ports isolate a run. */
  env?: NodeJS.ProcessEnv;
  /** Echo the engines' and jobs' progress on this process's stdout/stderr. */
  echo?: boolean;
}

export interface JobSummary {
  [field: string]: unknown;
}

export interface RunningPlatform {
  gatewayUrl: string;
  mlflowUri: string;
  ingest: JobSummary;
  transform: JobSummary;
  retrain: JobSummary;
  stop(): Promise<void>;
}

const lastJsonLine = (output: string): JobSummary =>
  JSON.parse(output.trim().split('\n').pop() ?? '{}') as JobSummary;

export async function startPlatform({
  logger,
  env = process.env,
  echo = false,
}: PlatformOptions): Promise<RunningPlatform> {
  const scratch = mkdtempSync(join(tmpdir(), 'jobmarket-platform-'));
  const startedFile = join(scratch, 'started-engines');
  let graph: ChildProcess | undefined;

  const stop = async () => {
    if (graph && graph.exitCode === null && graph.signalCode === null) {
      const exited = new Promise((resolve) => graph?.once('exit', resolve));
      graph.kill('SIGTERM');
      await exited;
    }
    await runCommand('bash', ['scripts/infra/infra.sh', 'down', '--started-file', startedFile], {
      echo,
      env,
    });
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    await runCommand('bash', ['scripts/infra/infra.sh', 'up', '--started-file', startedFile], {
      echo,
      env,
    });
    const mlflowUri =
      env.MLFLOW_TRACKING_URI ??
      (await runCommand('bash', ['scripts/infra/mlflow.sh', 'url'])).trim();
    const jobEnv = { ...env, MLFLOW_TRACKING_URI: mlflowUri };

    const bus = createEventBus({
      brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      clientId: 'platform',
      topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
      logger,
    });
    await bus.provisionTopics();
    await bus.disconnect();

    const job = async (name: string, args: string[]) => {
      const summary = lastJsonLine(await runCommand('node', args, { env: jobEnv }));
      logger.info({ summary }, `${name} done`);
      return summary;
    };
    const ingest = await job('ingest (replay)', ['jobs/ingest/dist/cli.js', '--source', 'replay']);
    const transform = await job('transform', ['jobs/transform/dist/cli.js']);
    const retrain = await job('retrain', ['jobs/retrain/dist/cli.js']);
    if (retrain.promoted === true) {
      // A new champion is also a new ROME classifier: offers without a code get its predictions.
      await job('transform with the new ROME classifier', [
        'jobs/transform/dist/cli.js',
        '--rebuild',
      ]);
    }

    await runCommand('npm', ['run', 'build:web', '--silent'], { env });
    const started = await startGraph(jobEnv, echo);
    graph = started.child;
    return { gatewayUrl: started.gatewayUrl, mlflowUri, ingest, transform, retrain, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts `serve-graph.js` and resolves with the gateway URL once it prints its ready line. */
function startGraph(
  env: NodeJS.ProcessEnv,
  echo: boolean,
): Promise<{ child: ChildProcess; gatewayUrl: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['gateway/dist/serve-graph.js'], {
      cwd: repositoryRoot,
      env,
      stdio: ['ignore', 'pipe', echo ? 'inherit' : 'ignore'],
      // Its own process group, so Ctrl-C reaches only the caller, which stops it through stop().
      detached: true,
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (echo) process.stdout.write(chunk);
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        if (!line.startsWith('{"graph"')) continue;
        const ready = JSON.parse(line) as { graph: string; ready: boolean };
        resolve({ child, gatewayUrl: ready.graph.replace(/\/graphql$/, '') });
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code) =>
      reject(new Error(`the graph exited with ${code} before it was ready`)),
    );
  });
}
