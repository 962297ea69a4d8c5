import { env } from '@jobmarket/config';
import { MIN_SECRET_LENGTH } from './identity.js';
import { storeEnv } from './store.js';

/**
 * A secret variable: required, checked for length by `assertSecretLengths` after loading (a pattern
 * here would make a configuration error print the secret's value).
 */
export function secretVariable(name: string, description: string) {
  return env.string(name, {
    description: `${description}; at least ${MIN_SECRET_LENGTH} characters, e.g. \`openssl rand -hex 32\``,
  });
}

/**
 * Stops the process (exit 78, like a bad configuration) when a secret is shorter than 32
 * characters, naming the variable and never its value.
 */
export function assertSecretLengths(secrets: Record<string, string | undefined>): void {
  const short = Object.entries(secrets).filter(
    ([, value]) => value !== undefined && value !== '' && value.length < MIN_SECRET_LENGTH,
  );
  if (short.length === 0) return;
  process.stderr.write(
    `Invalid configuration:\n${short
      .map(
        ([name]) => `  - ${name} is too short: expected at least ${MIN_SECRET_LENGTH} characters`,
      )
      .join('\n')}\n`,
  );
  process.exit(78);
}

export const nodeEnvVariable = env.oneOf('NODE_ENV', ['development', 'test', 'production'], {
  default: 'production',
  description: 'stack traces in errors only in development; introspection off in production',
});

export const introspectionVariable = env.oneOf('GRAPHQL_INTROSPECTION', ['auto', 'true', 'false'], {
  default: 'auto',
  description: 'auto: on unless NODE_ENV=production',
});

export function introspectionEnabled(setting: 'auto' | 'true' | 'false', nodeEnv: string): boolean {
  return setting === 'auto' ? nodeEnv !== 'production' : setting === 'true';
}

/** The variables every subgraph reads; spread into the subgraph's own spec. */
export function subgraphEnv(defaultPort: number) {
  return {
    ...storeEnv,
    port: env.port('PORT', { default: defaultPort }),
    host: env.string('HOST', { default: '0.0.0.0' }),
    nodeEnv: nodeEnvVariable,
    introspection: introspectionVariable,
    internalAuthSecret: secretVariable(
      'INTERNAL_AUTH_SECRET',
      'HMAC key shared by the gateway and the subgraphs',
    ),
    internalAuthRequired: env.boolean('INTERNAL_AUTH_REQUIRED', {
      default: false,
      description: 'refuse every request not signed by the gateway',
    }),
    maxBodyBytes: env.integer('MAX_BODY_BYTES', {
      default: 100 * 1024,
      min: 1024,
      max: 10 * 1024 * 1024,
    }),
  };
}
