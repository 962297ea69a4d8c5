/**
 * HTTP plumbing shared by the API clients: a token-bucket rate limiter, and requests with bounded
 * exponential backoff and full jitter on 5xx and network errors, `Retry-After` honoured on 429,
 * and no retry on other 4xx.
 */
import type { Logger } from '@jobmarket/telemetry';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Token bucket: `ratePerSecond` tokens a second, bursts up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = ratePerSecond,
  ) {
    this.tokens = burst;
  }

  /** Resolves when a request may be sent. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        this.tokens = Math.min(
          this.burst,
          this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
        );
        this.last = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
      }
    });
    this.queue = turn;
    return turn;
  }
}

export interface RetryPolicy {
  /** Attempts for 5xx and network errors, the first included (default 5). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts when the API answers 429 (default 10). */
  maxRateLimitedAttempts: number;
  /** Longest Retry-After honoured; longer ones fail the request (default 120 s). */
  maxRetryAfterMs: number;
  /** Per request (default 30 s). */
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitedAttempts: 10,
  maxRetryAfterMs: 120_000,
  timeoutMs: 30_000,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status} from ${url}: ${body.slice(0, 300)}`);
    this.name = 'HttpError';
  }
}

const RETRIABLE = new Set([500, 502, 503, 504]);

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.random() * cap); // full jitter
}

export interface RequestOptions {
  limiter?: TokenBucket;
  policy: RetryPolicy;
  logger: Logger;
  /** Short name for logs, e.g. `francetravail search`. */
  what: string;
  /** Called before each attempt (e.g. to count it against a quota); may throw to stop. */
  beforeAttempt?: () => Promise<void>;
  /** Returns the init of each attempt (fresh headers, e.g. after a token refresh). */
  init: () => Promise<RequestInit> | RequestInit;
  /** Lets the caller handle a status itself (e.g. 401: refresh and replay); return a Response to finish, or undefined to go on. */
  onStatus?: (response: Response, attempt: number) => Promise<'retry' | undefined>;
  counters?: { requests: number; retries: number };
}

/** Sends a request with the retry rules; resolves with a 2xx response, throws HttpError otherwise. */
export async function requestWithRetry(url: string, options: RequestOptions): Promise<Response> {
  const { policy, logger, what } = options;
  let attempt = 0;
  let rateLimited = 0;
  for (;;) {
    attempt += 1;
    await options.limiter?.take();
    await options.beforeAttempt?.();
    if (options.counters) options.counters.requests += 1;
    let response: Response;
    try {
      response = await fetch(url, {
        ...(await options.init()),
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (error) {
      if (attempt >= policy.maxAttempts) throw error;
      const delay = backoffDelay(attempt, policy);
      logger.warn({ what, attempt, delayMs: delay, err: error }, 'network error; retrying');
      if (options.counters) options.counters.retries += 1;
      await sleep(delay);
      continue;
    }
    if (response.ok) return response;
    if (options.onStatus) {
      const decision = await options.onStatus(response, attempt);
      if (decision === 'retry') {
        await response.body?.cancel().catch(() => undefined);
        attempt -= 1; // a replay after a token refresh is not a failed attempt
        continue;
      }
    }
    const body = await response.text().catch(() => '');
    if (response.status === 429) {
      rateLimited += 1;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const delay = retryAfter ?? backoffDelay(rateLimited, policy);
      if (rateLimited >= policy.maxRateLimitedAttempts || delay > policy.maxRetryAfterMs) {
        throw new HttpError(429, url, body, retryAfter);
      }
      logger.warn(
        { what, retryAfterMs: retryAfter, delayMs: delay, body: body.slice(0, 200) },
        'rate limited (429); waiting',
      );
      if (options.counters) options.counters.retries += 1;
      attempt -= 1;
      await sleep(delay);
      continue;
    }
    if (RETRIABLE.has(response.status) && attempt < policy.maxAttempts) {
      const delay = backoffDelay(attempt, policy);
      logger.warn(
        { what, status: response.status, attempt, delayMs: delay },
        'server error; retrying',
      );
      if (options.counters) options.counters.retries += 1;
      await sleep(delay);
      continue;
    }
    throw new HttpError(response.status, url, body);
  }
}
