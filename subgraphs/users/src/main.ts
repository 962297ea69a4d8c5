import { fileURLToPath } from 'node:url';
import { commonEnv, env } from '@jobmarket/config';
import { createEventBus, TOPICS } from '@jobmarket/events';
import { runSubgraph } from '@jobmarket/subgraph-kit';
import { createUsersApp, USERS_PORT, usersEnv } from './app.js';
import { InteractionPublisher } from './feedback.js';

await runSubgraph({
  name: 'users',
  defaultPort: USERS_PORT,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  configSpec: {
    ...usersEnv,
    kafkaBrokers: commonEnv.kafkaBrokers,
    kafkaTopicPrefix: commonEnv.kafkaTopicPrefix,
    interactionsEnabled: env.boolean('USERS_INTERACTIONS_ENABLED', {
      default: true,
      description:
        'publish recommendation feedback on jobmarket.interactions.v1 (false: it stays in the outbox table)',
    }),
  },
  extensions: [],
  async setup({ config, store, logger }) {
    if (!config.jwtSecret && !config.jwtPrivateKey) {
      throw new Error('set AUTH_JWT_SECRET (or AUTH_JWT_PRIVATE_KEY) to sign access tokens');
    }
    // Recommendation feedback → jobmarket.interactions.v1, through the outbox (see feedback.ts).
    const bus = config.interactionsEnabled
      ? createEventBus({
          brokers: config.kafkaBrokers,
          clientId: 'subgraph-users',
          topicPrefix: config.kafkaTopicPrefix,
          logger,
        })
      : null;
    const producer = bus?.producer();
    const interactions =
      bus && producer
        ? new InteractionPublisher({
            store,
            logger,
            sink: {
              send: async (messages) => {
                await producer.send(TOPICS.interactions, messages);
              },
            },
          })
        : null;
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
      interactions,
    });
    if (bus && interactions) {
      bus.provisionTopics().then(
        () => interactions.start(),
        (error: unknown) => {
          logger.warn(
            { err: error },
            'Kafka unreachable: feedback waits in the outbox until it is back',
          );
          interactions.start();
        },
      );
    }
    return {
      schema: app.schema,
      extendContext: app.extendContext,
      stop: async () => {
        await interactions?.stop();
        await bus?.disconnect();
      },
    };
  },
});
