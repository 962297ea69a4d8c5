import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import {
  boundedList,
  boundedNumber,
  boundedString,
  decodeCursor,
  encodeCursor,
  errorCode,
  offsetCursor,
  optionalString,
  pageSize,
  parseId,
  parseUuid,
} from '../src/index.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return errorCode(error);
  }
  return undefined;
}

describe('input bounds', () => {
  it('bounds page sizes to 1..100 with a default', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null, { default: 10 })).toBe(10);
    expect(pageSize(100)).toBe(100);
    for (const bad of [0, -1, 101, 1.5, Number.NaN])
      expect(codeOf(() => pageSize(bad))).toBe('BAD_USER_INPUT');
  });

  it('bounds strings by characters after trimming and NFC', () => {
    expect(boundedString('  Cafe\u0301  ', { argument: 'q', max: 4 })).toBe('Café');
    expect(codeOf(() => boundedString('x'.repeat(201), { argument: 'q', max: 200 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => boundedString('x'.repeat(1_000_000), { argument: 'q', max: 200 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => boundedString('  ', { argument: 'q', max: 10, min: 1 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => boundedString('a\u0000b', { argument: 'q', max: 10 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(boundedString("'; drop table users; --", { argument: 'q', max: 100 })).toBe(
      "'; drop table users; --",
    );
    expect(optionalString('  ', { argument: 'q', max: 10 })).toBeNull();
    expect(optionalString(undefined, { argument: 'q', max: 10 })).toBeNull();
  });

  it('bounds lists and numbers', () => {
    expect(boundedList([1, 2], { argument: 'l', max: 2 }, (v) => v * 2)).toEqual([2, 4]);
    expect(codeOf(() => boundedList([1, 2, 3], { argument: 'l', max: 2 }, (v) => v))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => boundedNumber(1e9, { argument: 'n', min: 0, max: 100 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(boundedNumber(2.5, { argument: 'n', min: 0, max: 100, integer: false })).toBe(2.5);
  });

  it('checks ids', () => {
    expect(parseUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    );
    expect(codeOf(() => parseUuid('nope'))).toBe('BAD_USER_INPUT');
    expect(parseId('francetravail:123ABC')).toBe('francetravail:123ABC');
    expect(codeOf(() => parseId("1' or '1'='1"))).toBe('BAD_USER_INPUT');
  });

  it('round-trips cursors and refuses garbage with BAD_USER_INPUT', () => {
    const isPayload = (value: unknown): value is { id: number } =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { id?: unknown }).id === 'number';
    expect(decodeCursor(encodeCursor({ id: 7 }), isPayload)).toEqual({ id: 7 });
    for (const garbage of [
      '',
      '!!!',
      'bm90IGpzb24',
      encodeCursor({ other: 1 }),
      Buffer.from('["c0",{"id":1}]').toString('base64url'),
      'a'.repeat(5000),
    ]) {
      expect(codeOf(() => decodeCursor(garbage, isPayload))).toBe('BAD_USER_INPUT');
    }
    expect(offsetCursor.decode(offsetCursor.encode(40))).toBe(40);
    expect(offsetCursor.decode(null)).toBe(0);
    expect(codeOf(() => offsetCursor.decode(encodeCursor({ o: -1 })))).toBe('BAD_USER_INPUT');
  });
});
