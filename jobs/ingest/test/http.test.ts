import { describe, expect, it } from 'vitest';
import { TokenBucket, backoffDelay, defaultRetryPolicy, parseRetryAfter } from '../src/http.js';
import { parseContentRangeTotal, apiDate } from '../src/sources/francetravail/client.js';

describe('http helpers', () => {
  it('token bucket holds the rate', async () => {
    const bucket = new TokenBucket(20, 1);
    const started = Date.now();
    for (let i = 0; i < 11; i += 1) await bucket.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450); // 10 waits of 50 ms
  });

  it('backoff is bounded, exponential and jittered', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000 };
    for (let attempt = 1; attempt < 10; attempt += 1) {
      const delay = backoffDelay(attempt, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** (attempt - 1)));
    }
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('1')).toBe(1_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(Date.now() + 3_000).toUTCString())).toBeGreaterThan(1_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('reads the Content-Range total in every observed form', () => {
    expect(parseContentRangeTotal('offres 0-149/9981')).toBe(9981);
    expect(parseContentRangeTotal('offres 300-352/353')).toBe(353);
    expect(parseContentRangeTotal('offres -1--1/353')).toBe(353);
    expect(parseContentRangeTotal('offres */0')).toBe(0);
    expect(parseContentRangeTotal(null)).toBeUndefined();
    expect(apiDate(new Date('2025-08-20T10:00:00.632Z'))).toBe('2025-08-20T10:00:00Z');
  });
});
