import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@jobmarket/subgraph-kit';
import type { SkillsContext } from './context.js';
import { OfferSkillsResolver, RomeResolver, SkillResolver } from './resolvers.js';
import { Offer, Skill } from './types.js';

/**
 * The skills subgraph schema (Federation 2). No I/O: resolvers find the store in the context.
 * `npm run compose` and the gateway's tests import this (see subgraphs/README.md).
 */
export function buildSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [SkillResolver, RomeResolver, OfferSkillsResolver],
    orphanedTypes: [Skill, Offer],
    referenceResolvers: {
      Skill: {
        async __resolveReference(reference: { id: string }, context: SkillsContext) {
          return (await context.loadSkill(reference.id)) ?? null;
        },
      },
      Offer: {
        // Offers are the offers subgraph's; this one only adds `skills` to any offer id.
        __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      },
    },
  });
}
