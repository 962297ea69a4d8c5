/**
 * Form validation shared by sign-up, profile and the visitor form. The password rules mirror the
 * users subgraph's (subgraphs/users/src/passwords.ts), which stays the judge: the server's policy
 * (`passwordPolicy`) gives the lengths and the list of rules; a rule this file does not know is
 * shown with the server's description and checked by the server only.
 */
export interface PolicyRule {
  id: string;
  description: string;
}

export interface PasswordPolicyLike {
  minLength: number;
  maxLength: number;
  rules: readonly PolicyRule[];
}

export const DEFAULT_POLICY: PasswordPolicyLike = {
  minLength: 10,
  maxLength: 128,
  rules: ['MIN_LENGTH', 'MAX_LENGTH', 'LOWERCASE', 'UPPERCASE', 'DIGIT', 'SYMBOL', 'NOT_EMAIL'].map(
    (id) => ({
      id,
      description: id,
    }),
  ),
};

export interface RuleCheck {
  id: string;
  description: string;
  /** null: checked by the server only. */
  ok: boolean | null;
  /** The number the rule's message needs (lengths). */
  n?: number;
}

const length = (value: string) => [...value].length;

export function checkPassword(
  password: string,
  email: string,
  policy: PasswordPolicyLike = DEFAULT_POLICY,
): RuleCheck[] {
  const local = (email.split('@')[0] ?? '').toLowerCase();
  return policy.rules.map((rule) => {
    const base = { id: rule.id, description: rule.description };
    switch (rule.id) {
      case 'MIN_LENGTH':
        return { ...base, ok: length(password) >= policy.minLength, n: policy.minLength };
      case 'MAX_LENGTH':
        return { ...base, ok: length(password) <= policy.maxLength, n: policy.maxLength };
      case 'LOWERCASE':
        return { ...base, ok: /\p{Ll}/u.test(password) };
      case 'UPPERCASE':
        return { ...base, ok: /\p{Lu}/u.test(password) };
      case 'DIGIT':
        return { ...base, ok: /\p{Nd}/u.test(password) };
      case 'SYMBOL':
        return { ...base, ok: /[^\p{L}\p{N}\s]/u.test(password) };
      case 'NOT_EMAIL':
        return { ...base, ok: local.length < 3 || !password.toLowerCase().includes(local) };
      default:
        return { ...base, ok: null };
    }
  });
}

export function passwordAcceptable(checks: readonly RuleCheck[]): boolean {
  return checks.every((check) => check.ok !== false);
}

export function emailValid(email: string): boolean {
  const value = email.trim();
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(value);
}

/** "a, b,, c " → ["a", "b", "c"] (trimmed, deduplicated case-insensitively, bounded). */
export function splitList(text: string, max = 20): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,;\n]/)) {
    const value = part.trim().slice(0, 100);
    const key = value.toLowerCase();
    if (!value || seen.has(key)) continue;
    seen.add(key);
    out.push(value);
    if (out.length >= max) break;
  }
  return out;
}

export const ROME_CODE_PATTERN = /^[A-N]\d{4}$/;

export interface ProfileDraft {
  /** Text from the form (a number input's v-model may hand a number). */
  radiusKm: string | number;
  minSalary: string | number;
  desiredRomeCodes: string[];
  locationLabel: string;
  hasLocation: boolean;
}

export type ProfileErrors = Partial<
  Record<'radiusKm' | 'minSalary' | 'desiredRomeCodes' | 'location', string>
>;

/** Message keys (profile.errors.*) of what is wrong in a profile form; empty when it is fine. */
export function validateProfile(draft: ProfileDraft): ProfileErrors {
  const errors: ProfileErrors = {};
  const radiusText = String(draft.radiusKm ?? '').trim();
  const salaryText = String(draft.minSalary ?? '').trim();
  if (radiusText !== '') {
    const radius = Number(radiusText);
    if (!Number.isInteger(radius) || radius < 1 || radius > 500)
      errors.radiusKm = 'profile.errors.radius';
  }
  if (salaryText !== '') {
    const salary = Number(salaryText);
    if (!Number.isInteger(salary) || salary < 0 || salary > 1_000_000)
      errors.minSalary = 'profile.errors.minSalary';
  }
  if (draft.desiredRomeCodes.some((code) => !ROME_CODE_PATTERN.test(code))) {
    errors.desiredRomeCodes = 'profile.errors.romeCode';
  }
  if (draft.locationLabel.trim() !== '' && !draft.hasLocation)
    errors.location = 'profile.errors.location';
  return errors;
}
