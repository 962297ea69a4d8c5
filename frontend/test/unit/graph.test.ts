import { describe, expect, it } from 'vitest';
import { ApolloError } from '@apollo/client/core';
import { GraphQLError } from 'graphql';
import {
  isAvailable,
  isSchemaMismatch,
  missingFields,
  operationName,
  toGraphErrors,
} from '../../src/lib/graph';
import { OPERATION_NEEDS, PLANNED_FIELDS } from '../../src/gql/capabilities';
import { LoginDocument, MeDocument, SearchOffersDocument } from '../../src/gql/graphql';
import fr from '../../src/i18n/fr';
import en from '../../src/i18n/en';
import { baseCompile } from '@intlify/message-compiler';
import { plural } from '../../src/i18n';

describe('what the graph can answer', () => {
  it('names operations and knows which wait for planned fields', () => {
    expect(operationName(LoginDocument)).toBe('Login');
    expect(isAvailable(LoginDocument)).toBe(true);
    expect(missingFields(MeDocument)).toEqual(OPERATION_NEEDS.Me ?? []);
    // Whatever the supergraph holds today, an operation is unavailable exactly when it needs a planned field.
    for (const [name, needs] of Object.entries(OPERATION_NEEDS)) {
      for (const need of needs) expect(PLANNED_FIELDS).toContain(need);
      expect(typeof name).toBe('string');
    }
    expect(
      missingFields(SearchOffersDocument).every((field) => PLANNED_FIELDS.includes(field)),
    ).toBe(true);
  });

  it('reads partial-data errors, network errors and schema mismatches', () => {
    const partial = new ApolloError({
      graphQLErrors: [
        new GraphQLError('offers down', {
          path: ['searchOffers'],
          extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'offers' },
        }),
      ],
    });
    expect(toGraphErrors(partial)).toEqual([
      {
        message: 'offers down',
        code: 'SERVICE_UNAVAILABLE',
        path: ['searchOffers'],
        service: 'offers',
      },
    ]);
    const network = new ApolloError({ networkError: new Error('Failed to fetch') });
    expect(toGraphErrors(network)).toEqual([
      { message: 'Failed to fetch', code: 'NETWORK_ERROR', path: null, service: null },
    ]);
    const refused = Object.assign(new Error('400'), {
      result: {
        errors: [
          {
            message: 'Cannot query field "searchOffers" on type "Query".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
    const errors = toGraphErrors(new ApolloError({ networkError: refused }));
    expect(isSchemaMismatch(errors)).toBe(true);
    expect(isSchemaMismatch(toGraphErrors(partial))).toBe(false);
    expect(toGraphErrors(null)).toEqual([]);
  });
});

describe('messages', () => {
  const flatten = (value: object, prefix = ''): Record<string, string> =>
    Object.assign(
      {},
      ...Object.entries(value).map(([key, item]) =>
        typeof item === 'string'
          ? { [`${prefix}${key}`]: item }
          : flatten(item as object, `${prefix}${key}.`),
      ),
    );
  it('has the same keys in French and English', () => {
    expect(Object.keys(flatten(en)).sort()).toEqual(Object.keys(flatten(fr)).sort());
  });
  it('compiles every message (no stray @, {, |)', () => {
    const broken: string[] = [];
    for (const [key, message] of Object.entries({
      ...flatten(fr),
      ...Object.fromEntries(Object.entries(flatten(en)).map(([k, v]) => [`en.${k}`, v])),
    })) {
      baseCompile(message, { onError: () => broken.push(key) });
    }
    expect(broken).toEqual([]);
  });
  it('pluralises: two forms (0 and 1 singular in French) or three (none | one | many)', () => {
    expect([0, 1, 2].map((n) => plural(n, 2))).toEqual([0, 0, 1]);
    expect([0, 1, 72].map((n) => plural(n, 3))).toEqual([0, 1, 2]);
  });
});
