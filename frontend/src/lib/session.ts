/**
 * The signed-in session. The access token (short-lived JWT) lives in memory only; the refresh
 * token is kept in localStorage so a reload keeps the session: at start, and whenever the access
 * token is about to expire, the refresh token is exchanged for a new pair (the users subgraph
 * rotates it and treats a reused one as theft, so exchanges are serialised: one at a time in this
 * tab, and across tabs through the Web Locks API, re-reading the stored token once the lock is held).
 */
import { reactive, readonly } from 'vue';

export interface SessionUser {
  id: string;
  email: string;
}

export interface AuthPayloadLike {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: SessionUser;
}

export type SessionStatus = 'restoring' | 'anonymous' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
  accessToken: string | null;
  accessTokenExpiresAt: number;
}

export const STORAGE_KEY = 'jobmarket.session';
const EXPIRY_MARGIN_MS = 30_000;

interface Stored {
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: SessionUser;
}

const state = reactive<SessionState>({
  status: 'restoring',
  user: null,
  accessToken: null,
  accessTokenExpiresAt: 0,
});

export const session = readonly(state);

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readStored(): Stored | null {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Stored>;
    if (typeof value.refreshToken !== 'string' || !value.user || typeof value.user.id !== 'string')
      return null;
    if (value.refreshTokenExpiresAt && Date.parse(value.refreshTokenExpiresAt) < Date.now())
      return null;
    return value as Stored;
  } catch {
    return null;
  }
}

function writeStored(value: Stored | null): void {
  const store = storage();
  if (!store) return;
  if (value) store.setItem(STORAGE_KEY, JSON.stringify(value));
  else store.removeItem(STORAGE_KEY);
}

/** Records a new token pair (after register, login or refresh). */
export function applyAuthPayload(payload: AuthPayloadLike): void {
  state.user = { id: payload.user.id, email: payload.user.email };
  state.accessToken = payload.accessToken;
  state.accessTokenExpiresAt = Date.parse(payload.accessTokenExpiresAt) || Date.now() + 60_000;
  state.status = 'signed-in';
  writeStored({
    refreshToken: payload.refreshToken,
    refreshTokenExpiresAt: payload.refreshTokenExpiresAt,
    user: state.user,
  });
}

/** Forgets the session locally (the caller revokes the refresh token first when it can). */
export function clearSession(): void {
  state.user = null;
  state.accessToken = null;
  state.accessTokenExpiresAt = 0;
  state.status = 'anonymous';
  writeStored(null);
}

export function accessTokenIsFresh(now = Date.now()): boolean {
  return state.accessToken !== null && state.accessTokenExpiresAt - EXPIRY_MARGIN_MS > now;
}

/** How a refresh token is exchanged (the GraphQL `refresh` mutation; set by the Apollo module). */
export type RefreshExchange = (refreshToken: string) => Promise<AuthPayloadLike | 'rejected'>;
let exchange: RefreshExchange | null = null;
export function setRefreshExchange(fn: RefreshExchange): void {
  exchange = fn;
}

let inFlight: Promise<string | null> | null = null;

async function withCrossTabLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks =
    typeof navigator !== 'undefined'
      ? (navigator as Navigator & { locks?: LockManager }).locks
      : undefined;
  if (!locks) return fn();
  return locks.request('jobmarket-refresh', fn) as Promise<T>;
}

/**
 * A valid access token, refreshing it first when it is (about to be) expired; null when there is
 * no session or the refresh token was refused (then the session is cleared).
 */
export function ensureAccessToken(force = false): Promise<string | null> {
  if (!force && accessTokenIsFresh()) return Promise.resolve(state.accessToken);
  if (inFlight) return inFlight;
  const before = readStored();
  if (!before || !exchange) {
    if (state.status !== 'signed-in' || !before) clearSession();
    return Promise.resolve(null);
  }
  const run = exchange;
  inFlight = withCrossTabLock(async () => {
    // Another tab may have rotated the token while this one waited for the lock.
    const stored = readStored();
    if (!stored) {
      clearSession();
      return null;
    }
    if (
      stored.refreshToken !== before.refreshToken &&
      !force &&
      state.accessToken &&
      accessTokenIsFresh()
    ) {
      return state.accessToken;
    }
    try {
      const result = await run(stored.refreshToken);
      if (result === 'rejected') {
        clearSession();
        return null;
      }
      applyAuthPayload(result);
      return result.accessToken;
    } catch {
      // Network trouble: keep the stored session (a later call tries again), but no token now.
      if (state.status === 'restoring') state.status = stored ? 'signed-in' : 'anonymous';
      if (stored) state.user = stored.user;
      return null;
    }
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** At start: resume a stored session (one refresh), or become anonymous. */
export async function restoreSession(): Promise<void> {
  const stored = readStored();
  if (!stored) {
    clearSession();
    return;
  }
  state.user = stored.user;
  await ensureAccessToken(true);
  if (state.status === 'restoring') state.status = readStored() ? 'signed-in' : 'anonymous';
}

export function storedRefreshToken(): string | null {
  return readStored()?.refreshToken ?? null;
}
