import { describe, expect, it } from 'vitest';
import { canonicalJson, identify, sha256Hex } from '../src/payload.js';

describe('canonical payloads', () => {
  it('sorts keys at every depth, so key order does not change the hash', () => {
    const a = canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 'é' } }, 'francetravail');
    const b = canonicalJson({ a: { c: 'é', d: [{ x: 2, y: 1 }] }, b: 1 }, 'francetravail');
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"é","d":[{"x":2,"y":1}]},"b":1}');
  });

  it("drops Adzuna's __CLASS__ everywhere, and only for Adzuna", () => {
    const job = {
      __CLASS__: 'Adzuna::API::Response::Job',
      id: '1',
      company: { __CLASS__: 'Adzuna::API::Response::Company', display_name: 'X' },
    };
    expect(canonicalJson(job, 'adzuna')).toBe('{"company":{"display_name":"X"},"id":"1"}');
    expect(canonicalJson(job, 'francetravail')).toContain('__CLASS__');
  });

  it('keeps strings exactly: HTML, emoji, mojibake, control characters', () => {
    const description = '<b>Café</b> 😀 Euros ï¿½ 1800,00 \u0000 \\n "q"';
    const text = canonicalJson({ id: 'X', description }, 'francetravail');
    expect((JSON.parse(text) as { description: string }).description).toBe(description);
  });
});

describe('identify', () => {
  it('identifies offers with a string or numeric id, whatever their other fields', () => {
    const drifted = {
      id: 5923102,
      salaire: [{ libelle: 'x' }],
      outilsBureautiques: 'Excel',
      nombrePostes: '2',
    };
    const result = identify(drifted, 'francetravail');
    expect(result).toMatchObject({ ok: true, sourceId: '5923102' });
    if (result.ok) expect(result.payloadHash).toBe(sha256Hex(result.payload));
  });

  it('rejects what cannot be identified, with the reason', () => {
    expect(identify('not json', 'adzuna')).toMatchObject({
      ok: false,
      reason: 'payload is a string, not an object',
    });
    expect(identify([1, 2], 'adzuna')).toMatchObject({
      ok: false,
      reason: 'payload is an array, not an object',
    });
    expect(identify(null, 'adzuna')).toMatchObject({
      ok: false,
      reason: 'payload is null, not an object',
    });
    expect(identify({ title: 'x' }, 'adzuna')).toMatchObject({
      ok: false,
      reason: 'payload has no id',
    });
    expect(identify({ id: '  ' }, 'adzuna')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^payload id is not usable/),
    });
    expect(identify({ id: { nested: 1 } }, 'adzuna')).toMatchObject({ ok: false });
  });
});
