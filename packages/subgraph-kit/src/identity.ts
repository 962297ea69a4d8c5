import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Trust between the gateway and the subgraphs.
 *
 * The gateway verifies the user's access token, then forwards who the user is (and the client's
 * address, for per-address throttling) in headers signed with HMAC-SHA256 under the shared
 * `INTERNAL_AUTH_SECRET`. The signature covers a version tag, a timestamp, the user id and the
 * client address, so none of them can be changed, and a captured header set is only accepted for
 * `maxAgeMs` (60 s by default) around its timestamp.
 *
 * A subgraph refuses a request that carries any identity header without a valid signature (a
 * forged `x-jobmarket-user` never reaches a resolver). A request with no identity header at all is
 * anonymous, unless the subgraph requires every request to come through the gateway.
 */
export const IDENTITY_HEADERS = {
  /** The signed-in user's id; empty for an anonymous request. */
  user: 'x-jobmarket-user',
  /** The end client's IP address, as the gateway saw it. */
  clientAddress: 'x-jobmarket-client-address',
  /** Milliseconds since the epoch when the gateway signed. */
  timestamp: 'x-jobmarket-identity-ts',
  /** `v1=<hex HMAC-SHA256>`. */
  signature: 'x-jobmarket-identity-sig',
} as const;

const VERSION = 'v1';

export interface Identity {
  /** The verified user id, or null for an anonymous request. */
  userId: string | null;
  /** The end client's address as seen by the gateway, or null when unknown. */
  clientAddress: string | null;
}

/** Minimum length of INTERNAL_AUTH_SECRET (and AUTH_JWT_SECRET): 32 characters. */
export const MIN_SECRET_LENGTH = 32;

function mac(secret: string, timestamp: string, userId: string, clientAddress: string): string {
  return createHmac('sha256', secret)
    .update(`${VERSION}\n${timestamp}\n${userId}\n${clientAddress}`)
    .digest('hex');
}

/** The headers the gateway adds to a subgraph request. */
export function signIdentity(
  identity: Identity,
  secret: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  const userId = identity.userId ?? '';
  const clientAddress = identity.clientAddress ?? '';
  return {
    [IDENTITY_HEADERS.user]: userId,
    [IDENTITY_HEADERS.clientAddress]: clientAddress,
    [IDENTITY_HEADERS.timestamp]: timestamp,
    [IDENTITY_HEADERS.signature]: `${VERSION}=${mac(secret, timestamp, userId, clientAddress)}`,
  };
}

export type HeaderSource = (name: string) => string | undefined;

export type IdentityVerification =
  { ok: true; signed: boolean; identity: Identity } | { ok: false; reason: string };

export interface VerifyOptions {
  /** Accept a signature at most this far from now, either way (60 s). */
  maxAgeMs?: number;
  /** Refuse requests without identity headers too (subgraph reachable only through the gateway). */
  requireSigned?: boolean;
  now?: number;
}

/** Checks the identity headers of an incoming subgraph request. */
export function verifyIdentity(
  header: HeaderSource,
  secret: string,
  { maxAgeMs = 60_000, requireSigned = false, now = Date.now() }: VerifyOptions = {},
): IdentityVerification {
  const values = {
    user: header(IDENTITY_HEADERS.user),
    clientAddress: header(IDENTITY_HEADERS.clientAddress),
    timestamp: header(IDENTITY_HEADERS.timestamp),
    signature: header(IDENTITY_HEADERS.signature),
  };
  const present = Object.values(values).some((value) => value !== undefined);
  if (!present) {
    return requireSigned
      ? { ok: false, reason: 'this service only accepts requests signed by the gateway' }
      : { ok: true, signed: false, identity: { userId: null, clientAddress: null } };
  }
  const { user = '', clientAddress = '', timestamp, signature } = values;
  if (timestamp === undefined || signature === undefined) {
    return { ok: false, reason: 'identity headers without a signature' };
  }
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'malformed identity timestamp' };
  if (Math.abs(now - Number(timestamp)) > maxAgeMs)
    return { ok: false, reason: 'identity signature expired' };
  const match = /^v1=([0-9a-f]{64})$/.exec(signature);
  if (!match?.[1]) return { ok: false, reason: 'malformed identity signature' };
  const expected = Buffer.from(mac(secret, timestamp, user, clientAddress), 'hex');
  const given = Buffer.from(match[1], 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'invalid identity signature' };
  }
  return {
    ok: true,
    signed: true,
    identity: {
      userId: user === '' ? null : user,
      clientAddress: clientAddress === '' ? null : clientAddress,
    },
  };
}
