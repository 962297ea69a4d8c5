/** Adzuna Jobs API: `GET /jobs/{country}/search/{page}` with app_id/app_key, pages of 50. */
import type { Logger } from '@jobmarket/telemetry';
import { defaultRetryPolicy, requestWithRetry, type RetryPolicy } from '../../http.js';

export const ADZUNA_DEFAULTS = {
  apiUrl: 'https://api.adzuna.com/v1/api',
  country: 'fr',
  resultsPerPage: 50,
} as const;

export interface AdzunaClientOptions {
  appId: string;
  appKey: string;
  apiUrl?: string;
  country?: string;
  resultsPerPage?: number;
  policy?: Partial<RetryPolicy>;
  logger: Logger;
  counters?: { requests: number; retries: number };
  /** Called before every attempt (the quota counts attempts, retries included). */
  beforeRequest?: () => Promise<void>;
}

export interface AdzunaPage {
  readonly results: unknown[];
  readonly count: number | undefined;
}

export class AdzunaClient {
  private readonly apiUrl: string;
  private readonly policy: RetryPolicy;
  readonly resultsPerPage: number;

  constructor(private readonly options: AdzunaClientOptions) {
    this.apiUrl = (options.apiUrl ?? ADZUNA_DEFAULTS.apiUrl).replace(/\/$/, '');
    this.policy = { ...defaultRetryPolicy, ...options.policy };
    this.resultsPerPage = Math.min(50, options.resultsPerPage ?? ADZUNA_DEFAULTS.resultsPerPage);
  }

  async search(page: number, params: Record<string, string>): Promise<AdzunaPage> {
    const country = this.options.country ?? ADZUNA_DEFAULTS.country;
    const query = new URLSearchParams({
      app_id: this.options.appId,
      app_key: this.options.appKey,
      results_per_page: String(this.resultsPerPage),
      'content-type': 'application/json',
      ...params,
    });
    const url = `${this.apiUrl}/jobs/${country}/search/${page}?${query}`;
    const response = await requestWithRetry(url, {
      policy: this.policy,
      logger: this.options.logger,
      what: `adzuna search page ${page}`,
      counters: this.options.counters,
      beforeAttempt: this.options.beforeRequest,
      init: () => ({ headers: { accept: 'application/json' } }),
    });
    const json = JSON.parse(Buffer.from(await response.arrayBuffer()).toString('utf8')) as {
      results?: unknown;
      count?: unknown;
    };
    return {
      results: Array.isArray(json.results) ? json.results : [],
      count: typeof json.count === 'number' ? json.count : undefined,
    };
  }
}
