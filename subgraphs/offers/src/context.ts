import { createBatchLoader, type Store, type SubgraphContext } from '@jobmarket/subgraph-kit';
import type { QueryCache } from './filter/index.js';
import { offersByIds } from './store.js';
import type { Offer } from './types.js';

/** What the offers resolvers need, besides the kit's base context. */
export interface OffersDeps {
  store: Store;
  /** "Now" for `publishedWithinDays` (tests pin it). */
  now: () => Date;
  /** Facets, counts and statistics results (see QueryCache). */
  cache: QueryCache;
}

export interface OffersContext extends SubgraphContext {
  offers: OffersDeps;
  /** Batched per request: the N offers of one `_entities` call are one query. */
  loadOffer: (id: string) => Promise<Offer | undefined>;
}

export function offersContext(base: SubgraphContext, deps: OffersDeps): OffersContext {
  return {
    ...base,
    offers: deps,
    loadOffer: createBatchLoader((ids: string[]) => offersByIds(deps.store, ids)),
  };
}
