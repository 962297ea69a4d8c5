import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccessTokenVerifier,
  encodeCursor,
  IDENTITY_HEADERS,
  type Store,
} from '@jobmarket/subgraph-kit';
import { codeOf, JWT_SECRET, startUsers, usersStore, type GraphqlResult } from './harness.js';

const AUTH = `accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email }`;
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH} } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH} } }`;
const REFRESH = `mutation ($t: String!) { refresh(refreshToken: $t) { ${AUTH} } }`;
const PASSWORD = 'Correct-Horse-42';

interface Auth {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string };
}

describe.each(['pglite', 'postgres'] as const)('users subgraph on %s', (engine) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let users: Awaited<ReturnType<typeof startUsers>>;
  let call: Awaited<ReturnType<typeof startUsers>>['call'];
  let alice: Auth;
  let bob: Auth;

  const register = async (email: string, extra: Record<string, unknown> = {}) => {
    const result = await call<{ register: Auth }>(REGISTER, {
      input: { email, password: PASSWORD, ...extra },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.register;
  };

  beforeAll(async () => {
    ({ store, dispose } = await usersStore(engine));
    users = await startUsers(store, {
      throttle: {
        accountLimit: 3,
        addressLimit: 6,
        windowSeconds: 600,
        blockSeconds: 600,
        registrationsPerAddressPerHour: 5,
      },
    });
    call = users.call;
    alice = await register('  Alice@Example.COM ', {
      profile: {
        displayName: 'Alice',
        desiredRomeCodes: ['m1805'],
        desiredJobTitles: ['Développeuse Java'],
        skills: [{ name: 'Java', level: 'EXPERT' }, { name: 'SQL' }],
        location: { label: 'Lyon', latitude: 45.764, longitude: 4.8357, communeCode: '69123' },
        radiusKm: 20,
        contractTypes: ['CDI', 'CDI', 'FREELANCE'],
        seniority: 'CONFIRME',
        minSalary: 45000,
        remoteModes: ['PARTIAL'],
      },
    });
    bob = await register('bob@example.com');
  });

  afterAll(async () => {
    await users?.service.close();
    await dispose?.();
  });

  it('registers with a normalised email and a profile, and issues verifiable tokens', async () => {
    expect(alice.user.email).toBe('alice@example.com');
    const verifier = await createAccessTokenVerifier({ secret: JWT_SECRET });
    expect((await verifier.verify(alice.accessToken)).userId).toBe(alice.user.id);
    expect(alice.refreshToken).toMatch(/^jmr_/);
    const me = await call<{ me: { email: string; profile: Record<string, unknown> } }>(
      `{ me { email profile { displayName desiredRomeCodes desiredJobTitles skills { name level } location { label latitude communeCode }
         radiusKm contractTypes seniority minSalary remoteModes } } }`,
      {},
      { userId: alice.user.id },
    );
    expect(me.data?.me).toEqual({
      email: 'alice@example.com',
      profile: {
        displayName: 'Alice',
        desiredRomeCodes: ['M1805'],
        desiredJobTitles: ['Développeuse Java'],
        skills: [
          { name: 'Java', level: 'EXPERT' },
          { name: 'SQL', level: 'INTERMEDIATE' },
        ],
        location: { label: 'Lyon', latitude: 45.764, communeCode: '69123' },
        radiusKm: 20,
        contractTypes: ['CDI', 'FREELANCE'],
        seniority: 'CONFIRME',
        minSalary: 45000,
        remoteModes: ['PARTIAL'],
      },
    });
    const stored = await store.query<{ password_hash: string }>(
      'select password_hash from users where id = $1',
      [alice.user.id],
    );
    expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account for the same email, whatever its case or accents form', async () => {
    const again = await call(REGISTER, {
      input: { email: 'ALICE@example.com', password: PASSWORD },
    });
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.extensions?.reason).toBe('EMAIL_TAKEN');
  });

  it('says which password rules are missing', async () => {
    const weak = await call(REGISTER, { input: { email: 'weak@example.com', password: 'short' } });
    expect(codeOf(weak)).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0]?.message).toBe(
      'The password needs at least 10 characters, an uppercase letter, a digit and a symbol or punctuation mark (e.g. ! ? - _ #).',
    );
    expect(weak.errors?.[0]?.extensions?.missing).toEqual([
      'MIN_LENGTH',
      'UPPERCASE',
      'DIGIT',
      'SYMBOL',
    ]);
    const policy = await call<{ passwordPolicy: { minLength: number; rules: { id: string }[] } }>(
      '{ passwordPolicy { minLength rules { id } } }',
    );
    expect(policy.data?.passwordPolicy.minLength).toBe(10);
  });

  it('rejects bad registration input with typed errors, never a 500', async () => {
    for (const input of [
      { email: "x' or 1=1 --", password: PASSWORD },
      { email: `${'a'.repeat(300)}@example.com`, password: PASSWORD },
      { email: 'ok@example.com', password: PASSWORD, profile: { desiredRomeCodes: ['nope'] } },
      { email: 'ok@example.com', password: PASSWORD, profile: { radiusKm: 100000 } },
      {
        email: 'ok@example.com',
        password: PASSWORD,
        profile: { skills: Array.from({ length: 60 }, (_, i) => ({ name: `s${i}` })) },
      },
      {
        email: 'ok@example.com',
        password: PASSWORD,
        profile: { location: { label: 'x', latitude: 300, longitude: 0 } },
      },
    ]) {
      const result = await call(REGISTER, { input });
      expect(result.status).toBe(200);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
    }
    const unknownEnum = await call(REGISTER, {
      input: { email: 'ok@example.com', password: PASSWORD, profile: { seniority: 'GURU' } },
    });
    expect(unknownEnum.status).toBe(400);
    expect(codeOf(unknownEnum)).toBe('BAD_USER_INPUT');
  });

  it('logs in with the right password only', async () => {
    const wrong = await call(
      LOGIN,
      { email: 'bob@example.com', password: 'Wrong-password-1' },
      { clientAddress: '198.51.100.1' },
    );
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    const right = await call<{ login: Auth }>(
      LOGIN,
      { email: ' BOB@example.com', password: PASSWORD },
      { clientAddress: '198.51.100.1' },
    );
    expect(right.data?.login.user.id).toBe(bob.user.id);
  });

  it('rotates refresh tokens and revokes the session when a used one comes back', async () => {
    const first = await call<{ refresh: Auth }>(REFRESH, { t: alice.refreshToken });
    expect(first.errors).toBeUndefined();
    const second = first.data!.refresh;
    expect(second.refreshToken).not.toBe(alice.refreshToken);
    expect(second.user.id).toBe(alice.user.id);

    const reused = await call(REFRESH, { t: alice.refreshToken });
    expect(codeOf(reused)).toBe('UNAUTHENTICATED');
    expect(reused.errors?.[0]?.extensions?.reason).toBe('REFRESH_TOKEN_REUSED');
    // The whole family is revoked: the legitimate successor no longer works either.
    const afterReuse = await call(REFRESH, { t: second.refreshToken });
    expect(afterReuse.errors?.[0]?.extensions?.reason).toBe('REFRESH_TOKEN_INVALID');

    for (const garbage of ['', 'nope', `jmr_${'x'.repeat(43)}`, 'jmr_'.padEnd(5000, 'y')]) {
      expect(codeOf(await call(REFRESH, { t: garbage }))).toBe('UNAUTHENTICATED');
    }
  });

  it('ends a session on logout', async () => {
    const session = (
      await call<{ login: Auth }>(LOGIN, { email: 'alice@example.com', password: PASSWORD })
    ).data!.login;
    expect(
      (
        await call<{ logout: boolean }>('mutation ($t: String!) { logout(refreshToken: $t) }', {
          t: session.refreshToken,
        })
      ).data,
    ).toEqual({
      logout: true,
    });
    expect(codeOf(await call(REFRESH, { t: session.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('throttles failed logins per account', async () => {
    await register('carol@example.com');
    for (let i = 0; i < 3; i += 1) {
      const wrong = await call(
        LOGIN,
        { email: 'carol@example.com', password: `Wrong-${i}-password` },
        { clientAddress: `203.0.113.${i}` },
      );
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    }
    const blocked = await call(
      LOGIN,
      { email: 'carol@example.com', password: PASSWORD },
      { clientAddress: '203.0.113.50' },
    );
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(500);
    // Another account is not affected.
    expect(
      codeOf(
        await call(
          LOGIN,
          { email: 'bob@example.com', password: PASSWORD },
          { clientAddress: '203.0.113.50' },
        ),
      ),
    ).toBeUndefined();
  });

  it('throttles failed logins per client address, across accounts', async () => {
    const address = '203.0.113.200';
    for (let i = 0; i < 6; i += 1) {
      const wrong = await call(
        LOGIN,
        { email: `nobody${i}@example.com`, password: 'Whatever-123!' },
        { clientAddress: address },
      );
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    }
    const blocked = await call(
      LOGIN,
      { email: 'bob@example.com', password: PASSWORD },
      { clientAddress: address },
    );
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(
      codeOf(
        await call(
          LOGIN,
          { email: 'bob@example.com', password: PASSWORD },
          { clientAddress: '203.0.113.201' },
        ),
      ),
    ).toBeUndefined();
  });

  it('limits how many accounts one address creates', async () => {
    for (let i = 0; i < 5; i += 1) {
      const created = await call(
        REGISTER,
        { input: { email: `farm${i}@example.com`, password: PASSWORD } },
        { clientAddress: '203.0.113.77' },
      );
      expect(created.errors).toBeUndefined();
    }
    const refused = await call(
      REGISTER,
      { input: { email: 'farm5@example.com', password: PASSWORD } },
      { clientAddress: '203.0.113.77' },
    );
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    const elsewhere = await call(
      REGISTER,
      { input: { email: 'farm5@example.com', password: PASSWORD } },
      { clientAddress: '203.0.113.78' },
    );
    expect(elsewhere.errors).toBeUndefined();
  });

  it('updates only the fields given, and null clears', async () => {
    const update = await call<{ updateProfile: Record<string, unknown> }>(
      `mutation ($input: ProfileInput!) { updateProfile(input: $input) { displayName minSalary seniority radiusKm contractTypes skills { name } } }`,
      { input: { minSalary: 50000, seniority: null } },
      { userId: alice.user.id },
    );
    expect(update.data?.updateProfile).toEqual({
      displayName: 'Alice',
      minSalary: 50000,
      seniority: null,
      radiusKm: 20,
      contractTypes: ['CDI', 'FREELANCE'],
      skills: [{ name: 'Java' }, { name: 'SQL' }],
    });
  });

  it('saves offers and pages through them with cursors', async () => {
    const ids = ['francetravail:A1', 'francetravail:A2', 'adzuna:3'];
    for (const id of ids) {
      const saved = await call(
        'mutation ($id: ID!) { saveOffer(offerId: $id) { offerId offer { id } } }',
        { id },
        { userId: alice.user.id },
      );
      expect(saved.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await call(
      'mutation { saveOffer(offerId: "adzuna:3") { offerId } }',
      {},
      { userId: alice.user.id },
    );
    const page = `query ($after: String) { me { savedOffers(first: 2, after: $after) { nodes { offerId offer { id } } totalCount hasNextPage endCursor } } }`;
    type Page = {
      me: {
        savedOffers: {
          nodes: { offerId: string }[];
          totalCount: number;
          hasNextPage: boolean;
          endCursor: string;
        };
      };
    };
    const one = await call<Page>(page, {}, { userId: alice.user.id });
    expect(one.data?.me.savedOffers).toMatchObject({ totalCount: 3, hasNextPage: true });
    expect(one.data?.me.savedOffers.nodes.map((n) => n.offerId)).toEqual([
      'adzuna:3',
      'francetravail:A2',
    ]);
    const two = await call<Page>(
      page,
      { after: one.data?.me.savedOffers.endCursor },
      { userId: alice.user.id },
    );
    expect(two.data?.me.savedOffers.nodes.map((n) => n.offerId)).toEqual(['francetravail:A1']);
    expect(two.data?.me.savedOffers.hasNextPage).toBe(false);

    expect(
      (await call('mutation { unsaveOffer(offerId: "adzuna:3") }', {}, { userId: alice.user.id }))
        .data,
    ).toEqual({ unsaveOffer: true });
    expect(
      (await call('mutation { unsaveOffer(offerId: "adzuna:3") }', {}, { userId: alice.user.id }))
        .data,
    ).toEqual({ unsaveOffer: false });

    for (const after of [
      'garbage',
      encodeCursor({ t: 'not a date', k: 'x' }),
      encodeCursor({ t: '2020-01-01', k: "'; drop" }),
    ]) {
      expect(codeOf(await call(page, { after }, { userId: alice.user.id }))).toBe('BAD_USER_INPUT');
    }
    for (const first of [0, 101, -5]) {
      const result = await call(
        `{ me { savedOffers(first: ${first}) { totalCount } } }`,
        {},
        { userId: alice.user.id },
      );
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
    }
    expect(
      codeOf(
        await call(
          'mutation { saveOffer(offerId: "bad id with spaces") { offerId } }',
          {},
          { userId: alice.user.id },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('keeps applications with status and notes', async () => {
    const created = await call<{
      createApplication: { id: string; status: string; notes: string };
    }>(
      `mutation { createApplication(input: { offerId: "francetravail:A1", notes: "Relancer lundi" }) { id status notes offer { id } } }`,
      {},
      { userId: alice.user.id },
    );
    expect(created.data?.createApplication).toMatchObject({
      status: 'TO_APPLY',
      notes: 'Relancer lundi',
    });
    const id = created.data!.createApplication.id;
    const duplicate = await call(
      `mutation { createApplication(input: { offerId: "francetravail:A1" }) { id } }`,
      {},
      { userId: alice.user.id },
    );
    expect(duplicate.errors?.[0]?.extensions?.reason).toBe('APPLICATION_EXISTS');
    await call(
      `mutation { createApplication(input: { offerId: "adzuna:9", status: APPLIED }) { id } }`,
      {},
      { userId: alice.user.id },
    );

    const updated = await call<{ updateApplication: { status: string; notes: string } }>(
      `mutation ($id: ID!) { updateApplication(id: $id, input: { status: INTERVIEW }) { status notes } }`,
      { id },
      { userId: alice.user.id },
    );
    expect(updated.data?.updateApplication).toEqual({
      status: 'INTERVIEW',
      notes: 'Relancer lundi',
    });

    const list = await call<{
      me: { applications: { totalCount: number; nodes: { offerId: string }[] } };
    }>(
      `{ me { applications(status: INTERVIEW) { totalCount nodes { offerId } } } }`,
      {},
      { userId: alice.user.id },
    );
    expect(list.data?.me.applications).toEqual({
      totalCount: 1,
      nodes: [{ offerId: 'francetravail:A1' }],
    });
    const all = await call<{ me: { applications: { totalCount: number } } }>(
      `{ me { applications { totalCount } } }`,
      {},
      { userId: alice.user.id },
    );
    expect(all.data?.me.applications.totalCount).toBe(2);

    const tooLong = await call(
      `mutation ($id: ID!, $n: String!) { updateApplication(id: $id, input: { notes: $n }) { id } }`,
      { id, n: 'x'.repeat(6000) },
      { userId: alice.user.id },
    );
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await call(
          `mutation { updateApplication(id: "not-a-uuid", input: {}) { id } }`,
          {},
          { userId: alice.user.id },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it("never lets one user read or change another's data", async () => {
    const alicesApplications = await call<{ me: { applications: { nodes: { id: string }[] } } }>(
      `{ me { applications { nodes { id } } } }`,
      {},
      { userId: alice.user.id },
    );
    const target = alicesApplications.data!.me.applications.nodes[0]!.id;
    const hijack = await call(
      `mutation ($id: ID!) { updateApplication(id: $id, input: { status: REJECTED }) { id } }`,
      { id: target },
      { userId: bob.user.id },
    );
    expect(codeOf(hijack)).toBe('NOT_FOUND');
    expect(
      codeOf(
        await call(
          `mutation ($id: ID!) { deleteApplication(id: $id) }`,
          { id: target },
          { userId: bob.user.id },
        ),
      ),
    ).toBe('NOT_FOUND');
    const bobs = await call<{
      me: {
        email: string;
        savedOffers: { totalCount: number };
        applications: { totalCount: number };
      };
    }>(
      `{ me { email savedOffers { totalCount } applications { totalCount } } }`,
      {},
      { userId: bob.user.id },
    );
    expect(bobs.data?.me).toEqual({
      email: 'bob@example.com',
      savedOffers: { totalCount: 0 },
      applications: { totalCount: 0 },
    });
    const entity = await call(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { email profile { minSalary } } } }`,
      { r: [{ __typename: 'User', id: alice.user.id }] },
      { userId: bob.user.id },
    );
    expect(codeOf(entity)).toBe('FORBIDDEN');
    expect(JSON.stringify(entity.data)).not.toContain('alice');
    const own = await call<{ _entities: { email: string }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { email } } }`,
      { r: [{ __typename: 'User', id: alice.user.id }] },
      { userId: alice.user.id },
    );
    expect(own.data?._entities).toEqual([{ email: 'alice@example.com' }]);
  });

  it('tells each user what they did with an offer, batched, and nothing to anonymous callers', async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { id savedByMe myApplication { status } } } }`;
    const r = [
      { __typename: 'Offer', id: 'francetravail:A1' },
      { __typename: 'Offer', id: 'francetravail:A2' },
      { __typename: 'Offer', id: 'unknown:1' },
    ];
    const mine = await call<{ _entities: unknown[] }>(query, { r }, { userId: alice.user.id });
    expect(mine.data?._entities).toEqual([
      { id: 'francetravail:A1', savedByMe: true, myApplication: { status: 'INTERVIEW' } },
      { id: 'francetravail:A2', savedByMe: true, myApplication: null },
      { id: 'unknown:1', savedByMe: false, myApplication: null },
    ]);
    const anonymous = await call<{ _entities: unknown[] }>(query, { r });
    expect(anonymous.data?._entities).toEqual(
      r.map(({ id }) => ({ id, savedByMe: false, myApplication: null })),
    );
  });

  it('changes the password, ending the other sessions, and deletes an account with its data', async () => {
    const dave = await register('dave@example.com');
    const other = (
      await call<{ login: Auth }>(LOGIN, { email: 'dave@example.com', password: PASSWORD })
    ).data!.login;
    const CHANGE = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ${AUTH} } }`;
    const wrong = await call(
      CHANGE,
      { c: 'Not-the-password-1', n: 'Brand-new-pass-99' },
      { userId: dave.user.id },
    );
    expect(codeOf(wrong)).toBe('FORBIDDEN');
    const weak = await call(CHANGE, { c: PASSWORD, n: 'weak' }, { userId: dave.user.id });
    expect(codeOf(weak)).toBe('BAD_USER_INPUT');
    const changed = await call<{ changePassword: Auth }>(
      CHANGE,
      { c: PASSWORD, n: 'Brand-new-pass-99' },
      { userId: dave.user.id },
    );
    expect(changed.errors).toBeUndefined();
    expect(codeOf(await call(REFRESH, { t: other.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(
      codeOf(await call(REFRESH, { t: changed.data!.changePassword.refreshToken })),
    ).toBeUndefined();
    expect(codeOf(await call(LOGIN, { email: 'dave@example.com', password: PASSWORD }))).toBe(
      'UNAUTHENTICATED',
    );

    await call('mutation { saveOffer(offerId: "x:1") { savedAt } }', {}, { userId: dave.user.id });
    const DELETE = 'mutation ($p: String!) { deleteAccount(password: $p) }';
    // (A wrong password here would be the third failure: the account would be throttled.)
    expect((await call(DELETE, { p: 'Brand-new-pass-99' }, { userId: dave.user.id })).data).toEqual(
      {
        deleteAccount: true,
      },
    );
    const left = await store.query(
      `select (select count(*) from users where id = $1) + (select count(*) from saved_offers where user_id = $1)
            + (select count(*) from refresh_tokens where user_id = $1) + (select count(*) from profiles where user_id = $1) as n`,
      [dave.user.id],
    );
    expect(left.rows[0]).toEqual({ n: 0 });
    expect(codeOf(await call('{ me { id } }', {}, { userId: dave.user.id }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('needs a signed-in user for personal data, and refuses forged identity headers', async () => {
    const anonymous: GraphqlResult = await call('{ me { id } }');
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(codeOf(await call('mutation { saveOffer(offerId: "x:1") { offerId } }'))).toBe(
      'UNAUTHENTICATED',
    );
    const forged = await call(
      '{ me { id email } }',
      {},
      { headers: { [IDENTITY_HEADERS.user]: alice.user.id } },
    );
    expect(forged.status).toBe(401);
    expect(codeOf(forged)).toBe('UNAUTHENTICATED');
    expect(forged.data).toBeUndefined();
  });
});
