import { fileURLToPath } from 'node:url';
import {
  createScratchDatabase,
  migrate,
  openStore,
  type BenchSubgraph,
  type BenchSubgraphOptions,
  type ScratchDatabase,
} from '@jobmarket/subgraph-kit';
import { createUsersService } from '../app.js';
import { MIN_HASHING_COST } from '../passwords.js';
import { buildSubgraphSchema } from '../schema.js';

/** The users subgraph in `npm run bench:graph`: one user with a profile and 50 saved offers. */
export async function prepareBench(options: BenchSubgraphOptions): Promise<BenchSubgraph> {
  let scratch: ScratchDatabase | undefined;
  if (options.engine === 'postgres') {
    if (!options.serverUrl) throw new Error('the postgres bench needs a server URL');
    scratch = await createScratchDatabase(options.serverUrl, 'bench_users');
  }
  const store = await openStore({
    subgraph: 'users',
    databaseUrl: scratch?.url,
    dataDir: 'memory://',
    extensions: [],
  });
  await migrate(store, fileURLToPath(new URL('../../migrations', import.meta.url)));
  const service = await createUsersService({
    store,
    logger: options.logger,
    internalAuthSecret: options.internalAuthSecret,
    jwt: { secret: options.jwtSecret },
    hashingCost: MIN_HASHING_COST,
  });
  const { url } = await service.listen(0, '127.0.0.1');
  const users = service.users;
  const session = await users.register(
    'load-test@example.com',
    'Bench-password-1!',
    { desiredRomeCodes: ['M1805'], radiusKm: 30 },
    '127.0.0.1',
  );
  const userId = session.user.id;
  for (let i = 0; i < 50; i += 1) await users.saveOffer(userId, `francetravail:BENCH${i}`);
  return {
    name: 'users',
    url,
    schema: await buildSubgraphSchema(),
    scenarios: [
      {
        name: 'me: profile + 20 saved offers',
        query:
          '{ me { email profile { desiredRomeCodes radiusKm } savedOffers(first: 20) { totalCount nodes { offerId savedAt } } } }',
        userId,
        store: async () => {
          await users.user(userId);
          await users.profile(userId);
          await users.savedOffers(userId, 20, null);
        },
      },
    ],
    async close() {
      await service.close(0);
      await store.close();
      await scratch?.drop();
    },
  };
}
