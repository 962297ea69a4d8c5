import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertSecretLengths } from '../src/index.js';

describe('secret checks', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('stops on a short secret, naming the variable but never printing its value', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    vi.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
      throw new Error(`exit ${code}`);
    });
    expect(() =>
      assertSecretLengths({ INTERNAL_AUTH_SECRET: 'hunter2-TOP-SECRET', OTHER: 'x'.repeat(40) }),
    ).toThrow('exit 78');
    expect(written.join('')).toContain('INTERNAL_AUTH_SECRET is too short');
    expect(written.join('')).not.toContain('hunter2');
    expect(written.join('')).not.toContain('OTHER');
    expect(() => assertSecretLengths({ A: 'y'.repeat(32), B: undefined })).not.toThrow();
  });
});
