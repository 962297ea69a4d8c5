import { fileURLToPath } from 'node:url';
import { runSubgraph } from '@jobmarket/subgraph-kit';
import { createUsersApp, USERS_PORT, usersEnv } from './app.js';

await runSubgraph({
  name: 'users',
  defaultPort: USERS_PORT,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  configSpec: usersEnv,
  extensions: [],
  async setup({ config, store, logger }) {
    if (!config.jwtSecret && !config.jwtPrivateKey) {
      throw new Error('set AUTH_JWT_SECRET (or AUTH_JWT_PRIVATE_KEY) to sign access tokens');
    }
    const app = await createUsersApp({
      store,
      logger,
      jwt: { secret: config.jwtSecret, privateKeyPem: config.jwtPrivateKey },
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
      hashingCost: {
        memoryKib: config.argon2MemoryKib,
        timeCost: config.argon2TimeCost,
        parallelism: 1,
      },
      throttle: {
        accountLimit: config.loginMaxFailuresPerAccount,
        addressLimit: config.loginMaxFailuresPerAddress,
        windowSeconds: config.loginFailureWindowSeconds,
        blockSeconds: config.loginBlockSeconds,
        registrationsPerAddressPerHour: config.registrationsPerAddressPerHour,
      },
    });
    return { schema: app.schema, extendContext: app.extendContext };
  },
});
