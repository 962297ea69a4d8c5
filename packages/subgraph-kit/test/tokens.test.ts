import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import {
  AccessTokenError,
  createAccessTokenSigner,
  createAccessTokenVerifier,
} from '../src/index.js';

const secret = 'a'.repeat(40);

describe('access tokens', () => {
  it('round-trips HS256 tokens and refuses other keys, expiry and garbage', async () => {
    const signer = await createAccessTokenSigner({ secret }, { ttlSeconds: 900 });
    const verifier = await createAccessTokenVerifier({ secret });
    const { token, expiresAt } = await signer.sign('user-1');
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(890_000);
    expect(await verifier.verify(token)).toMatchObject({ userId: 'user-1' });

    const other = await createAccessTokenVerifier({ secret: 'b'.repeat(40) });
    await expect(other.verify(token)).rejects.toMatchObject({ reason: 'invalid' });
    const old = await signer.sign('user-1', new Date(Date.now() - 3_600_000));
    await expect(verifier.verify(old.token)).rejects.toMatchObject({ reason: 'expired' });
    for (const garbage of ['', 'x', 'a.b.c', `${token}x`, 'e30.e30.', 'x'.repeat(5000)]) {
      await expect(verifier.verify(garbage)).rejects.toBeInstanceOf(AccessTokenError);
    }
    // A token without the access type, or for another audience, is not an access token.
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setIssuer('jobmarket-users')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(foreign)).rejects.toMatchObject({ reason: 'invalid' });
    await expect(createAccessTokenSigner({ secret: 'short' })).rejects.toThrow(/at least 32/);
  });

  it('round-trips EdDSA tokens, where only the private key can sign', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signer = await createAccessTokenSigner({ privateKeyPem });
    // PEM written on one line with \n, as environment variables often carry it.
    const verifier = await createAccessTokenVerifier({
      publicKeyPem: publicKeyPem.replace(/\n/g, '\\n'),
    });
    expect(signer.algorithm).toBe('EdDSA');
    const { token } = await signer.sign('user-2');
    expect((await verifier.verify(token)).userId).toBe('user-2');
    // Algorithm confusion: an HS256 token keyed with the public key text is refused.
    const confused = await new SignJWT({ typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-2')
      .setIssuer('jobmarket-users')
      .setAudience('jobmarket')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(publicKeyPem));
    await expect(verifier.verify(confused)).rejects.toMatchObject({ reason: 'invalid' });
  });
});
