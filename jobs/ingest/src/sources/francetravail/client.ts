/**
 * France Travail "Offres d'emploi v2": OAuth2 client credentials (token cached, refreshed before
 * expiry, single-flight, one replay on 401), `range` paging (200/206 success, 204 empty,
 * Content-Range total), referentials; ≤10 requests/s with a token bucket and the shared retry rules.
 */
import type { Logger } from '@jobmarket/telemetry';
import {
  HttpError,
  TokenBucket,
  defaultRetryPolicy,
  requestWithRetry,
  type RetryPolicy,
} from '../../http.js';

export const FRANCETRAVAIL_DEFAULTS = {
  apiUrl: 'https://api.francetravail.io/partenaire/offresdemploi',
  tokenUrl: 'https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire',
  scope: 'api_offresdemploiv2 o2dsoffre',
  ratePerSecond: 10,
  pageSize: 150,
  /** Highest `range` start the API accepts. */
  maxStart: 3000,
  /** Highest `range` end the API accepts: at most 3150 results per query. */
  maxIndex: 3149,
} as const;

export interface FranceTravailClientOptions {
  clientId: string;
  clientSecret: string;
  apiUrl?: string;
  tokenUrl?: string;
  scope?: string;
  ratePerSecond?: number;
  policy?: Partial<RetryPolicy>;
  /** Refresh this long before the token expires (default 60 s). */
  tokenMarginMs?: number;
  pageSize?: number;
  maxStart?: number;
  maxIndex?: number;
  logger: Logger;
  counters?: { requests: number; retries: number };
}

export interface SearchPage {
  readonly status: number;
  readonly offers: unknown[];
  /** From Content-Range; undefined when absent. */
  readonly total: number | undefined;
}

// `offres 0-149/9981`, `offres -1--1/353`, `offres */0`: the total is the number after the slash.
export function parseContentRangeTotal(header: string | null): number | undefined {
  if (!header) return undefined;
  const match = /\/\s*(\d+)\s*$/.exec(header);
  return match ? Number(match[1]) : undefined;
}

/** The API's date format: UTC, seconds, no milliseconds. */
export function apiDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export class FranceTravailAuthError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FranceTravailAuthError';
  }
}

export class FranceTravailClient {
  readonly pageSize: number;
  readonly maxStart: number;
  readonly maxIndex: number;
  private readonly apiUrl: string;
  private readonly tokenUrl: string;
  private readonly limiter: TokenBucket;
  private readonly policy: RetryPolicy;
  private token: { value: string; expiresAt: number } | undefined;
  private tokenRequest: Promise<string> | undefined;
  /** Tokens obtained so far (tests check the refresh). */
  tokensIssued = 0;

  constructor(private readonly options: FranceTravailClientOptions) {
    this.apiUrl = (options.apiUrl ?? FRANCETRAVAIL_DEFAULTS.apiUrl).replace(/\/$/, '');
    this.tokenUrl = options.tokenUrl ?? FRANCETRAVAIL_DEFAULTS.tokenUrl;
    const rate = options.ratePerSecond ?? FRANCETRAVAIL_DEFAULTS.ratePerSecond;
    this.limiter = new TokenBucket(rate, rate);
    this.policy = { ...defaultRetryPolicy, ...options.policy };
    this.pageSize = options.pageSize ?? FRANCETRAVAIL_DEFAULTS.pageSize;
    this.maxStart = options.maxStart ?? FRANCETRAVAIL_DEFAULTS.maxStart;
    this.maxIndex = options.maxIndex ?? FRANCETRAVAIL_DEFAULTS.maxIndex;
  }

  /** A valid access token: cached, refreshed `tokenMarginMs` before expiry, one request at a time. */
  async accessToken(): Promise<string> {
    const margin = this.options.tokenMarginMs ?? 60_000;
    if (this.token && Date.now() < this.token.expiresAt - margin) return this.token.value;
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      scope: this.options.scope ?? FRANCETRAVAIL_DEFAULTS.scope,
    });
    let response: Response;
    try {
      response = await requestWithRetry(this.tokenUrl, {
        policy: this.policy,
        logger: this.options.logger,
        what: 'francetravail token',
        init: () => ({
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: body.toString(),
        }),
      });
    } catch (error) {
      if (error instanceof HttpError && error.status < 500) {
        let reason = error.body;
        try {
          const parsed = JSON.parse(error.body) as { error?: string; error_description?: string };
          reason =
            [parsed.error, parsed.error_description].filter(Boolean).join(': ') || error.body;
        } catch {
          // not JSON
        }
        throw new FranceTravailAuthError(
          `France Travail refused the client credentials (HTTP ${error.status}): ${reason}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    const json = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!json.access_token)
      throw new FranceTravailAuthError('France Travail token response has no access_token');
    const lifetime = (json.expires_in ?? 1499) * 1000;
    this.token = { value: json.access_token, expiresAt: Date.now() + lifetime };
    this.tokensIssued += 1;
    this.options.logger.debug(
      { expiresInSeconds: json.expires_in },
      'france travail token obtained',
    );
    return json.access_token;
  }

  /** GET with the bearer token; on 401 the token is refreshed and the request replayed once. */
  async get(path: string, query: Record<string, string> = {}): Promise<Response> {
    const url = `${this.apiUrl}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
    let replayed = false;
    let token = '';
    return requestWithRetry(url, {
      limiter: this.limiter,
      policy: this.policy,
      logger: this.options.logger,
      what: `francetravail ${path}`,
      counters: this.options.counters,
      init: async () => {
        token = await this.accessToken();
        return { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } };
      },
      onStatus: async (response) => {
        if (response.status === 401 && !replayed) {
          replayed = true;
          if (this.token?.value === token) this.token = undefined;
          this.options.logger.info({ path }, 'token rejected (401); refreshing and replaying once');
          return 'retry';
        }
        return undefined;
      },
    });
  }

  /** One page of `/v2/offres/search`, `sort=1` (creation date, newest first). */
  async searchPage(
    params: Record<string, string>,
    start: number,
    end: number,
  ): Promise<SearchPage> {
    const response = await this.get('/v2/offres/search', {
      ...params,
      sort: '1',
      range: `${start}-${end}`,
    });
    const total = parseContentRangeTotal(response.headers.get('content-range'));
    if (response.status === 204) {
      await response.body?.cancel().catch(() => undefined);
      return { status: 204, offers: [], total };
    }
    const text = await response.text();
    if (text.trim() === '') return { status: response.status, offers: [], total };
    const json = JSON.parse(text) as { resultats?: unknown };
    const offers = Array.isArray(json.resultats) ? json.resultats : [];
    return { status: response.status, offers, total };
  }

  /** `/v2/referentiel/{name}`: `[{code, libelle}]`. */
  async referential(
    name: string,
  ): Promise<{ code: string; libelle: string | null; [key: string]: unknown }[]> {
    const response = await this.get(`/v2/referentiel/${encodeURIComponent(name)}`);
    if (response.status === 204) return [];
    const buffer = Buffer.from(await response.arrayBuffer());
    const json = JSON.parse(buffer.toString('utf8')) as unknown; // always UTF-8, whatever the headers say
    return Array.isArray(json) ? (json as { code: string; libelle: string | null }[]) : [];
  }
}
