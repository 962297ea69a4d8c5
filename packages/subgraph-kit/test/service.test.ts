import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { createLogger } from '@jobmarket/telemetry';
import {
  badUserInput,
  buildFederatedSchema,
  createReadModelFeed,
  createSubgraphService,
  IDENTITY_HEADERS,
  openStore,
  pageSize,
  printSubgraphSdl,
  requireUser,
  signIdentity,
  type CuratedEvent,
  type CuratedEventSource,
  type Store,
  type SubgraphContext,
  type SubgraphService,
} from '../src/index.js';

const secret = 's'.repeat(48);
const logs: string[] = [];
const logger = createLogger({
  service: 'kit-test',
  level: 'info',
  destination: new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  }),
});

@Directive('@key(fields: "id")')
@ObjectType('Widget')
class Widget {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

const slowStarted = (() => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve: () => resolve() };
})();

@Resolver(() => Widget)
class WidgetResolver {
  @Query(() => [Widget])
  widgets(@Arg('first', () => Int, { nullable: true }) first: number | null): Widget[] {
    const size = pageSize(first, { max: 5 });
    return Array.from({ length: size }, (_, i) => ({ id: String(i), name: `w${i}` }));
  }

  @Query(() => String, { nullable: true })
  whoAmI(@Ctx() context: SubgraphContext): string {
    return `${requireUser(context)}@${context.clientAddress}`;
  }

  @Query(() => String)
  async slow(@Arg('ms', () => Int) ms: number): Promise<string> {
    slowStarted.resolve();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'done';
  }

  @Query(() => String)
  failing(@Arg('how', () => String) how: string): string {
    if (how === 'typed') throw badUserInput('bad how', { argument: 'how' });
    throw new Error('secret internal detail /etc/passwd');
  }
}

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
}

describe('subgraph service', () => {
  let service: SubgraphService;
  let url: string;
  let root: string;

  beforeAll(async () => {
    const schema = await buildFederatedSchema({
      resolvers: [WidgetResolver],
      referenceResolvers: {
        Widget: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `ref ${ref.id}` }),
        },
      },
    });
    service = createSubgraphService({
      name: 'widgets',
      schema,
      logger,
      internalAuthSecret: secret,
      maxBodyBytes: 2048,
    });
    ({ url } = await service.listen(0, '127.0.0.1'));
    root = url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await service.close();
  });

  it('prints a Federation 2 SDL with the key', async () => {
    const sdl = printSubgraphSdl(await buildFederatedSchema({ resolvers: [WidgetResolver] }));
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toMatch(/type Widget\s+@key\(fields: "id"\)/);
    const served = await post(url, '{ _service { sdl } }');
    expect(served.body.data?._service).toMatchObject({
      sdl: expect.stringContaining('type Widget'),
    });
  });

  it('answers queries and resolves entity references', async () => {
    expect((await post(url, '{ widgets(first: 2) { id name } }')).body.data).toEqual({
      widgets: [
        { id: '0', name: 'w0' },
        { id: '1', name: 'w1' },
      ],
    });
    const entities = await post(
      url,
      '{ _entities(representations: [{__typename: "Widget", id: "9"}]) { ... on Widget { name } } }',
    );
    expect(entities.body.data).toEqual({ _entities: [{ name: 'ref 9' }] });
  });

  it('takes the user from a gateway-signed header and refuses a forged one', async () => {
    const signed = signIdentity({ userId: 'user-1', clientAddress: '198.51.100.7' }, secret);
    expect((await post(url, '{ whoAmI }', signed)).body.data).toEqual({
      whoAmI: 'user-1@198.51.100.7',
    });

    const forged = await post(url, '{ whoAmI }', { [IDENTITY_HEADERS.user]: 'user-1' });
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const badSignature = await post(url, '{ whoAmI }', {
      ...signed,
      [IDENTITY_HEADERS.user]: 'user-2',
    });
    expect(badSignature.status).toBe(401);

    const anonymous = await post(url, '{ whoAmI }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps typed errors, masks internal ones, never shows a stack trace', async () => {
    const typed = await post(url, '{ failing(how: "typed") }');
    expect(typed.body.errors?.[0]).toMatchObject({
      message: 'bad how',
      extensions: { code: 'BAD_USER_INPUT', argument: 'how' },
    });
    const internal = await post(url, '{ failing(how: "boom") }');
    expect(internal.body.errors?.[0]).toMatchObject({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(internal.body)).not.toContain('passwd');
    expect(JSON.stringify(internal.body)).not.toContain('stacktrace');
    expect(logs.join('')).toContain('secret internal detail');
    expect(logs.join('')).toMatch(
      /"errors":\["BAD_USER_INPUT"\],"msg":"graphql operation with errors"/,
    );
    const bounds = await post(url, '{ widgets(first: 500) { id } }');
    expect(bounds.status).toBe(200);
    expect(bounds.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const invalid = await post(url, '{ widgets(first: "x") { id } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses oversized and malformed bodies with typed errors', async () => {
    const big = await post(url, `{ widgets { id } } # ${'x'.repeat(4096)}`);
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    expect((await fetch(`${root}/healthz`)).status).toBe(200);
    const ready = await fetch(`${root}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${root}/metrics`)).text();
    expect(metrics).toContain('graphql_operations_total');
    expect(metrics).toContain('http_requests_total');
    expect(
      (await fetch(`${root}/graphql`, { method: 'POST' })).headers.get('x-content-type-options'),
    ).toBe('nosniff');
  });
});

describe('read model feed', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ subgraph: 'feed-test', dataDir: 'memory://', extensions: [] });
    await store.exec('create table offer (id text primary key, title text not null)');
  });
  afterAll(async () => {
    await store.close();
  });

  it('upserts idempotently, deletes on tombstones, and reports lag in readiness', async () => {
    let handler: ((event: CuratedEvent<{ title: string }>) => Promise<void>) | undefined;
    let pending = 0;
    let running = false;
    const bus: CuratedEventSource<{ title: string }> = {
      consumer(options) {
        handler = options.handler;
        return {
          run: async () => {
            running = true;
          },
          stop: async () => {
            running = false;
          },
          lag: async () => ({ total: pending, caughtUp: pending === 0 }),
          isRunning: () => running,
        };
      },
    };
    const feed = createReadModelFeed({
      bus,
      groupId: 'subgraph-test',
      store,
      logger,
      maxLag: 10,
      lagPollMs: 0,
      upsert: async (tx, id, offer) => {
        await tx.query(
          'insert into offer (id, title) values ($1, $2) on conflict (id) do update set title = excluded.title',
          [id, offer.title],
        );
      },
      remove: async (tx, id) => {
        await tx.query('delete from offer where id = $1', [id]);
      },
    });
    await expect(feed.readiness.check()).rejects.toThrow(/not running/);
    await feed.start();
    const event = (
      key: string,
      value: { title: string } | null,
      offset: number,
    ): CuratedEvent<{ title: string }> => ({
      key,
      value,
      partition: 0,
      offset: String(offset),
    });
    await handler?.(event('a', { title: 'A' }, 0));
    await handler?.(event('a', { title: 'A2' }, 1));
    await handler?.(event('a', { title: 'A2' }, 1));
    await handler?.(event('b', { title: 'B' }, 2));
    await handler?.(event('b', null, 3));
    await handler?.(event('never-seen', null, 4));
    expect((await store.query('select id, title from offer order by id')).rows).toEqual([
      { id: 'a', title: 'A2' },
    ]);
    expect(feed.stats()).toMatchObject({ upserts: 4, deletes: 2 });
    expect(await feed.readiness.check()).toEqual({
      group: 'subgraph-test',
      topic: 'jobmarket.offers.curated.v1',
      lag: 0,
    });
    pending = 11;
    await expect(feed.readiness.check()).rejects.toThrow(/11 messages behind/);
    await feed.stop();
  });
});

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, then refuses new connections', async () => {
    const schema = await buildFederatedSchema({ resolvers: [WidgetResolver] });
    const service = createSubgraphService({
      name: 'slow',
      schema,
      logger,
      internalAuthSecret: secret,
    });
    const { url } = await service.listen(0, '127.0.0.1');
    const inFlight = post(url, '{ slow(ms: 300) }');
    await slowStarted.promise;
    const closing = service.close(5_000);
    expect((await inFlight).body.data).toEqual({ slow: 'done' });
    await closing;
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });
});
