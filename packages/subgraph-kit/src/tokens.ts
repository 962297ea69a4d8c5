import { randomUUID } from 'node:crypto';
import { env } from '@jobmarket/config';
import {
  SignJWT,
  errors as joseErrors,
  importPKCS8,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type KeyObject,
} from 'jose';
import { MIN_SECRET_LENGTH } from './identity.js';

/**
 * Access tokens: short-lived JWTs the users subgraph issues at login/refresh and the gateway
 * verifies on every request. Either HS256 with a shared secret (`AUTH_JWT_SECRET`), or EdDSA
 * (Ed25519) with a key pair so that only the users subgraph can sign (`AUTH_JWT_PRIVATE_KEY` in
 * users, `AUTH_JWT_PUBLIC_KEY` in the gateway, PEM). Claims: `sub` (user id), `iss`
 * `jobmarket-users`, `aud` `jobmarket`, `typ` `access`, `iat`, `exp`, `jti`.
 */

export const ACCESS_TOKEN_ISSUER = 'jobmarket-users';
export const ACCESS_TOKEN_AUDIENCE = 'jobmarket';

export interface AccessTokenKeys {
  /** HS256 shared secret (at least 32 characters). */
  secret?: string | undefined;
  /** EdDSA private key, PKCS#8 PEM (signer only). */
  privateKeyPem?: string | undefined;
  /** EdDSA public key, SPKI PEM (verifier only). */
  publicKeyPem?: string | undefined;
}

/** The variables of the token keys; a service spreads them into its spec. */
export const accessTokenEnv = {
  jwtSecret: env.optionalString('AUTH_JWT_SECRET', {
    description: `HS256 key for access tokens, at least ${MIN_SECRET_LENGTH} characters; or use the EdDSA key pair`,
  }),
  jwtPrivateKey: env.optionalString('AUTH_JWT_PRIVATE_KEY', {
    description: 'Ed25519 private key, PKCS#8 PEM (users subgraph only)',
  }),
  jwtPublicKey: env.optionalString('AUTH_JWT_PUBLIC_KEY', {
    description: 'Ed25519 public key, SPKI PEM (gateway)',
  }),
};

export class AccessTokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'expired' | 'invalid',
  ) {
    super(message);
    this.name = 'AccessTokenError';
  }
}

/** PEM from an environment variable, where newlines are often written as `\n`. */
function pem(text: string): string {
  return text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
}

function checkSecret(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return new TextEncoder().encode(secret);
}

export interface AccessTokenSigner {
  readonly algorithm: 'HS256' | 'EdDSA';
  readonly ttlSeconds: number;
  sign(userId: string, now?: Date): Promise<{ token: string; expiresAt: Date }>;
}

export async function createAccessTokenSigner(
  keys: AccessTokenKeys,
  { ttlSeconds = 15 * 60 }: { ttlSeconds?: number } = {},
): Promise<AccessTokenSigner> {
  let key: Uint8Array | CryptoKey | KeyObject;
  let algorithm: 'HS256' | 'EdDSA';
  if (keys.privateKeyPem) {
    algorithm = 'EdDSA';
    key = await importPKCS8(pem(keys.privateKeyPem), 'EdDSA');
  } else if (keys.secret) {
    algorithm = 'HS256';
    key = checkSecret(keys.secret);
  } else {
    throw new Error('set AUTH_JWT_SECRET or AUTH_JWT_PRIVATE_KEY to sign access tokens');
  }
  return {
    algorithm,
    ttlSeconds,
    async sign(userId, now = new Date()) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({ typ: 'access' })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt };
    },
  };
}

export interface AccessTokenVerifier {
  /** The user id of a valid access token; AccessTokenError otherwise. */
  verify(token: string): Promise<{ userId: string; expiresAt: Date }>;
}

export async function createAccessTokenVerifier(
  keys: AccessTokenKeys,
  { clockToleranceSeconds = 5 }: { clockToleranceSeconds?: number } = {},
): Promise<AccessTokenVerifier> {
  let key: Uint8Array | CryptoKey | KeyObject;
  let algorithm: 'HS256' | 'EdDSA';
  if (keys.publicKeyPem) {
    algorithm = 'EdDSA';
    key = await importSPKI(pem(keys.publicKeyPem), 'EdDSA');
  } else if (keys.secret) {
    algorithm = 'HS256';
    key = checkSecret(keys.secret);
  } else {
    throw new Error('set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY to verify access tokens');
  }
  return {
    async verify(token) {
      if (token.length > 4096)
        throw new AccessTokenError('The access token is malformed.', 'invalid');
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [algorithm],
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          clockTolerance: clockToleranceSeconds,
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        if (payload.typ !== 'access' || typeof payload.sub !== 'string' || payload.sub === '') {
          throw new AccessTokenError('The access token is not valid.', 'invalid');
        }
        return { userId: payload.sub, expiresAt: new Date((payload.exp ?? 0) * 1000) };
      } catch (error) {
        if (error instanceof AccessTokenError) throw error;
        if (error instanceof joseErrors.JWTExpired) {
          throw new AccessTokenError('The access token has expired; refresh it.', 'expired');
        }
        throw new AccessTokenError('The access token is not valid.', 'invalid');
      }
    },
  };
}
