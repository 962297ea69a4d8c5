import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  getNamedType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  validate,
  visit,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import { SUPERGRAPH_FILE } from '../src/compose.js';
import { operationCost, operationDepth } from '../src/limits.js';
import { buildApiSchemaFromSupergraph } from './api-schema.js';

/*
 * Every operation the web app sends (frontend/src/graphql) that the committed supergraph can
 * answer must pass the gateway's default limits, with page sizes at their maximum (100).
 */

const dir = fileURLToPath(new URL('../../frontend/src/graphql', import.meta.url));
const DEFAULT_MAX_DEPTH = 12;
const DEFAULT_MAX_COST = 20_000;

function sample(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name);
  if (isListType(type)) return [sample(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, sample(field.type, field.name)]),
    );
  }
  switch (getNamedType(type).name) {
    case 'Int':
      return /^(first|last|limit)$/.test(name) ? 100 : 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return '2024-01-01T00:00:00.000Z';
    default:
      return 'x:1';
  }
}

describe.runIf(existsSync(dir))("the web app's operations", () => {
  it('pass the default depth and cost limits', () => {
    const schema = buildApiSchemaFromSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    const document = parse(
      readdirSync(dir)
        .filter((file) => file.endsWith('.graphql'))
        .map((file) => readFileSync(`${dir}/${file}`, 'utf8'))
        .join('\n'),
    );
    const fragments = document.definitions.filter(
      (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
    );
    let checked = 0;
    for (const operation of document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )) {
      const used = new Map<string, FragmentDefinitionNode>();
      const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
        visit(node, {
          FragmentSpread(spread) {
            const fragment = fragments.find((f) => f.name.value === spread.name.value);
            if (fragment && !used.has(fragment.name.value)) {
              used.set(fragment.name.value, fragment);
              collect(fragment);
            }
          },
        });
      collect(operation);
      if (
        validate(schema, { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] })
          .length > 0
      )
        continue;
      const raw = Object.fromEntries(
        (operation.variableDefinitions ?? []).map((definition) => [
          definition.variable.name.value,
          sample(
            typeFromAST(schema, definition.type as never) as GraphQLInputType,
            definition.variable.name.value,
          ),
        ]),
      );
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw);
      expect(coerced.errors, operation.name?.value).toBeUndefined();
      const cost = operationCost(schema, operation, used, coerced.coerced ?? {});
      const depth = operationDepth(operation, used);
      expect(cost, `${operation.name?.value} costs ${cost}`).toBeLessThanOrEqual(DEFAULT_MAX_COST);
      expect(depth, `${operation.name?.value} depth ${depth}`).toBeLessThanOrEqual(
        DEFAULT_MAX_DEPTH,
      );
      checked += 1;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
