import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  STORAGE_KEY,
  applyAuthPayload,
  clearSession,
  ensureAccessToken,
  restoreSession,
  session,
  setRefreshExchange,
  storedRefreshToken,
} from '../../src/lib/session';

const payload = (n: number, ttlMs = 15 * 60_000) => ({
  accessToken: `access-${n}`,
  accessTokenExpiresAt: new Date(Date.now() + ttlMs).toISOString(),
  refreshToken: `refresh-${n}`,
  refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  user: { id: 'u1', email: 'marie@example.fr' },
});

describe('session with a rotating refresh token', () => {
  beforeEach(() => {
    localStorage.clear();
    clearSession();
  });

  it('keeps only the refresh token in storage and resumes after a reload', async () => {
    applyAuthPayload(payload(1));
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY)!);
    expect(stored).toMatchObject({
      refreshToken: 'refresh-1',
      user: { email: 'marie@example.fr' },
    });
    expect(JSON.stringify(stored)).not.toContain('access-1');
    const exchange = vi.fn(async (token: string) =>
      token === 'refresh-1' ? payload(2) : ('rejected' as const),
    );
    setRefreshExchange(exchange);
    await restoreSession();
    expect(exchange).toHaveBeenCalledWith('refresh-1');
    expect(session.status).toBe('signed-in');
    expect(session.accessToken).toBe('access-2');
    expect(storedRefreshToken()).toBe('refresh-2');
  });

  it('refreshes once for many concurrent callers (a reused refresh token would sign out)', async () => {
    applyAuthPayload(payload(1, 10_000)); // expires within the margin
    let calls = 0;
    setRefreshExchange(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return payload(2);
    });
    const tokens = await Promise.all([
      ensureAccessToken(),
      ensureAccessToken(),
      ensureAccessToken(),
    ]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
    expect(calls).toBe(1);
    expect(await ensureAccessToken()).toBe('access-2');
    expect(calls).toBe(1);
  });

  it('signs out when the refresh token is refused, stays signed in on a network error', async () => {
    applyAuthPayload(payload(1, 0));
    setRefreshExchange(async () => {
      throw new Error('offline');
    });
    expect(await ensureAccessToken()).toBeNull();
    expect(session.status).toBe('signed-in');
    expect(storedRefreshToken()).toBe('refresh-1');
    setRefreshExchange(async () => 'rejected');
    expect(await ensureAccessToken()).toBeNull();
    expect(session.status).toBe('anonymous');
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('is anonymous without a stored session, and ignores a corrupt one', async () => {
    localStorage.setItem(STORAGE_KEY, '{not json');
    await restoreSession();
    expect(session.status).toBe('anonymous');
  });
});
