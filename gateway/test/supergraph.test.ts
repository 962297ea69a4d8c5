import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { buildApiSchemaFromSupergraph } from './api-schema.js';
import {
  composeSupergraph,
  discoverSubgraphs,
  loadSubgraphSdls,
  SUPERGRAPH_FILE,
  CompositionError,
} from '../src/compose.js';
import { readExamples, validExamples } from '../src/playground.js';

describe('the committed supergraph', () => {
  it('composes from every subgraph and is not stale (run `npm run compose` when this fails)', async () => {
    const subgraphs = await loadSubgraphSdls('src');
    expect(subgraphs.map((s) => s.name)).toEqual([...discoverSubgraphs(), 'platform'].sort());
    expect(subgraphs.map((s) => s.name)).toContain('users');
    const fresh = composeSupergraph(subgraphs);
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(fresh);
  });

  it('reports composition errors instead of writing a broken supergraph', () => {
    const a = {
      name: 'a',
      url: 'http://a/graphql',
      sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { x: Int }\ntype T @key(fields: "id") { id: ID! n: Int }',
    };
    const b = {
      name: 'b',
      url: 'http://b/graphql',
      sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { y: Int }\ntype T @key(fields: "id") { id: ID! n: String }',
    };
    expect(() => composeSupergraph([a, b])).toThrow(CompositionError);
  });

  it('has playground examples that are valid against it', () => {
    const api = buildApiSchemaFromSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    const valid = validExamples(api).map((example) => example.name);
    expect(valid).toEqual(
      expect.arrayContaining([
        '10-register',
        '20-login',
        '30-me',
        '40-update-profile',
        '50-save-and-apply',
        '60-refresh',
      ]),
    );
    for (const example of readExamples()) {
      expect(() => parse(example.query)).not.toThrow();
      if (example.variables) expect(() => JSON.parse(example.variables as string)).not.toThrow();
    }
    expect(validate(buildSchema('type Query { x: Int }'), parse('{ x }'))).toEqual([]);
  });
});
