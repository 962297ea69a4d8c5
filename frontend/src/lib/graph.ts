/**
 * Queries as pages use them: typed, errorPolicy 'all' (partial data + the errors of the parts that
 * failed), and aware of the graph's state: an operation that needs a field the supergraph does not
 * have yet (src/gql/capabilities.ts) is not sent and reports `unavailable`, and so does one the
 * gateway refuses because a field is unknown (a gateway older than this build).
 */
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue';
import { useMutation, useQuery } from '@vue/apollo-composable';
import type { ApolloError, OperationVariables, WatchQueryFetchPolicy } from '@apollo/client/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode, GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import { OPERATION_NEEDS } from '../gql/capabilities';

export interface GraphError {
  message: string;
  code: string | null;
  path: readonly (string | number)[] | null;
  /** The subgraph that failed, when the gateway says (extensions.serviceName). */
  service: string | null;
}

export function operationName(document: DocumentNode): string {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition',
  );
  return operation?.name?.value ?? '';
}

/**
 * A build made with VITE_GRAPH_ASSUME_PLANNED=1 sends every operation (for the fixture graph the
 * browser tests use while the real subgraphs are not composed yet); a normal build does not.
 */
const ASSUME_PLANNED = import.meta.env.VITE_GRAPH_ASSUME_PLANNED === '1';

/** The planned fields an operation needs that the supergraph does not have yet. */
export function missingFields(document: DocumentNode): readonly string[] {
  if (ASSUME_PLANNED) return [];
  return OPERATION_NEEDS[operationName(document)] ?? [];
}

export function isAvailable(document: DocumentNode): boolean {
  return missingFields(document).length === 0;
}

const SCHEMA_MISSING = /Cannot query field|Unknown argument|Unknown type|is not defined by type/;

/** True when the gateway refused the operation because its schema lacks something. */
export function isSchemaMismatch(errors: readonly GraphError[]): boolean {
  return errors.some(
    (error) => error.code === 'GRAPHQL_VALIDATION_FAILED' && SCHEMA_MISSING.test(error.message),
  );
}

export function toGraphErrors(error: ApolloError | null | undefined): GraphError[] {
  if (!error) return [];
  const list: GraphError[] = (error.graphQLErrors ?? []).map((item: GraphQLFormattedError) => ({
    message: item.message,
    code: typeof item.extensions?.code === 'string' ? item.extensions.code : null,
    path: item.path ?? null,
    service: typeof item.extensions?.serviceName === 'string' ? item.extensions.serviceName : null,
  }));
  const network = error.networkError as (Error & { statusCode?: number; result?: unknown }) | null;
  if (network) {
    const result = network.result as { errors?: GraphQLFormattedError[] } | undefined;
    if (result && Array.isArray(result.errors)) {
      for (const item of result.errors) {
        list.push({
          message: item.message,
          code: typeof item.extensions?.code === 'string' ? item.extensions.code : null,
          path: item.path ?? null,
          service: null,
        });
      }
    } else {
      list.push({ message: network.message, code: 'NETWORK_ERROR', path: null, service: null });
    }
  }
  if (list.length === 0 && error.message)
    list.push({ message: error.message, code: null, path: null, service: null });
  return list;
}

export interface GraphQueryOptions {
  enabled?: MaybeRefOrGetter<boolean>;
  fetchPolicy?: WatchQueryFetchPolicy;
  /** Milliseconds to wait after the variables change before asking (autocomplete). */
  debounce?: number;
}

export interface GraphQuery<TData> {
  data: ComputedRef<TData | undefined>;
  loading: Ref<boolean>;
  errors: ComputedRef<GraphError[]>;
  /** Some data and some errors: show the data with a message. */
  partial: ComputedRef<boolean>;
  /** The graph cannot answer this yet ("bientôt disponible"). */
  unavailable: ComputedRef<boolean>;
  /** The planned fields this query waits for. */
  waitingFor: readonly string[];
  refetch: () => void;
}

export function useGraphQuery<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: MaybeRefOrGetter<TVariables>,
  options: GraphQueryOptions = {},
): GraphQuery<TData> {
  const waitingFor = missingFields(document);
  const enabled = computed(() => waitingFor.length === 0 && toValue(options.enabled ?? true));
  const query = useQuery(
    document,
    () => toValue(variables),
    () => ({
      enabled: enabled.value,
      fetchPolicy: options.fetchPolicy ?? 'cache-and-network',
      errorPolicy: 'all',
      notifyOnNetworkStatusChange: true,
      ...(options.debounce ? { debounce: options.debounce } : {}),
    }),
  );
  const errors = computed(() => toGraphErrors(query.error.value));
  const data = computed(() => (query.result.value ?? undefined) as TData | undefined);
  return {
    data,
    loading: query.loading,
    errors,
    partial: computed(() => data.value !== undefined && errors.value.length > 0),
    unavailable: computed(() => waitingFor.length > 0 || isSchemaMismatch(errors.value)),
    waitingFor,
    refetch: () => {
      if (enabled.value) void query.refetch();
    },
  };
}

/** A mutation with errorPolicy 'all'; `run` resolves to the data (or null) and the errors. */
export function useGraphMutation<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
) {
  const mutation = useMutation(document, () => ({ errorPolicy: 'all' }));
  const available = isAvailable(document);
  async function run(variables: TVariables): Promise<{ data: TData | null; errors: GraphError[] }> {
    if (!available) {
      return {
        data: null,
        errors: [{ message: 'unavailable', code: 'UNAVAILABLE', path: null, service: null }],
      };
    }
    try {
      const result = await mutation.mutate(variables);
      const errors = (result?.errors ?? []).map((item) => ({
        message: item.message,
        code: typeof item.extensions?.code === 'string' ? item.extensions.code : null,
        path: item.path ?? null,
        service: null,
      }));
      return { data: (result?.data ?? null) as TData | null, errors };
    } catch (error) {
      return { data: null, errors: toGraphErrors(error as ApolloError) };
    }
  }
  return { run, loading: mutation.loading, available };
}
