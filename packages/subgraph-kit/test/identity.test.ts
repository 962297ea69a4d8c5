import { describe, expect, it } from 'vitest';
import { IDENTITY_HEADERS, signIdentity, verifyIdentity } from '../src/index.js';

const secret = 'k'.repeat(40);
const reader = (headers: Record<string, string>) => (name: string) => headers[name];

describe('gateway identity headers', () => {
  it('accepts what the gateway signed', () => {
    const headers = signIdentity({ userId: 'u-1', clientAddress: '203.0.113.9' }, secret);
    expect(verifyIdentity(reader(headers), secret)).toEqual({
      ok: true,
      signed: true,
      identity: { userId: 'u-1', clientAddress: '203.0.113.9' },
    });
    const anonymous = signIdentity({ userId: null, clientAddress: '203.0.113.9' }, secret);
    expect(verifyIdentity(reader(anonymous), secret)).toMatchObject({
      ok: true,
      identity: { userId: null },
    });
  });

  it('refuses forged, altered, unsigned and replayed headers', () => {
    const headers = signIdentity({ userId: 'u-1', clientAddress: '203.0.113.9' }, secret);
    expect(verifyIdentity(reader({ [IDENTITY_HEADERS.user]: 'u-2' }), secret).ok).toBe(false);
    expect(verifyIdentity(reader({ ...headers, [IDENTITY_HEADERS.user]: 'u-2' }), secret).ok).toBe(
      false,
    );
    expect(
      verifyIdentity(reader({ ...headers, [IDENTITY_HEADERS.clientAddress]: '10.0.0.1' }), secret)
        .ok,
    ).toBe(false);
    expect(verifyIdentity(reader(headers), 'x'.repeat(40)).ok).toBe(false);
    expect(
      verifyIdentity(reader({ ...headers, [IDENTITY_HEADERS.signature]: 'v1=zz' }), secret).ok,
    ).toBe(false);
    expect(verifyIdentity(reader(headers), secret, { now: Date.now() + 120_000 })).toEqual({
      ok: false,
      reason: 'identity signature expired',
    });
  });

  it('treats no identity header as anonymous unless signatures are required', () => {
    expect(verifyIdentity(reader({}), secret)).toMatchObject({
      ok: true,
      signed: false,
      identity: { userId: null },
    });
    expect(verifyIdentity(reader({}), secret, { requireSigned: true }).ok).toBe(false);
  });
});
