import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Limits that keep one request from costing the graph much: query depth and query cost, both
 * computed on the operation about to run (variables known) before any subgraph is called; the
 * number of tokens the parser accepts and the body size are set in gateway.ts.
 */

export const LIMIT_CODES = { tooDeep: 'QUERY_TOO_DEEP', tooCostly: 'QUERY_TOO_COMPLEX' } as const;

/** Depth of the deepest field path of an operation, following fragments (each once per path). */
export function operationDepth(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const depthOf = (
    selectionSet: SelectionSetNode,
    depth: number,
    seen: ReadonlySet<string>,
  ): number => {
    let deepest = depth;
    for (const selection of selectionSet.selections) {
      if (deepest > stopAbove) return deepest;
      if (selection.kind === Kind.FIELD) {
        if (selection.selectionSet)
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth + 1, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) {
          deepest = Math.max(
            deepest,
            depthOf(fragment.selectionSet, depth, new Set([...seen, name])),
          );
        }
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, 1, new Set());
}

const PAGE_ARGUMENTS = ['first', 'last', 'limit'] as const;

function pageSizeOf(args: Record<string, unknown>): number | undefined {
  for (const name of PAGE_ARGUMENTS) {
    const value = args[name];
    if (typeof value === 'number' && Number.isFinite(value))
      return Math.max(1, Math.min(value, 1000));
  }
  return undefined;
}

/**
 * The cost of an operation: every field costs 1 plus what it selects; a list field multiplies
 * that by its page size (`first`, `last` or `limit`), else by the page size of the field that
 * holds it (`searchOffers(first: 20) { nodes { … } }`: 20 nodes), else by `defaultListSize`.
 * Aliases and fragments count every time they are selected.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  defaultListSize = 10,
): number {
  const rootType =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!rootType) return 0;
  const costOf = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    inheritedPageSize: number | undefined,
    seen: ReadonlySet<string>,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field: GraphQLField<unknown, unknown> | undefined =
          isObjectType(parentType) || isInterfaceType(parentType)
            ? parentType.getFields()[name]
            : undefined;
        if (!field) continue;
        const args = getArgumentValues(field, selection, variables);
        const pageSize = pageSizeOf(args);
        const namedType = getNamedType(field.type);
        const isList = isListType(getNullableType(field.type));
        const childCost =
          selection.selectionSet && isCompositeType(namedType)
            ? costOf(selection.selectionSet, namedType, isList ? undefined : pageSize, seen)
            : 0;
        const multiplier = isList ? (pageSize ?? inheritedPageSize ?? defaultListSize) : 1;
        total += multiplier * (1 + childCost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parentType;
        if (condition && isCompositeType(condition)) {
          total += costOf(selection.selectionSet, condition, inheritedPageSize, seen);
        }
      } else {
        const fragmentName = selection.name.value;
        const fragment = fragments.get(fragmentName);
        if (!fragment || seen.has(fragmentName)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (condition && isCompositeType(condition)) {
          total += costOf(
            fragment.selectionSet,
            condition,
            inheritedPageSize,
            new Set([...seen, fragmentName]),
          );
        }
      }
    }
    return total;
  };
  return costOf(operation.selectionSet, rootType, undefined, new Set());
}

/** Depth bound of introspection-only operations (off in production unless enabled). */
export const INTROSPECTION_MAX_DEPTH = 20;

function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'),
  );
}

function selectOperation(
  document: DocumentNode,
  operationName: string | undefined,
): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((candidate) => candidate.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) {
    throw new GraphQLError(
      operationName
        ? `There is no operation named "${operationName}" in the document.`
        : 'The document holds several operations: say which to run with `operationName`.',
      { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
    );
  }
  return operation;
}

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Items a list field without `first`/`limit` is assumed to return (10). */
  defaultListSize?: number;
}

/**
 * Checks depth, then cost, of the operation about to run (variables known), before any subgraph
 * is called; both answer HTTP 400 with QUERY_TOO_DEEP or QUERY_TOO_COMPLEX.
 */
export function queryLimitsPlugin<C extends BaseContext>({
  maxDepth,
  maxCost,
  defaultListSize = 10,
}: QueryLimits): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const operation = selectOperation(document, request.operationName ?? undefined);
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION)
              fragments.set(definition.name.value, definition);
          }
          // An introspection-only operation (GraphiQL's schema query is ~13 levels deep) gets a
          // fixed depth bound instead; its cost is bounded by the schema's size.
          const introspection = isIntrospectionOnly(operation);
          const limit = introspection ? Math.max(maxDepth, INTROSPECTION_MAX_DEPTH) : maxDepth;
          const depth = operationDepth(operation, fragments, limit);
          if (depth > limit) {
            throw new GraphQLError(`The query is too deep: more than ${limit} levels of fields.`, {
              extensions: { code: LIMIT_CODES.tooDeep, maxDepth: limit, http: { status: 400 } },
            });
          }
          if (introspection) return;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
          );
          if (coerced.errors) {
            throw new GraphQLError(coerced.errors[0]?.message ?? 'Invalid variables.', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = operationCost(schema, operation, fragments, coerced.coerced, defaultListSize);
          } catch (error) {
            throw new GraphQLError(
              error instanceof Error ? error.message : 'The query could not be costed.',
              {
                extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
              },
            );
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `The query is too expensive: it costs ${cost}, the limit is ${maxCost}. Ask for fewer items or fields.`,
              {
                extensions: { code: LIMIT_CODES.tooCostly, cost, maxCost, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
