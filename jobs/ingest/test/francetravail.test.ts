/**
 * The France Travail client and source against the fake API (token endpoint, Content-Range,
 * 206/204, 400 past start 3000, 429 + Retry-After text body, tokens expiring mid-run, random
 * 502s), fed with the recorded real offers scaled up with distinct ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../src/http.js';
import { runIngest } from '../src/run.js';
import { franceTravailId, withId } from '../src/sample/generate.js';
import {
  FranceTravailAuthError,
  FranceTravailClient,
} from '../src/sources/francetravail/client.js';
import { franceTravailSource } from '../src/sources/francetravail/source.js';
import {
  recordedPayloads,
  startFakeFranceTravail,
  type FakeFranceTravail,
  type Json,
} from './fake-apis.js';
import { captureLogger, count, memoryPublisher, tempDir, tempWarehouse } from './helpers.js';

const real = recordedPayloads('francetravail');
const DAY = new Date('2025-08-20T00:00:00.000Z');
const fastRetries = { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 10_000 };

/** `n` copies of the real offers with distinct ids; `tweak` sets creation date, place, ROME code. */
function scaled(n: number, tweak: (offer: Json, index: number) => Json, offset = 0): Json[] {
  return Array.from({ length: n }, (_, index) =>
    tweak(withId(real[index % real.length]!, franceTravailId(offset + index)) as Json, index),
  );
}

const at = (offer: Json, date: Date): Json => ({ ...offer, dateCreation: date.toISOString() });

const tmp = tempDir('jm-ft-');
afterAll(() => tmp.remove());

describe('France Travail client', () => {
  let fake: FakeFranceTravail;
  beforeAll(async () => {
    fake = await startFakeFranceTravail({
      offers: scaled(400, (o, i) => at(o, new Date(DAY.getTime() + i * 60_000))),
      rateLimitPerSecond: 1_000,
    });
  });
  afterAll(() => fake.close());

  const client = (extra: Partial<ConstructorParameters<typeof FranceTravailClient>[0]> = {}) =>
    new FranceTravailClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiUrl: fake.apiUrl,
      tokenUrl: fake.tokenUrl,
      ratePerSecond: 1_000,
      policy: fastRetries,
      logger: captureLogger().logger,
      ...extra,
    });

  it('caches the token and asks for it once for concurrent callers', async () => {
    const before = fake.tokensIssued;
    const c = client();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => c.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(await c.accessToken()).toBe(tokens[0]);
    expect(fake.tokensIssued - before).toBe(1);
  });

  it('pages with range: 206 then 204 past the end, Content-Range total', async () => {
    const c = client();
    const query = {
      minCreationDate: '2025-08-20T00:00:00Z',
      maxCreationDate: '2025-08-21T00:00:00Z',
    };
    const first = await c.searchPage(query, 0, 149);
    expect(first).toMatchObject({ status: 206, total: 400 });
    expect(first.offers).toHaveLength(150);
    const last = await c.searchPage(query, 300, 449);
    expect(last.offers).toHaveLength(100);
    const after = await c.searchPage(query, 450, 599);
    expect(after).toEqual({ status: 204, offers: [], total: 400 });
    const small = await c.searchPage({ ...query, maxCreationDate: '2025-08-20T00:09:00Z' }, 0, 149);
    expect(small).toMatchObject({ status: 200, total: 10 });
  });

  it('does not retry a 400 (start over 3000)', async () => {
    const c = client();
    const before = fake.requests.length;
    await expect(c.searchPage({}, 3001, 3100)).rejects.toThrow(HttpError);
    const sent = fake.requests.slice(before).filter((r) => r.path.endsWith('/offres/search'));
    expect(sent.map((r) => r.status)).toEqual([400]);
  });

  it('refreshes an expired token on 401 and replays the request once', async () => {
    const c = client();
    await c.accessToken();
    fake.expireTokens();
    const before = fake.tokensIssued;
    const page = await c.searchPage({}, 0, 9);
    expect(page.offers).toHaveLength(10);
    expect(fake.tokensIssued - before).toBe(1);
  });

  it('says clearly when the credentials are refused', async () => {
    const c = client({ clientSecret: 'wrong' });
    await expect(c.searchPage({}, 0, 9)).rejects.toThrow(FranceTravailAuthError);
    await expect(c.searchPage({}, 0, 9)).rejects.toThrow(
      /refused the client credentials \(HTTP 400\): invalid_client: Client authentication failed/,
    );
  });

  it('fetches referentials', async () => {
    const departements = await client().referential('departements');
    expect(departements.length).toBeGreaterThan(10);
    expect(departements[0]).toHaveProperty('libelle');
  });
});

describe('France Travail source', () => {
  it('gets every offer of a day with more than 3150 offers, exactly once, through 429s, 502s and expiring tokens', async () => {
    // 400 offers spread over the day and 3,200 created in the same second: the window split
    // cannot separate those, so the département split takes over.
    const offers = scaled(3_600, (o, i) =>
      at(
        o,
        i < 400 ? new Date(DAY.getTime() + i * 200_000) : new Date(DAY.getTime() + 10 * 3_600_000),
      ),
    );
    const fake = await startFakeFranceTravail({
      offers,
      rateLimitPerSecond: 40,
      retryAfterSeconds: 1,
      throttleEvery: 45, // deterministic 429s on top of the rate limit (a loaded machine may never hit it)
      failureRate: 0.02,
      failEvery: 37,
      expireTokensEvery: 60,
    });
    const { open } = await tempWarehouse(tmp.dir, 'ft-cap');
    const warehouse = await open();
    const { logger } = captureLogger();
    const source = franceTravailSource({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiUrl: fake.apiUrl,
      tokenUrl: fake.tokenUrl,
      ratePerSecond: 60,
      policy: fastRetries,
      referentials: ['departements', 'metiers', 'typesContrats'],
    });
    try {
      const window = { since: DAY, until: new Date(DAY.getTime() + 86_400_000) };
      const summary = await runIngest({
        sources: [source],
        warehouse,
        publisher: memoryPublisher(),
        logger,
        ...window,
      });
      const statuses = fake.requests.map((r) => r.status);
      expect(statuses).toContain(429);
      expect(statuses).toContain(502);
      expect(statuses).toContain(401);
      expect(statuses).not.toContain(400);
      expect(fake.tokensIssued).toBeGreaterThan(1);
      expect(summary.sources.francetravail).toMatchObject({
        status: 'succeeded',
        fetched: 3_600,
        landed: 3_600,
        unfetched: 0,
      });
      expect(
        await count(
          warehouse,
          "SELECT COUNT(*) AS n FROM bronze.raw_offers WHERE source = 'francetravail'",
        ),
      ).toBe(3_600);
      expect(
        await count(
          warehouse,
          "SELECT COUNT(DISTINCT source_id) AS n FROM bronze.raw_offers WHERE source = 'francetravail'",
        ),
      ).toBe(3_600);
      expect(await count(warehouse, 'SELECT COUNT(*) AS n FROM bronze.offers_outbox')).toBe(3_600);
      const deptQueries = fake.requests.filter((r) => r.query.departement).length;
      expect(deptQueries).toBeGreaterThan(0);
      const state = await warehouse.getIngestState('francetravail');
      expect(state?.watermark?.toISOString()).toBe(window.until.toISOString());
      expect(state?.lastSuccessRunId).toBe(summary.runId);
      expect(
        await count(
          warehouse,
          "SELECT COUNT(*) AS n FROM bronze.raw_referentials WHERE source = 'francetravail' AND name = 'departements'",
        ),
      ).toBeGreaterThan(10);

      // The same window again: nothing new, nothing to announce.
      const again = await runIngest({
        sources: [source],
        warehouse,
        publisher: memoryPublisher(),
        logger,
        ...window,
      });
      expect(again).toMatchObject({ landed: 0, unchanged: 3_600, published: 0 });
    } finally {
      await warehouse.close();
      await fake.close();
    }
  });

  it('counts and logs what a partition over the cap leaves behind (département, then ROME code)', async () => {
    const second = new Date(DAY.getTime() + 3_600_000);
    const inParis = (o: Json): Json => ({
      ...o,
      lieuTravail: { ...(o.lieuTravail as Json), libelle: '75 - Paris 15e Arrondissement' },
    });
    const spread = scaled(800, (o) => inParis(at(o, second)), 0).map((o) =>
      o.romeCode === 'K1302' ? { ...o, romeCode: 'K1304' } : o,
    );
    const oneCode = scaled(350, (o) => ({ ...inParis(at(o, second)), romeCode: 'K1302' }), 10_000);
    // Abroad (no département): fetched again by ROME code...
    const abroad = scaled(
      7,
      (o) => ({ ...at(o, second), lieuTravail: { libelle: 'Luxembourg' } }),
      20_000,
    );
    // ...except those whose ROME code is not in the referential.
    const unknownCode = scaled(
      5,
      (o) => ({ ...at(o, second), lieuTravail: { libelle: 'Luxembourg' }, romeCode: 'Z9999' }),
      30_000,
    );
    const offers = [...spread, ...oneCode, ...abroad, ...unknownCode];
    const metiers = [...new Set(offers.map((o) => String(o.romeCode)))]
      .filter((code) => code !== 'Z9999')
      .map((code) => ({ code, libelle: code }));
    // A smaller cap (start ≤ 150, end ≤ 299) keeps the test quick; the client is told the same.
    const fake = await startFakeFranceTravail({
      offers,
      rateLimitPerSecond: 1_000,
      maxStart: 150,
      maxEnd: 299,
      referentials: { metiers },
    });
    const { open } = await tempWarehouse(tmp.dir, 'ft-truncate');
    const warehouse = await open();
    const { logger, lines } = captureLogger();
    try {
      const summary = await runIngest({
        sources: [
          franceTravailSource({
            clientId: fake.clientId,
            clientSecret: fake.clientSecret,
            apiUrl: fake.apiUrl,
            tokenUrl: fake.tokenUrl,
            ratePerSecond: 1_000,
            policy: fastRetries,
            maxStart: 150,
            maxIndex: 299,
            referentials: ['departements', 'metiers'],
          }),
        ],
        warehouse,
        publisher: memoryPublisher(),
        logger,
        since: DAY,
        until: new Date(DAY.getTime() + 86_400_000),
      });
      // 350 - 300 of the single ROME code over the cap, and the 5 with an unknown code
      expect(summary.sources.francetravail).toMatchObject({
        status: 'partial',
        unfetched: 55,
        landed: offers.length - 55,
      });
      expect(summary.failed).toBe(55);
      const messages = lines.map((line) => line.msg);
      expect(messages).toContain(
        'partition over the API cap cannot be split further; fetching the first results only',
      );
      expect(messages).toContain(
        'offers outside every département of the referential; fetching this partition again by ROME code',
      );
      expect(messages).toContain('offers announced by the API could not be fetched');
      expect(fake.requests.map((r) => r.status)).not.toContain(400);
    } finally {
      await warehouse.close();
      await fake.close();
    }
  });

  it('skips the source, not the run, without credentials', async () => {
    const { open } = await tempWarehouse(tmp.dir, 'ft-skip');
    const warehouse = await open();
    try {
      const summary = await runIngest({
        sources: [franceTravailSource({ clientId: undefined, clientSecret: undefined })],
        warehouse,
        publisher: memoryPublisher(),
        logger: captureLogger().logger,
      });
      expect(summary.status).toBe('skipped');
      expect(summary.sources.francetravail?.error).toMatch(
        /FRANCETRAVAIL_CLIENT_ID and FRANCETRAVAIL_CLIENT_SECRET are not set/,
      );
    } finally {
      await warehouse.close();
    }
  });
});
