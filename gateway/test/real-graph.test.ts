import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { exampleCuratedOffer, type CuratedOffer } from '@jobmarket/events';
import {
  createAccessTokenVerifier,
  migrate,
  openStore,
  printSubgraphSdl,
  type Store,
  type SubgraphService,
} from '@jobmarket/subgraph-kit';
import { createUsersService } from '../../subgraphs/users/src/app.js';
import { MIN_HASHING_COST } from '../../subgraphs/users/src/passwords.js';
import { buildSubgraphSchema as buildUsersSchema } from '../../subgraphs/users/src/schema.js';
import { composeSupergraph, platformSubgraphSdl } from '../src/compose.js';
import { createGatewayService, type GatewayService } from '../src/gateway.js';
import { codeOf, INTERNAL_SECRET, JWT_SECRET, testLogger } from './harness.js';

/*
 * The real subgraphs together behind the gateway: users, offers and skills, each on its own
 * in-memory store loaded with a few curated offers. (The stand-in offers subgraph of
 * gateway.test.ts covers the gateway's own behaviour whatever subgraphs exist.)
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const present = ['offers', 'skills'].every((name) =>
  existsSync(`${root}subgraphs/${name}/src/app.ts`),
);

interface CatalogModule {
  app: {
    [factory: string]: (options: {
      store: Store;
      logger: ReturnType<typeof testLogger>;
      internalAuthSecret: string;
    }) => Promise<SubgraphService>;
  };
  schema: { buildSubgraphSchema: () => Promise<GraphQLSchema> };
  store: { loadOffers: (store: Store, offers: readonly CuratedOffer[]) => Promise<number> };
}

async function loadModule(name: string): Promise<CatalogModule> {
  const base = `${root}subgraphs/${name}/src`;
  return {
    app: (await import(/* @vite-ignore */ `${base}/app.ts`)) as CatalogModule['app'],
    schema: (await import(/* @vite-ignore */ `${base}/schema.ts`)) as CatalogModule['schema'],
    store: (await import(/* @vite-ignore */ `${base}/store.ts`)) as CatalogModule['store'],
  };
}

const offer = (id: string, title: string, skill: string): CuratedOffer => ({
  ...exampleCuratedOffer,
  id: `francetravail:${id}`,
  title,
  sources: [{ ...exampleCuratedOffer.sources[0]!, sourceId: id }],
  hardSkills: [{ id: `tech-${skill.toLowerCase()}`, label: skill, required: true }],
});

const offers = [
  offer('REAL1', 'Développeur Java H/F', 'Java'),
  offer('REAL2', 'Ingénieur données', 'SQL'),
  offer('REAL3', 'Chef de projet informatique', 'Gestion de projet'),
];

describe.runIf(present)('the real graph: users, offers and skills behind the gateway', () => {
  const started: { service: SubgraphService; store: Store }[] = [];
  let gateway: GatewayService;
  let url: string;
  let token: string;

  const call = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    auth?: string,
  ) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      ...((await response.json()) as {
        data?: T;
        errors?: { extensions?: Record<string, unknown> }[];
      }),
    };
  };

  beforeAll(async () => {
    const sdls = [];
    const urls: Record<string, string> = {};
    for (const name of ['offers', 'skills']) {
      const module = await loadModule(name);
      const store = await openStore({ subgraph: name, dataDir: 'memory://' });
      await migrate(store, `${root}subgraphs/${name}/migrations`);
      await module.store.loadOffers(store, offers);
      const factory = module.app[`create${name[0]!.toUpperCase()}${name.slice(1)}Service`];
      if (!factory) throw new Error(`subgraphs/${name}/src/app.ts has no create…Service`);
      const service = await factory({
        store,
        logger: testLogger(`subgraph-${name}`),
        internalAuthSecret: INTERNAL_SECRET,
      });
      urls[name] = (await service.listen(0, '127.0.0.1')).url;
      started.push({ service, store });
      sdls.push({
        name,
        url: urls[name],
        sdl: printSubgraphSdl(await module.schema.buildSubgraphSchema()),
      });
    }
    const usersStore = await openStore({ subgraph: 'users', dataDir: 'memory://', extensions: [] });
    await migrate(usersStore, `${root}subgraphs/users/migrations`);
    const users = await createUsersService({
      store: usersStore,
      logger: testLogger('subgraph-users'),
      internalAuthSecret: INTERNAL_SECRET,
      jwt: { secret: JWT_SECRET },
      hashingCost: MIN_HASHING_COST,
    });
    urls.users = (await users.listen(0, '127.0.0.1')).url;
    started.push({ service: users, store: usersStore });
    sdls.push({ name: 'users', url: urls.users, sdl: printSubgraphSdl(await buildUsersSchema()) });
    sdls.push(await platformSubgraphSdl());

    gateway = await createGatewayService({
      logger: testLogger('gateway'),
      supergraphSdl: composeSupergraph(sdls),
      subgraphUrls: urls,
      internalAuthSecret: INTERNAL_SECRET,
      verifier: await createAccessTokenVerifier({ secret: JWT_SECRET }),
      introspection: true,
      playground: false,
    });
    url = (await gateway.listen(0, '127.0.0.1')).url;
    const session = await users.users.register(
      'graph.tester@example.com',
      'Real-graph-pass-1',
      null,
      '127.0.0.1',
    );
    token = session.accessToken;
  });

  afterAll(async () => {
    await gateway?.close(0);
    for (const { service, store } of started) {
      await service.close(0);
      await store.close();
    }
  });

  it('answers one query across users, offers and skills', async () => {
    const saved = await call(
      'mutation { saveOffer(offerId: "francetravail:REAL1") { savedAt } }',
      {},
      token,
    );
    expect(saved.errors).toBeUndefined();
    const result = await call<{
      me: {
        savedOffers: {
          nodes: {
            offer: {
              id: string;
              title: string;
              savedByMe: boolean;
              skills: { skill: { name: string } }[];
            };
          }[];
        };
      };
      offer: { title: string; company: string };
    }>(
      `{ me { savedOffers { nodes { offer { id title savedByMe skills { skill { name } required } } } } }
         offer(id: "francetravail:REAL2") { title company savedByMe } }`,
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    const node = result.data?.me.savedOffers.nodes[0]?.offer;
    expect(node).toMatchObject({
      id: 'francetravail:REAL1',
      title: 'Développeur Java H/F',
      savedByMe: true,
    });
    expect(node?.skills.map((s) => s.skill.name)).toContain('Java');
    expect(result.data?.offer).toMatchObject({ title: 'Ingénieur données', savedByMe: false });
  });

  it('lets anyone search, and keeps personal fields to signed-in users', async () => {
    const anonymous = await call<{
      searchOffers: { totalCount: number; nodes: { title: string; savedByMe: boolean }[] };
    }>(
      '{ searchOffers(query: "developpeur", first: 5) { totalCount nodes { title savedByMe skills { skill { name } } } } }',
    );
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data?.searchOffers.nodes.map((n) => n.title)).toContain(
      'Développeur Java H/F',
    );
    expect(anonymous.data?.searchOffers.nodes.every((n) => n.savedByMe === false)).toBe(true);
    expect(codeOf(await call('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('still answers the users part when offers is down', async () => {
    const offersService = started[0]!.service;
    await offersService.close(0);
    const partial = await call<{ me: { email: string } | null }>(
      '{ me { email } offer(id: "francetravail:REAL1") { title } }',
      {},
      token,
    );
    expect(partial.data?.me).toEqual({ email: 'graph.tester@example.com' });
    expect(partial.errors?.[0]?.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      serviceName: 'offers',
    });
  });
});
