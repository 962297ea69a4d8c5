/**
 * The one GraphQL client: `/graphql` on the same origin (the gateway serves the app; `npm run dev`
 * proxies to it), errorPolicy 'all' everywhere so a failing subgraph gives a partial page with a
 * message, the access token added to every request and refreshed once when the gateway answers
 * UNAUTHENTICATED.
 */
import {
  ApolloClient,
  ApolloLink,
  HttpLink,
  InMemoryCache,
  Observable,
  type FetchResult,
} from '@apollo/client/core';
import { RefreshDocument } from '../gql/graphql';
import {
  applyAuthPayload,
  clearSession,
  ensureAccessToken,
  session,
  setRefreshExchange,
  type AuthPayloadLike,
} from './session';

export const GRAPHQL_PATH = '/graphql';

function hasCode(result: FetchResult, code: string): boolean {
  return (result.errors ?? []).some((error) => error.extensions?.code === code);
}

const http = new HttpLink({ uri: GRAPHQL_PATH, credentials: 'same-origin' });

// Refresh runs through its own plain link (no auth, no retry) to avoid recursion.
const bare = new ApolloClient({
  link: http,
  cache: new InMemoryCache(),
  defaultOptions: { mutate: { errorPolicy: 'all' } },
});
setRefreshExchange(async (refreshToken) => {
  const result = await bare.mutate({
    mutation: RefreshDocument,
    variables: { refreshToken },
    errorPolicy: 'all',
  });
  if (result.data?.refresh) return result.data.refresh as AuthPayloadLike;
  const codes = (result.errors ?? []).map((error) => error.extensions?.code);
  if (
    codes.some(
      (code) => code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT' || code === 'FORBIDDEN',
    )
  )
    return 'rejected';
  throw new Error(result.errors?.[0]?.message ?? 'refresh failed');
});

/** Adds `Authorization` (refreshing the access token first when needed), and retries once on UNAUTHENTICATED. */
const auth = new ApolloLink((operation, forward) => {
  const isAuthOperation = ['Login', 'Register', 'Refresh'].includes(operation.operationName);
  return new Observable<FetchResult>((observer) => {
    let inner: { unsubscribe(): void } | null = null;
    const send = (token: string | null, attempt: number) => {
      let superseded = false;
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => {
        const next = { ...headers };
        if (token) next.authorization = `Bearer ${token}`;
        else delete next.authorization;
        return { headers: next };
      });
      inner = forward(operation).subscribe({
        next(result) {
          if (attempt === 0 && token && hasCode(result, 'UNAUTHENTICATED')) {
            superseded = true;
            void ensureAccessToken(true).then((fresh) => {
              if (fresh) send(fresh, 1);
              else {
                observer.next(result);
                observer.complete();
              }
            });
            return;
          }
          observer.next(result);
        },
        error(error) {
          if (!superseded) observer.error(error);
        },
        complete() {
          if (!superseded) observer.complete();
        },
      });
    };
    if (isAuthOperation || session.status === 'anonymous') send(null, 1);
    else
      void ensureAccessToken().then(
        (token) => send(token, 0),
        () => send(null, 1),
      );
    return () => inner?.unsubscribe();
  });
});

export const cache = new InMemoryCache({
  typePolicies: {
    Offer: { keyFields: ['id'] },
    User: { keyFields: ['id'] },
    Application: { keyFields: ['id'] },
    SavedOffer: { keyFields: ['offerId'] },
    Skill: { keyFields: ['id'] },
  },
});

export const apolloClient = new ApolloClient({
  link: ApolloLink.from([auth, http]),
  cache,
  defaultOptions: {
    watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network' },
    query: { errorPolicy: 'all' },
    mutate: { errorPolicy: 'all' },
  },
});

export { applyAuthPayload, clearSession };
