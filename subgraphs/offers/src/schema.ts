import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@jobmarket/subgraph-kit';
import type { OffersContext } from './context.js';
import { MarketStatisticsResolver, OfferResolver, OfferSearchResultResolver } from './resolvers.js';
import { Offer } from './types.js';

/**
 * The offers subgraph schema (Federation 2). No I/O: resolvers find the store in the context.
 * `npm run compose` and the gateway's tests import this (see subgraphs/README.md).
 */
export function buildSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [OfferResolver, OfferSearchResultResolver, MarketStatisticsResolver],
    orphanedTypes: [Offer],
    referenceResolvers: {
      Offer: {
        async __resolveReference(reference: { id: string }, context: OffersContext) {
          return (await context.loadOffer(reference.id)) ?? null;
        },
      },
    },
  });
}
