import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { createRequire } from 'node:module';
import type { ComplexityEstimator, getComplexity as GetComplexity } from 'graphql-query-complexity';

// The package's ESM build imports `graphql/index.mjs`, a second copy of graphql next to the CJS one
// the gateway's schema comes from ("from another module or realm"); its CJS build shares ours.
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as {
  getComplexity: typeof GetComplexity;
};

/**
 * Limits that keep one request from costing the graph much: query depth (a validation rule, so
 * the query never runs), query cost (computed with the variables before execution), the number
 * of tokens the parser accepts and the body size (both in gateway.ts).
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

/**
 * Cost: every field costs 1 plus what it selects; a list field multiplies that by the page size it
 * asks for (`first`, `limit`), or by `defaultListSize` when it has no such argument.
 */
export function listAwareEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const type = getNullableType(field.type);
    let multiplier = 1;
    const connection = /Connection$/.test(getNamedType(field.type).name);
    if (isListType(type) || connection) {
      const size = [args.first, args.limit, args.last].find((value) => typeof value === 'number');
      multiplier = typeof size === 'number' ? Math.max(1, Math.min(size, 1000)) : defaultListSize;
    }
    return multiplier * (1 + childComplexity);
  };
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
  const estimators = [listAwareEstimator(defaultListSize)];
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
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators,
            });
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
