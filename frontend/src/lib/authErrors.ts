import type { GraphError } from './graph';

/** The message (key + params) for a failed sign-in or sign-up. */
export function authErrorMessage(errors: readonly GraphError[]): {
  key: string;
  params?: Record<string, string>;
} {
  const first = errors[0];
  if (!first) return { key: 'auth.errors.generic', params: { message: '?' } };
  if (first.code === 'RATE_LIMITED') return { key: 'auth.errors.rateLimited' };
  if (first.code === 'UNAUTHENTICATED') return { key: 'auth.errors.badCredentials' };
  if (first.code === 'BAD_USER_INPUT' && /already exists/i.test(first.message))
    return { key: 'auth.errors.emailTaken' };
  if (first.code === 'BAD_USER_INPUT' && /email/i.test(first.message))
    return { key: 'auth.errors.emailInvalid' };
  if (first.code === 'NETWORK_ERROR') return { key: 'state.networkError' };
  return { key: 'auth.errors.generic', params: { message: first.message } };
}

/** Where to go after signing in: the `suite` query parameter when it is a local path. */
export function nextPath(raw: unknown, fallback: string): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') ? raw : fallback;
}
