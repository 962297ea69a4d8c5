import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, forbidden, requireUser } from '@jobmarket/subgraph-kit';
import type { UsersContext } from './context.js';
import { FeedbackResolver, UserExclusionsResolver } from './feedback.js';
import { AccountResolver, OfferResolver, UserResolver } from './resolvers.js';
import { Offer, User } from './types.js';

/**
 * The users subgraph schema (Federation 2). No I/O: resolvers find the store in the context.
 * `npm run compose` and the gateway's tests import this (see subgraphs/README.md).
 */
export function buildSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      UserResolver,
      OfferResolver,
      AccountResolver,
      FeedbackResolver,
      UserExclusionsResolver,
    ],
    orphanedTypes: [User, Offer],
    referenceResolvers: {
      User: {
        // Another subgraph may hand the gateway a User reference; only its owner may resolve it.
        async __resolveReference(reference: { id: string }, context: UsersContext) {
          const userId = requireUser(context);
          if (reference.id !== userId) throw forbidden('You can only read your own account.');
          return context.users.user(userId);
        },
      },
      Offer: {
        __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      },
    },
  });
}
