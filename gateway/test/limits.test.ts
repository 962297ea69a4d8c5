import { describe, expect, it } from 'vitest';
import {
  buildSchema,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { operationCost, operationDepth } from '../src/limits.js';

const schema = buildSchema(`
  type Query { search(first: Int): Result  items(limit: Int): [Item]  item: Item }
  type Result { nodes: [Item] edges: [Edge] facets: Facets total: Int }
  type Edge { node: Item }
  type Facets { a: [Item] }
  type Item { id: ID  related: [Item]  parent: Item }
`);

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return {
    cost: operationCost(schema, operation, fragments, variables),
    depth: operationDepth(operation, fragments),
  };
}

describe('query cost and depth', () => {
  it('multiplies list fields by their own page size, their holder’s, or 10', () => {
    // search 1 + nodes 20 × (1 + id 1) + facets (1 + a 10 × 2) + total 1
    expect(measure('{ search(first: 20) { nodes { id } facets { a { id } } total } }').cost).toBe(
      1 + 40 + 21 + 1,
    );
    expect(measure('{ items(limit: 5) { id } }').cost).toBe(10);
    expect(measure('{ item { related { id } } }').cost).toBe(1 + 20);
    expect(
      measure('query ($n: Int) { search(first: $n) { edges { node { id } } } }', { n: 50 }).cost,
    ).toBe(1 + 50 * 3);
  });

  it('counts aliases and fragments each time they are used, and ignores __typename', () => {
    expect(measure('{ a: item { id } b: item { id } __typename }').cost).toBe(4);
    expect(
      measure('fragment F on Item { id related { id } } { item { ...F parent { ...F } } }').cost,
    ).toBe(1 + 1 + 20 + (1 + 1 + 20));
  });

  it('measures depth through fragments and inline fragments', () => {
    expect(measure('{ item { id } }').depth).toBe(2);
    expect(
      measure('fragment F on Item { parent { parent { id } } } { item { ... on Item { ...F } } }')
        .depth,
    ).toBe(4);
  });
});
