import { connect } from 'node:net';

export type Engine = 'kafka' | 'postgres' | 'mlflow';

const defaults: Record<Engine, { variable: string; address: string }> = {
  kafka: { variable: 'KAFKA_BROKERS', address: '127.0.0.1:9092' },
  postgres: { variable: 'TEST_DATABASE_URL', address: '127.0.0.1:5433' },
  mlflow: { variable: 'MLFLOW_TRACKING_URI', address: '127.0.0.1:5000' },
};

function hostPort(engine: Engine): { host: string; port: number } {
  const raw = process.env[defaults[engine].variable]?.split(',')[0] ?? defaults[engine].address;
  const text = raw.includes('://') ? new URL(raw).host : raw;
  const [host = '127.0.0.1', port = '0'] = text.split(':');
  return { host, port: Number(port) };
}

function reachable({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Fails fast, with the command that fixes it, when a test needs an engine that is not running.
 * `npm test` starts every engine once before the suites run; a developer running one file with
 * vitest starts them with `npm run infra -- up`.
 */
export async function requireInfrastructure(...engines: Engine[]): Promise<void> {
  const missing: string[] = [];
  for (const engine of engines) {
    const address = hostPort(engine);
    if (!(await reachable(address))) missing.push(`${engine} at ${address.host}:${address.port}`);
  }
  if (missing.length > 0) {
    throw new Error(`not reachable: ${missing.join(', ')}. Start it with \`npm run infra -- up\`.`);
  }
}
