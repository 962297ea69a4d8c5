import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@jobmarket/subgraph-kit';
import {
  RecommendationQueries,
  SimilarOffersResolver,
  UserRecommendationsResolver,
} from './resolvers.js';
import { Offer, User } from './types.js';

/**
 * The recommendations subgraph schema (Federation 2). No I/O: resolvers find the model server in
 * the context. `npm run compose` and the gateway's tests import this (see subgraphs/README.md).
 */
export function buildSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [UserRecommendationsResolver, SimilarOffersResolver, RecommendationQueries],
    orphanedTypes: [User, Offer],
    referenceResolvers: {
      // The gateway hands over the user with the fields @requires asked the users subgraph for.
      User: { __resolveReference: (reference: User) => reference },
      Offer: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
    },
  });
}
