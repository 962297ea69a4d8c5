import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  DEFAULT_POLICY,
  emailValid,
  passwordAcceptable,
  splitList,
  validateProfile,
} from '../../src/lib/validation';
import { emptyProfileForm, profileFormFrom, toProfileInput } from '../../src/lib/profile';
import { authErrorMessage, nextPath } from '../../src/lib/authErrors';

const ok = (password: string, email = 'marie.curie@example.fr') =>
  Object.fromEntries(checkPassword(password, email).map((check) => [check.id, check.ok]));

describe('password rules (as the users subgraph states them)', () => {
  it('ticks each rule as the password grows', () => {
    expect(ok('')).toEqual({
      MIN_LENGTH: false,
      MAX_LENGTH: true,
      LOWERCASE: false,
      UPPERCASE: false,
      DIGIT: false,
      SYMBOL: false,
      NOT_EMAIL: true,
    });
    expect(ok('abc')).toMatchObject({ LOWERCASE: true, UPPERCASE: false });
    expect(ok('Abcdefghij1!')).toEqual({
      MIN_LENGTH: true,
      MAX_LENGTH: true,
      LOWERCASE: true,
      UPPERCASE: true,
      DIGIT: true,
      SYMBOL: true,
      NOT_EMAIL: true,
    });
    expect(passwordAcceptable(checkPassword('Abcdefghij1!', 'a@b.fr'))).toBe(true);
  });

  it('counts characters, not UTF-16 units, and knows accented letters', () => {
    expect(ok('Éééééééé1!')).toMatchObject({ MIN_LENGTH: true, UPPERCASE: true, LOWERCASE: true });
    expect(ok('😀😀😀😀😀😀😀😀😀')).toMatchObject({ MIN_LENGTH: false });
  });

  it('refuses a password containing the email local part', () => {
    expect(ok('Marie.curie2024!')).toMatchObject({ NOT_EMAIL: false });
    expect(ok('Xy!1abcdefg', 'xy@example.fr')).toMatchObject({ NOT_EMAIL: true });
  });

  it('takes lengths from the server policy and leaves unknown rules to the server', () => {
    const checks = checkPassword('Abc1!', '', {
      minLength: 4,
      maxLength: 8,
      rules: [
        { id: 'MIN_LENGTH', description: '' },
        { id: 'NO_PWNED', description: 'not leaked' },
      ],
    });
    expect(checks).toEqual([
      { id: 'MIN_LENGTH', description: '', ok: true, n: 4 },
      { id: 'NO_PWNED', description: 'not leaked', ok: null },
    ]);
    expect(passwordAcceptable(checks)).toBe(true);
    expect(DEFAULT_POLICY.rules.map((rule) => rule.id)).toContain('SYMBOL');
  });
});

describe('form helpers', () => {
  it('validates emails', () => {
    expect(emailValid('a@b.fr')).toBe(true);
    expect(emailValid(' a@b.fr ')).toBe(true);
    expect(emailValid('a@b')).toBe(false);
    expect(emailValid('a b@c.fr')).toBe(false);
  });

  it('splits lists', () => {
    expect(splitList(' Java, python,,JAVA ; SQL\n')).toEqual(['Java', 'python', 'SQL']);
    expect(splitList(Array.from({ length: 30 }, (_, i) => `s${i}`).join(','))).toHaveLength(20);
  });

  it('validates the profile form', () => {
    const base = {
      radiusKm: '30',
      minSalary: '',
      desiredRomeCodes: ['M1805'],
      locationLabel: '',
      hasLocation: false,
    };
    expect(validateProfile(base)).toEqual({});
    expect(
      validateProfile({
        ...base,
        radiusKm: '0',
        minSalary: '-1',
        desiredRomeCodes: ['X1'],
        locationLabel: 'Lyon',
      }),
    ).toEqual({
      radiusKm: 'profile.errors.radius',
      minSalary: 'profile.errors.minSalary',
      desiredRomeCodes: 'profile.errors.romeCode',
      location: 'profile.errors.location',
    });
    expect(validateProfile({ ...base, radiusKm: '12.5' }).radiusKm).toBeDefined();
  });

  it('turns the profile form into the graph input and back', () => {
    const form = {
      ...emptyProfileForm(),
      displayName: ' Marie ',
      desiredRomeCodes: [{ code: 'M1805', label: 'M1805 – Études et développement informatique' }],
      jobTitles: 'Développeuse, data engineer',
      skills: [{ name: 'Java', level: 'ADVANCED' as const }],
      location: { label: 'Lyon', latitude: 45.76, longitude: 4.83, communeCode: '69123' },
      radiusKm: '25',
      contractTypes: ['CDI' as const],
      minSalary: '42000',
    };
    const input = toProfileInput(form);
    expect(input).toEqual({
      displayName: 'Marie',
      desiredRomeCodes: ['M1805'],
      desiredJobTitles: ['Développeuse', 'data engineer'],
      skills: [{ name: 'Java', level: 'ADVANCED' }],
      location: { label: 'Lyon', latitude: 45.76, longitude: 4.83, communeCode: '69123' },
      radiusKm: 25,
      contractTypes: ['CDI'],
      seniority: null,
      minSalary: 42000,
      remoteModes: [],
    });
    const back = profileFormFrom({
      ...(input as Record<string, unknown>),
      location: { ...input.location!, communeCode: '69123' },
      updatedAt: '',
    } as never);
    expect(back.radiusKm).toBe('25');
    expect(back.jobTitles).toBe('Développeuse, data engineer');
    expect(toProfileInput(emptyProfileForm())).toMatchObject({
      displayName: null,
      location: null,
      minSalary: null,
      radiusKm: 30,
    });
  });

  it('maps sign-in errors to messages and keeps redirects local', () => {
    const error = (code: string, message = '') => [{ code, message, path: null, service: null }];
    expect(authErrorMessage(error('UNAUTHENTICATED')).key).toBe('auth.errors.badCredentials');
    expect(authErrorMessage(error('RATE_LIMITED')).key).toBe('auth.errors.rateLimited');
    expect(
      authErrorMessage(
        error(
          'BAD_USER_INPUT',
          'An account with this email address already exists; sign in instead.',
        ),
      ).key,
    ).toBe('auth.errors.emailTaken');
    expect(authErrorMessage(error('NETWORK_ERROR')).key).toBe('state.networkError');
    expect(nextPath('/mes-offres', '/')).toBe('/mes-offres');
    expect(nextPath('//evil.example', '/')).toBe('/');
    expect(nextPath('https://evil.example', '/')).toBe('/');
  });
});
