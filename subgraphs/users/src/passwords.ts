import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which isolatedModules cannot read). */
const ARGON2ID = 2 as Algorithm;
import { badUserInput } from '@jobmarket/subgraph-kit';

/** argon2id cost. Defaults: 64 MiB, 3 passes, 1 lane (RFC 9106's memory-constrained choice). */
export interface HashingCost {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_HASHING_COST: HashingCost = { memoryKib: 65_536, timeCost: 3, parallelism: 1 };
/** Below this (OWASP's minimum for argon2id: 19 MiB, 2 passes) the service refuses to start. */
export const MIN_HASHING_COST: HashingCost = { memoryKib: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordRuleCheck {
  id: string;
  description: string;
  ok: (password: string, email: string) => boolean;
}

const length = (value: string) => [...value].length;

export const passwordRules: readonly PasswordRuleCheck[] = [
  {
    id: 'MIN_LENGTH',
    description: `at least ${PASSWORD_MIN_LENGTH} characters`,
    ok: (p) => length(p) >= PASSWORD_MIN_LENGTH,
  },
  {
    id: 'MAX_LENGTH',
    description: `at most ${PASSWORD_MAX_LENGTH} characters`,
    ok: (p) => length(p) <= PASSWORD_MAX_LENGTH,
  },
  { id: 'LOWERCASE', description: 'a lowercase letter', ok: (p) => /\p{Ll}/u.test(p) },
  { id: 'UPPERCASE', description: 'an uppercase letter', ok: (p) => /\p{Lu}/u.test(p) },
  { id: 'DIGIT', description: 'a digit', ok: (p) => /\p{Nd}/u.test(p) },
  {
    id: 'SYMBOL',
    description: 'a symbol or punctuation mark (e.g. ! ? - _ #)',
    ok: (p) => /[^\p{L}\p{N}\s]/u.test(p),
  },
  {
    id: 'NOT_EMAIL',
    description: 'not containing your email address',
    ok: (p, email) => {
      const local = email.split('@')[0] ?? '';
      return local.length < 3 || !p.toLowerCase().includes(local);
    },
  },
];

/** The rules a password breaks; empty when it is acceptable. */
export function missingPasswordRules(password: string, email: string): PasswordRuleCheck[] {
  return passwordRules.filter((rule) => !rule.ok(password, email));
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** BAD_USER_INPUT listing every rule the password breaks, e.g. "The password needs at least 10 characters, an uppercase letter and a digit." */
export function assertPasswordAcceptable(
  password: string,
  email: string,
  argument = 'password',
): void {
  if (typeof password !== 'string' || password.length > PASSWORD_MAX_LENGTH * 4) {
    throw badUserInput(`The password must be at most ${PASSWORD_MAX_LENGTH} characters.`, {
      argument,
      missing: ['MAX_LENGTH'],
    });
  }
  const missing = missingPasswordRules(password, email);
  if (missing.length === 0) return;
  const breaksMax = missing.some((rule) => rule.id === 'MAX_LENGTH');
  const needs = missing.filter((rule) => rule.id !== 'MAX_LENGTH' && rule.id !== 'NOT_EMAIL');
  const parts: string[] = [];
  if (needs.length > 0) parts.push(`needs ${listInWords(needs.map((rule) => rule.description))}`);
  if (breaksMax) parts.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (missing.some((rule) => rule.id === 'NOT_EMAIL'))
    parts.push('must not contain your email address');
  throw badUserInput(`The password ${parts.join('; it ')}.`, {
    argument,
    missing: missing.map((rule) => rule.id),
  });
}

/**
 * argon2id hashing, at most `concurrency` at a time (each hash takes `memoryKib` of memory and a
 * core for tens of milliseconds; unbounded, a burst of logins could exhaust the machine).
 */
export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private dummyHash: Promise<string> | undefined;

  constructor(
    readonly cost: HashingCost = DEFAULT_HASHING_COST,
    private readonly concurrency = 2,
  ) {
    if (cost.memoryKib < MIN_HASHING_COST.memoryKib || cost.timeCost < MIN_HASHING_COST.timeCost) {
      throw new Error(
        `argon2id cost too low: at least ${MIN_HASHING_COST.memoryKib} KiB and ${MIN_HASHING_COST.timeCost} passes`,
      );
    }
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  hash(password: string): Promise<string> {
    return this.limited(() =>
      hash(password, {
        algorithm: ARGON2ID,
        memoryCost: this.cost.memoryKib,
        timeCost: this.cost.timeCost,
        parallelism: this.cost.parallelism,
      }),
    );
  }

  /** Verifies against `storedHash`, or against a dummy hash when there is no account, so both take as long. */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    if (storedHash === null) {
      this.dummyHash ??= this.hash('no account has this password, it only spends the same time');
      const dummy = await this.dummyHash;
      await this.limited(() => verify(dummy, password).catch(() => false));
      return false;
    }
    return this.limited(() => verify(storedHash, password).catch(() => false));
  }
}
