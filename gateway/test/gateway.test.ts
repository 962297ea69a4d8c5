import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenSigner, IDENTITY_HEADERS } from '@jobmarket/subgraph-kit';
import { codeOf, JWT_SECRET, logLines, startPlatform } from './harness.js';

const PASSWORD = 'Gateway-Test-Pass-1';
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }`;
const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { id } } }`;
const REFRESH = `mutation ($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }`;

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

describe('gateway over the subgraphs', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    platform = await startPlatform();
    const register = async (email: string, address: string) => {
      const result = await platform.call<{ register: Session }>(
        REGISTER,
        { input: { email, password: PASSWORD } },
        { address },
      );
      expect(result.errors).toBeUndefined();
      return result.data!.register;
    };
    alice = await register('alice@example.com', '198.51.100.1');
    bob = await register('bob@example.com', '198.51.100.2');
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('answers anonymous queries where allowed', async () => {
    const result = await platform.call<{
      offer: { title: string; savedByMe: boolean };
      passwordPolicy: { minLength: number };
    }>(
      `{ offer(id: "francetravail:A1") { title savedByMe myApplication { status } } passwordPolicy { minLength } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      offer: { title: 'Développeur Java H/F', savedByMe: false, myApplication: null },
      passwordPolicy: { minLength: 10 },
    });
  });

  it('needs a token for me, profile and saved offers', async () => {
    for (const query of [
      '{ me { id } }',
      '{ me { profile { minSalary } } }',
      '{ me { savedOffers { totalCount } } }',
    ]) {
      const result = await platform.call(query);
      expect(codeOf(result)).toBe('UNAUTHENTICATED');
      expect(result.data?.me ?? null).toBeNull();
    }
    expect(
      codeOf(await platform.call('mutation { saveOffer(offerId: "adzuna:3") { savedAt } }')),
    ).toBe('UNAUTHENTICATED');
    const me = await platform.call<{ me: { id: string } }>(
      '{ me { id profile { radiusKm } } }',
      {},
      { token: alice.accessToken },
    );
    expect(me.data?.me.id).toBe(alice.user.id);
  });

  it('refuses bad and expired tokens with 401 and a reason', async () => {
    const garbage = await platform.call('{ me { id } }', {}, { token: 'not.a.jwt' });
    expect(garbage.status).toBe(401);
    expect(garbage.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_INVALID',
    });
    const otherKey = await createAccessTokenSigner({
      secret: 'another-secret-another-secret-another',
    });
    const forgedToken = (await otherKey.sign(alice.user.id)).token;
    expect((await platform.call('{ me { id } }', {}, { token: forgedToken })).status).toBe(401);
    const signer = await createAccessTokenSigner({ secret: JWT_SECRET }, { ttlSeconds: 60 });
    const expired = (await signer.sign(alice.user.id, new Date(Date.now() - 3_600_000))).token;
    const result = await platform.call('{ me { id } }', {}, { token: expired });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_EXPIRED',
    });
    expect(result.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers one query spanning the users and offers subgraphs', async () => {
    for (const offerId of ['francetravail:A1', 'adzuna:3']) {
      const saved = await platform.call(
        'mutation ($id: ID!) { saveOffer(offerId: $id) { savedAt } }',
        { id: offerId },
        { token: alice.accessToken },
      );
      expect(saved.errors).toBeUndefined();
    }
    await platform.call(
      `mutation { createApplication(input: { offerId: "adzuna:3", status: APPLIED }) { id } }`,
      {},
      { token: alice.accessToken },
    );
    const result = await platform.call<{ me: unknown; searchOffers: unknown }>(
      `{ me { email savedOffers { totalCount nodes { offer { id title savedByMe myApplication { status } } } } }
         searchOffers(first: 3) { id title savedByMe } }`,
      {},
      { token: alice.accessToken },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({
      email: 'alice@example.com',
      savedOffers: {
        totalCount: 2,
        nodes: [
          {
            offer: {
              id: 'adzuna:3',
              title: 'Chef de projet',
              savedByMe: true,
              myApplication: { status: 'APPLIED' },
            },
          },
          {
            offer: {
              id: 'francetravail:A1',
              title: 'Développeur Java H/F',
              savedByMe: true,
              myApplication: null,
            },
          },
        ],
      },
    });
    expect(result.data?.searchOffers).toEqual([
      { id: 'francetravail:A1', title: 'Développeur Java H/F', savedByMe: true },
      { id: 'francetravail:A2', title: 'Ingénieur données', savedByMe: false },
      { id: 'adzuna:3', title: 'Chef de projet', savedByMe: true },
    ]);
    const asBob = await platform.call<{ searchOffers: { savedByMe: boolean }[] }>(
      '{ searchOffers(first: 3) { savedByMe } }',
      {},
      { token: bob.accessToken },
    );
    expect(asBob.data?.searchOffers.every((offer) => !offer.savedByMe)).toBe(true);
  });

  it("keeps each user's data to themselves", async () => {
    const mine = await platform.call<{ me: { applications: { nodes: { id: string }[] } } }>(
      '{ me { applications { nodes { id } } } }',
      {},
      { token: alice.accessToken },
    );
    const applicationId = mine.data!.me.applications.nodes[0]!.id;
    const change = await platform.call(
      'mutation ($id: ID!) { updateApplication(id: $id, input: { notes: "pwned" }) { id } }',
      { id: applicationId },
      { token: bob.accessToken },
    );
    expect(codeOf(change)).toBe('NOT_FOUND');
    const bobs = await platform.call<{
      me: { savedOffers: { totalCount: number }; applications: { totalCount: number } };
    }>(
      '{ me { savedOffers { totalCount } applications { totalCount } } }',
      {},
      { token: bob.accessToken },
    );
    expect(bobs.data?.me).toEqual({
      savedOffers: { totalCount: 0 },
      applications: { totalCount: 0 },
    });
    // Identity headers sent by a client to the gateway are replaced, never forwarded.
    const spoof = await platform.call(
      '{ me { id } }',
      {},
      { headers: { [IDENTITY_HEADERS.user]: alice.user.id } },
    );
    expect(codeOf(spoof)).toBe('UNAUTHENTICATED');
    // The internal entity entry point is not part of the public API.
    const entities = await platform.call(
      `{ _entities(representations: [{ __typename: "User", id: "${alice.user.id}" }]) { __typename } }`,
      {},
      { token: bob.accessToken },
    );
    expect(codeOf(entities)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('has subgraphs refuse a forged user header when called directly', async () => {
    const response = await fetch(platform.usersUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADERS.user]: alice.user.id,
        [IDENTITY_HEADERS.timestamp]: String(Date.now()),
        [IDENTITY_HEADERS.signature]: `v1=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as {
      data?: unknown;
      errors: { extensions: { code: string } }[];
    };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('rotates refresh tokens and refuses a reused one', async () => {
    const session = (
      await platform.call<{ login: Session }>(
        LOGIN,
        { e: 'bob@example.com', p: PASSWORD },
        { address: '198.51.100.3' },
      )
    ).data!.login;
    const next = await platform.call<{ refresh: Session }>(REFRESH, { t: session.refreshToken });
    expect(next.errors).toBeUndefined();
    const reused = await platform.call(REFRESH, { t: session.refreshToken });
    expect(reused.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'REFRESH_TOKEN_REUSED',
    });
    expect(codeOf(await platform.call(REFRESH, { t: next.data!.refresh.refreshToken }))).toBe(
      'UNAUTHENTICATED',
    );
    // The access token from the rotation still works until it expires (stateless, 15 min).
    expect(
      codeOf(await platform.call('{ me { id } }', {}, { token: next.data!.refresh.accessToken })),
    ).toBeUndefined();
  });

  it('throttles failed logins per account and per forwarded client address', async () => {
    for (let i = 0; i < 3; i += 1) {
      const wrong = await platform.call(
        LOGIN,
        { e: 'alice@example.com', p: `Wrong-${i}-Pass` },
        { address: `203.0.113.${i + 1}` },
      );
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    }
    const blocked = await platform.call(
      LOGIN,
      { e: 'alice@example.com', p: PASSWORD },
      { address: '203.0.113.99' },
    );
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.status).toBe(200);

    const address = '203.0.113.150';
    for (let i = 0; i < 5; i += 1) {
      await platform.call(LOGIN, { e: `ghost${i}@example.com`, p: 'Nope-nope-1!' }, { address });
    }
    expect(
      codeOf(await platform.call(LOGIN, { e: 'bob@example.com', p: PASSWORD }, { address })),
    ).toBe('RATE_LIMITED');
    expect(
      codeOf(
        await platform.call(
          LOGIN,
          { e: 'bob@example.com', p: PASSWORD },
          { address: '203.0.113.151' },
        ),
      ),
    ).toBeUndefined();
  });

  it('rejects queries that are too deep or too costly before running them', async () => {
    const deep = await platform.call(
      `{ me { applications { nodes { offer { myApplication { offer { myApplication { offer { myApplication { offer { id } } } } } } } } } } }`,
      {},
      { token: alice.accessToken },
    );
    expect(deep.status).toBe(400);
    expect(codeOf(deep)).toBe('QUERY_TOO_DEEP');
    const viaFragments = await platform.call(
      `fragment A on Application { offer { myApplication { ...B } } } fragment B on Application { offer { myApplication { offer { myApplication { notes } } } } }
       { me { applications { nodes { ...A } } } }`,
      {},
      { token: alice.accessToken },
    );
    expect(codeOf(viaFragments)).toBe('QUERY_TOO_DEEP');

    const aliases = Array.from(
      { length: 40 },
      (_, i) => `a${i}: searchOffers(first: 100) { id title savedByMe }`,
    ).join('\n');
    const costly = await platform.call(`{ ${aliases} }`);
    expect(costly.status).toBe(400);
    expect(codeOf(costly)).toBe('QUERY_TOO_COMPLEX');
    expect(costly.errors?.[0]?.extensions?.cost).toBeGreaterThan(3000);

    const viaVariables = await platform.call(
      'query ($n: Int) { searchOffers(first: $n) { id title savedByMe myApplication { notes } } }',
      { n: 1000 },
    );
    expect(codeOf(viaVariables)).toBe('QUERY_TOO_COMPLEX');
    const fine = await platform.call('{ searchOffers(first: 20) { id title } }');
    expect(fine.errors).toBeUndefined();
  });

  it('limits request size and parser tokens', async () => {
    const big = await platform.call(`{ passwordPolicy { minLength } } # ${'x'.repeat(200 * 1024)}`);
    expect(big.status).toBe(413);
    const manyTokens = await platform.call(`{ passwordPolicy { ${'minLength '.repeat(6000)} } }`);
    expect(manyTokens.status).toBe(400);
    expect(codeOf(manyTokens)).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('gives typed errors for bad input, never a 500 or a stack trace', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['{ me { savedOffers(first: 1000) { totalCount } } }', {}],
      ['{ me { savedOffers(after: "%%%garbage") { totalCount } } }', {}],
      ['{ me { applications(status: WHATEVER) { totalCount } } }', {}],
      ['mutation { saveOffer(offerId: "x; drop table users") { savedAt } }', {}],
      [
        'mutation ($input: ProfileInput!) { updateProfile(input: $input) { radiusKm } }',
        { input: { radiusKm: 'far' } },
      ],
      [
        'mutation ($input: ProfileInput!) { updateProfile(input: $input) { radiusKm } }',
        { input: { desiredJobTitles: ['x'.repeat(10_000)] } },
      ],
      ['{ offer(id: "does-not-exist") { title } }', {}],
      ['{ nope }', {}],
      ['{ me { ', {}],
      ['query A { me { id } } query B { me { id } }', {}],
    ];
    for (const [query, variables] of cases) {
      const result = await platform.call(query, variables, { token: alice.accessToken });
      expect(result.status, query).toBeLessThan(500);
      expect(result.errors?.length, query).toBeGreaterThan(0);
      expect(typeof codeOf(result), query).toBe('string');
      expect(codeOf(result), query).not.toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result), query).not.toMatch(/stacktrace|at .*\.js:\d+/);
    }
    const rawBodies = [
      '[{"query":"{ passwordPolicy { minLength } }"},{"query":"{ passwordPolicy { minLength } }"}]',
      '{"query":42}',
      '{"query":"{ passwordPolicy { minLength } }","variables":[1,2]}',
      '{"query":"{ passwordPolicy { minLength } }","operationName":{"a":1}}',
      `{"query":"mutation ($i: ProfileInput!) { updateProfile(input: $i) { radiusKm } }","variables":{"i":{"desiredRomeCodes":${'['.repeat(20_000)}${']'.repeat(20_000)}}}}`,
      JSON.stringify({
        query: `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      }),
      JSON.stringify({
        query: `{ passwordPolicy ${'@include(if: true) '.repeat(2000)} { minLength } }`,
      }),
      JSON.stringify({
        query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }',
      }),
      JSON.stringify({
        query: '{ me { savedOffers(first: 99999999999999999999) { totalCount } } }',
      }),
    ];
    for (const body of rawBodies) {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${alice.accessToken}`,
        },
        body,
      });
      const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(response.status, body.slice(0, 80)).toBe(400);
      expect(typeof answer.errors?.[0]?.extensions?.code, body.slice(0, 80)).toBe('string');
    }
    const notJson = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(notJson.status).toBe(400);
    const getMutation = await fetch(
      `${platform.url}?query=${encodeURIComponent('mutation { logout(refreshToken: "x") }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(getMutation.status).toBe(405);
    const csrf = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ me { id } }"}',
    });
    expect(csrf.status).toBe(400);
  });

  it('sends security headers and CORS only for the web app origin', async () => {
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ query: '{ passwordPolicy { minLength } }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    const evil = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{"query":"{ passwordPolicy { minLength } }"}',
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(platform.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(
      (
        await fetch(platform.url, {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
  });

  it('serves an offline playground with the example operations', async () => {
    const page = await fetch(`${platform.root}/playground`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const src of [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map(
      (match) => match[1] as string,
    )) {
      const asset = await fetch(`${platform.root}${src}`);
      expect(asset.status, src).toBe(200);
      expect((await asset.text()).length, src).toBeGreaterThan(
        src.endsWith('boot.js') ? 100 : 1000,
      );
    }
    const examples = (await (await fetch(`${platform.root}/playground/examples.json`)).json()) as {
      name: string;
    }[];
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining(['10-register', '20-login', '30-me']),
    );
    const browser = await fetch(platform.url, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/playground');
  });

  it('exposes health, readiness and metrics', async () => {
    expect((await fetch(`${platform.root}/healthz`)).status).toBe(200);
    const ready = await fetch(`${platform.root}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${platform.root}/metrics`)).text();
    expect(metrics).toMatch(/graphql_operations_total\{[^}]*service="gateway"/);
  });

  it('keeps answering for the other subgraphs when one stops, and recovers when it is back', async () => {
    await platform.stopOffers();
    const partial = await platform.call<{ me: { email: string } | null; offer: unknown }>(
      '{ me { email } offer(id: "francetravail:A1") { title } }',
      {},
      { token: alice.accessToken },
    );
    expect(partial.status).toBe(200);
    expect(partial.data?.me).toEqual({ email: 'alice@example.com' });
    expect(partial.data?.offer ?? null).toBeNull();
    expect(partial.errors?.[0]?.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      serviceName: 'offers',
    });
    const health = await platform.call<{
      platformHealth: {
        gateway: { status: string };
        subgraphs: { name: string; status: string; url: string | null }[];
      };
    }>(
      '{ platformHealth { gateway { status } subgraphs { name status url } consumers { group lag } } }',
    );
    expect(health.errors).toBeUndefined();
    expect(health.data?.platformHealth.gateway.status).toBe('up');
    expect(health.data?.platformHealth.subgraphs).toEqual(
      expect.arrayContaining([
        { name: 'offers', status: 'down', url: null },
        { name: 'users', status: 'up', url: null },
      ]),
    );
    const notReady = (await (await fetch(`${platform.root}/readyz`)).json()) as {
      status: string;
      checks: Record<string, { ok: boolean }>;
    };
    expect(notReady.status).toBe('not ready');
    expect(notReady.checks['subgraph offers']?.ok).toBe(false);
    expect(notReady.checks['subgraph users']?.ok).toBe(true);

    await platform.restartOffers();
    const full = await platform.call(
      '{ me { email } offer(id: "francetravail:A1") { title } }',
      {},
      { token: alice.accessToken },
    );
    expect(full.errors).toBeUndefined();
    expect(logLines.join('')).not.toContain(PASSWORD);
  });
});

describe('gateway in production mode', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  beforeAll(async () => {
    platform = await startPlatform({ introspection: false, playground: false, development: false });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('turns introspection and the playground off', async () => {
    const introspection = await platform.call('{ __schema { types { name } } }');
    expect(introspection.status).toBe(400);
    expect(codeOf(introspection)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await fetch(`${platform.root}/playground`)).status).toBe(404);
    expect(codeOf(await platform.call('{ passwordPolicy { minLength } }'))).toBeUndefined();
  });
});
