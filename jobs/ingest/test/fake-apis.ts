/**
 * Local HTTP servers speaking the France Travail and Adzuna protocols, fed with recorded real
 * payloads, for the ingest tests and for failure drills (import them from here).
 *
 * France Travail: OAuth2 token endpoint (realm in the query string, form body, `invalid_client`
 * 400), `/v2/offres/search` (Bearer auth, 401 on an expired token, `range` with 400 when the
 * start is over 3000 or the page over 150, 200 / 206 / 204 with `Content-Range: offres a-b/total`,
 * creation-date / département / ROME filters, `sort=1`, 429 `text/plain` with `Retry-After`
 * above the rate limit, random 502s), `/v2/referentiel/{name}`.
 * Adzuna: `/v1/api/jobs/{country}/search/{page}` (app_id/app_key, results_per_page ≤ 50,
 * max_days_old, sort_by=date, `__CLASS__` everywhere, 429 past a quota).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomGenerator } from '../src/sample/random.js';
import { sharedDataDir } from '../src/replay-dir.js';

export type Json = Record<string, unknown>;

/** Recorded real payloads from ../shared/data (one object per line). */
export function recordedPayloads(source: 'francetravail' | 'adzuna', dir = sharedDataDir): Json[] {
  const file = join(dir, source, source === 'francetravail' ? 'offers.jsonl' : 'jobs.jsonl');
  if (!existsSync(file)) throw new Error(`recorded payloads missing: ${file}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Json);
}

/** The département of a France Travail offer, as the API filters it (from `lieuTravail`). */
export function departementOf(offer: Json): string | undefined {
  const place = offer.lieuTravail as { libelle?: string; commune?: string } | undefined;
  const prefix = place?.libelle?.split(' - ')[0]?.trim();
  if (prefix && /^(\d{2,3}|2[AB])$/.test(prefix)) return prefix;
  return undefined;
}

interface Listening {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<Listening> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        handler(request, response, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      }
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}

/** Requests per window (sliding, or fixed and aligned on the epoch as quotas are counted). */
class Window {
  private hits: number[] = [];
  constructor(
    readonly max: number,
    readonly ms: number,
    readonly fixed = false,
  ) {}
  /** Counts a hit if allowed; returns false when the window is full. */
  hit(now: number): boolean {
    const since = this.fixed ? Math.floor(now / this.ms) * this.ms : now - this.ms + 1;
    this.hits = this.hits.filter((at) => at >= since);
    if (this.hits.length >= this.max) return false;
    this.hits.push(now);
    return true;
  }
}

export interface RequestRecord {
  readonly at: number;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly status: number;
}

// ---------------------------------------------------------------------------------------------

export interface FakeFranceTravailOptions {
  /** The live index. */
  offers: Json[];
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of issued tokens (default 1499 s, as the real API). */
  tokenLifetimeSeconds?: number;
  /** Every this many search requests, all issued tokens expire (a token expiring mid-run). */
  expireTokensEvery?: number;
  /** Requests per second before 429 (default 10). */
  rateLimitPerSecond?: number;
  retryAfterSeconds?: number;
  /** Probability of a 502 on a search request (default 0), from a seeded generator. */
  failureRate?: number;
  /** Every this many search requests, a 502 (deterministic faults, on top of failureRate). */
  failEvery?: number;
  /** Every this many search requests, a 429 with Retry-After (on top of the rate limit). */
  throttleEvery?: number;
  seed?: number;
  /** Highest range start (default 3000) and end (default 3149). */
  maxStart?: number;
  maxEnd?: number;
  /** Referentials served; `departements` and `metiers` default to the codes present in `offers`. */
  referentials?: Record<string, { code: string; libelle: string }[]>;
}

export interface FakeFranceTravail {
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: RequestRecord[];
  tokensIssued: number;
  /** Replaces the live index. */
  setOffers(offers: Json[]): void;
  /** Makes every issued token invalid now. */
  expireTokens(): void;
  close(): Promise<void>;
}

function parseApiDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

export async function startFakeFranceTravail(
  options: FakeFranceTravailOptions,
): Promise<FakeFranceTravail> {
  const clientId = options.clientId ?? 'test-client-id';
  const clientSecret = options.clientSecret ?? 'test-client-secret';
  const lifetime = options.tokenLifetimeSeconds ?? 1499;
  const maxStart = options.maxStart ?? 3000;
  const maxEnd = options.maxEnd ?? 3149;
  const random = randomGenerator(options.seed ?? 7);
  const limiter = new Window(options.rateLimitPerSecond ?? 10, 1_000);
  const tokens = new Map<string, number>();
  let offers: Json[] = [];
  let sorted: Json[] = [];
  let searches = 0;
  const setOffers = (next: Json[]) => {
    offers = next;
    // sort=1: creation date, newest first (ties by id, so paging is stable)
    sorted = [...offers].sort(
      (a, b) =>
        Date.parse(String(b.dateCreation)) - Date.parse(String(a.dateCreation)) ||
        String(a.id).localeCompare(String(b.id)),
    );
  };
  setOffers(options.offers);
  const referentials = () => ({
    departements: [...new Set(offers.map(departementOf).filter((d): d is string => !!d))]
      .sort()
      .map((code) => ({ code, libelle: `Département ${code}` })),
    metiers: [...new Set(offers.map((o) => String(o.romeCode ?? '')).filter(Boolean))]
      .sort()
      .map((code) => ({ code, libelle: `Métier ${code}` })),
    typesContrats: [
      { code: 'CDD', libelle: 'Contrat à durée déterminée' },
      { code: 'CDI', libelle: 'Contrat à durée indéterminée' },
      { code: 'MIS', libelle: 'Mission intérimaire' },
    ],
    ...options.referentials,
  });
  const requests: RequestRecord[] = [];
  const fake = {
    apiUrl: '',
    tokenUrl: '',
    clientId,
    clientSecret,
    requests,
    tokensIssued: 0,
    setOffers,
    expireTokens: () => tokens.clear(),
    close: async () => undefined,
  } as FakeFranceTravail;

  const server = await listen((request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const record = (status: number) =>
      requests.push({ at: Date.now(), path: url.pathname, query, status });

    if (request.method === 'POST' && url.pathname === '/connexion/oauth2/access_token') {
      const form = new URLSearchParams(body);
      if (query.realm !== '/partenaire') {
        record(400);
        return json(response, 400, {
          error: 'invalid_request',
          error_description: 'realm missing',
        });
      }
      if (form.get('grant_type') !== 'client_credentials') {
        record(400);
        return json(response, 400, {
          error: 'unsupported_grant_type',
          error_description: 'Grant type is not supported',
        });
      }
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        record(400);
        return json(response, 400, {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
        });
      }
      const scopes = (form.get('scope') ?? '').split(/\s+/);
      if (!scopes.includes('api_offresdemploiv2')) {
        record(400);
        return json(response, 400, {
          error: 'invalid_scope',
          error_description: `Unknown/invalid scope(s): [${form.get('scope')}]`,
        });
      }
      const token = `tok-${fake.tokensIssued + 1}-${Math.floor(random.next() * 1e9)}`;
      tokens.set(token, Date.now() + lifetime * 1000);
      fake.tokensIssued += 1;
      record(200);
      response.writeHead(200, {
        'content-type': 'application/json;charset=UTF-8',
        'cache-control': 'no-store',
      });
      return response.end(
        JSON.stringify({
          access_token: token,
          token_type: 'Bearer',
          expires_in: lifetime,
          scope: form.get('scope'),
        }),
      );
    }

    const base = '/partenaire/offresdemploi/v2';
    if (request.method !== 'GET' || !url.pathname.startsWith(base)) {
      record(404);
      return json(response, 404, { message: 'not found' });
    }
    const path = url.pathname.slice(base.length);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expiry = token ? tokens.get(token) : undefined;
    if (!expiry || expiry < Date.now()) {
      record(401);
      return json(response, 401, { message: 'Unauthorized' });
    }
    const throttled =
      options.throttleEvery !== undefined &&
      path === '/offres/search' &&
      (searches + 1) % options.throttleEvery === 0;
    if (!limiter.hit(Date.now()) || throttled) {
      if (throttled) searches += 1;
      record(429);
      response.writeHead(429, {
        'content-type': 'text/plain',
        'retry-after': String(options.retryAfterSeconds ?? 1),
      });
      return response.end('Too Many Requests');
    }
    if (path.startsWith('/referentiel/')) {
      const name = decodeURIComponent(path.slice('/referentiel/'.length));
      const list = (referentials() as Record<string, unknown>)[name];
      record(list ? 200 : 404);
      return list
        ? json(response, 200, list)
        : json(response, 404, { message: `Référentiel ${name} inconnu` });
    }
    if (path !== '/offres/search') {
      record(404);
      return json(response, 404, { message: 'not found' });
    }
    searches += 1;
    if (options.expireTokensEvery && searches % options.expireTokensEvery === 0) tokens.clear();
    if (
      (options.failureRate && random.next() < options.failureRate) ||
      (options.failEvery && searches % options.failEvery === 0)
    ) {
      record(502);
      response.writeHead(502, { 'content-type': 'text/html' });
      return response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    const [start, end] = (query.range ?? '0-149').split('-').map(Number) as [number, number];
    if (!Number.isInteger(start) || !Number.isInteger(end) || end < start) {
      record(400);
      return json(response, 400, { message: 'Valeur du paramètre « range » incorrecte.' });
    }
    if (start > maxStart) {
      record(400);
      return json(response, 400, {
        message: `La position de début doit être inférieure ou égale à ${maxStart}.`,
      });
    }
    if (end > maxEnd || end - start + 1 > 150) {
      record(400);
      return json(response, 400, {
        message: 'La plage de résultats demandée est trop importante.',
      });
    }
    if (
      query.departement &&
      !query.departement.split(',').every((d) => /^(\d{2,3}|2[AB])$/.test(d))
    ) {
      record(400);
      return json(response, 400, { message: 'Valeur du paramètre « departement » incorrecte.' });
    }
    const min = parseApiDate(query.minCreationDate);
    const max = parseApiDate(query.maxCreationDate);
    const departements = query.departement ? new Set(query.departement.split(',')) : undefined;
    const codes = query.codeROME ? new Set(query.codeROME.split(',')) : undefined;
    const matching = sorted.filter((offer) => {
      const created = Date.parse(String(offer.dateCreation));
      if (min !== undefined && created < min) return false;
      if (max !== undefined && created > max) return false;
      if (departements && !departements.has(departementOf(offer) ?? '')) return false;
      if (codes && !codes.has(String(offer.romeCode))) return false;
      return true;
    });
    const total = matching.length;
    if (start >= total) {
      record(204);
      response.writeHead(204, {
        'content-range': total === 0 ? 'offres */0' : `offres -1--1/${total}`,
      });
      return response.end();
    }
    const page = matching.slice(start, end + 1);
    const last = start + page.length - 1;
    const counts = new Map<string, number>();
    for (const offer of matching)
      counts.set(String(offer.typeContrat), (counts.get(String(offer.typeContrat)) ?? 0) + 1);
    const status = start === 0 && page.length === total ? 200 : 206;
    record(status);
    return json(
      response,
      status,
      {
        resultats: page,
        filtresPossibles: [
          {
            filtre: 'typeContrat',
            agregation: [...counts].map(([valeurPossible, nbResultats]) => ({
              valeurPossible,
              nbResultats,
            })),
          },
        ],
      },
      { 'content-range': `offres ${start}-${last}/${total}`, 'accept-range': 'offres 150' },
    );
  });
  return Object.assign(fake, {
    apiUrl: `${server.url}/partenaire/offresdemploi`,
    tokenUrl: `${server.url}/connexion/oauth2/access_token?realm=%2Fpartenaire`,
    close: server.close,
  });
}

// ---------------------------------------------------------------------------------------------

export interface FakeAdzunaOptions {
  jobs: Json[];
  appId?: string;
  appKey?: string;
  /** The server's "now", for max_days_old (default: a day after the newest job). */
  now?: Date;
  /** Server-side quota windows: past `max` requests in `ms`, 429. */
  quotas?: { name: string; max: number; ms: number }[];
  failureRate?: number;
  seed?: number;
}

export interface FakeAdzuna {
  readonly apiUrl: string;
  readonly appId: string;
  readonly appKey: string;
  readonly requests: RequestRecord[];
  close(): Promise<void>;
}

export async function startFakeAdzuna(options: FakeAdzunaOptions): Promise<FakeAdzuna> {
  const appId = options.appId ?? 'test-app-id';
  const appKey = options.appKey ?? 'test-app-key';
  const random = randomGenerator(options.seed ?? 11);
  const sorted = [...options.jobs].sort(
    (a, b) =>
      Date.parse(String(b.created)) - Date.parse(String(a.created)) ||
      String(a.id).localeCompare(String(b.id)),
  );
  const now =
    options.now ??
    new Date(Date.parse(String(sorted[0]?.created ?? new Date().toISOString())) + 86_400_000);
  const quotas = (options.quotas ?? []).map((quota) => ({
    ...quota,
    window: new Window(quota.max, quota.ms, true),
  }));
  const requests: RequestRecord[] = [];
  const server = await listen((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const record = (status: number) =>
      requests.push({ at: Date.now(), path: url.pathname, query, status });
    const match = /^\/v1\/api\/jobs\/([a-z]{2})\/search\/(\d+)$/.exec(url.pathname);
    if (!match) {
      record(404);
      return json(response, 404, {
        exception: 'NOT_FOUND',
        display: 'Not found',
        __CLASS__: 'Adzuna::API::Response::Exception',
      });
    }
    if (query.app_id !== appId || query.app_key !== appKey) {
      record(401);
      return json(response, 401, {
        exception: 'AUTH_FAIL',
        display: 'Authorisation failed',
        __CLASS__: 'Adzuna::API::Response::Exception',
      });
    }
    const at = Date.now();
    for (const quota of quotas) {
      if (!quota.window.hit(at)) {
        record(429);
        return json(response, 429, {
          exception: 'RATE_LIMIT',
          display: `${quota.name} quota exceeded`,
          __CLASS__: 'Adzuna::API::Response::Exception',
        });
      }
    }
    if (options.failureRate && random.next() < options.failureRate) {
      record(502);
      response.writeHead(502, { 'content-type': 'text/html' });
      return response.end('Bad Gateway');
    }
    const perPage = Number(query.results_per_page ?? 10);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 50) {
      record(400);
      return json(response, 400, {
        exception: 'BAD_REQUEST',
        display: 'results_per_page must be 1..50',
        __CLASS__: 'Adzuna::API::Response::Exception',
      });
    }
    const page = Number(match[2]);
    const maxDays = query.max_days_old ? Number(query.max_days_old) : undefined;
    const matching = sorted.filter(
      (job) =>
        maxDays === undefined ||
        Date.parse(String(job.created)) >= now.getTime() - maxDays * 86_400_000,
    );
    const results = matching.slice((page - 1) * perPage, page * perPage);
    record(200);
    return json(response, 200, {
      __CLASS__: 'Adzuna::API::Response::JobSearchResults',
      count: matching.length,
      mean: 45200.19,
      results,
    });
  });
  return { apiUrl: `${server.url}/v1/api`, appId, appKey, requests, close: server.close };
}
