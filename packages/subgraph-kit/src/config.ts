import { env } from '@jobmarket/config';
import { MIN_SECRET_LENGTH } from './identity.js';
import { storeEnv } from './store.js';

/** A secret variable: required, at least 32 characters, never logged. */
export function secretVariable(name: string, description: string) {
  return env.string(name, {
    pattern: new RegExp(`^\\S{${MIN_SECRET_LENGTH},}$`),
    description: `${description}; at least ${MIN_SECRET_LENGTH} characters without spaces, e.g. \`openssl rand -hex 32\``,
  });
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
