import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from './env.js';

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Where embedded stores (DuckDB file, PGlite dirs, local model registry) live unless configured. */
export function projectDataDir(source: NodeJS.ProcessEnv = process.env): string {
  return source.JOBMARKET_DATA_DIR?.trim()
    ? resolve(source.JOBMARKET_DATA_DIR)
    : resolve(repositoryRoot, '.data');
}

/** Cache for downloaded tooling (Kafka jars, Python virtualenv); never inside the repository. */
export function projectCacheDir(source: NodeJS.ProcessEnv = process.env): string {
  return source.JOBMARKET_CACHE_DIR?.trim()
    ? resolve(source.JOBMARKET_CACHE_DIR)
    : resolve(homedir(), '.cache', 'jobmarket');
}

/** Variables several services share; a service spreads the ones it uses into its own spec. */
export const commonEnv = {
  logLevel: env.oneOf('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
    default: 'info',
  }),
  kafkaBrokers: env.hostPorts('KAFKA_BROKERS', { default: ['127.0.0.1:9092'] }),
  kafkaTopicPrefix: env.string('KAFKA_TOPIC_PREFIX', {
    default: '',
    pattern: /^[a-zA-Z0-9._-]*$/,
    description: 'prepended to every topic name, to share one cluster between environments',
  }),
};
