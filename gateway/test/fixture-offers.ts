import { Arg, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import {
  buildFederatedSchema,
  createSubgraphService,
  notFound,
  pageSize,
  parseId,
} from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';

/*
 * A small stand-in for the offers subgraph, so the gateway's cross-subgraph behaviour is tested
 * whatever subgraphs exist: it owns `Offer @key(id)` with a title, as the real one does.
 */

@Directive('@key(fields: "id")')
@ObjectType('Offer')
class FixtureOffer {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;
}

const titles: Record<string, string> = {
  'francetravail:A1': 'Développeur Java H/F',
  'francetravail:A2': 'Ingénieur données',
  'adzuna:3': 'Chef de projet',
};

const offer = (id: string): FixtureOffer => ({ id, title: titles[id] ?? `Offre ${id}` });

@Resolver(() => FixtureOffer)
class FixtureOfferResolver {
  @Query(() => FixtureOffer, { nullable: true })
  offer(@Arg('id', () => ID) id: string): FixtureOffer {
    parseId(id);
    if (!titles[id]) throw notFound('Offer', id);
    return offer(id);
  }

  @Query(() => [FixtureOffer], { nullable: true })
  searchOffers(@Arg('first', () => Int, { nullable: true }) first: number | null): FixtureOffer[] {
    const ids = Object.keys(titles);
    return Array.from({ length: pageSize(first) }, (_, i) => offer(ids[i % ids.length] as string));
  }
}

export async function fixtureOffersSchema() {
  return buildFederatedSchema({
    resolvers: [FixtureOfferResolver],
    orphanedTypes: [FixtureOffer],
    referenceResolvers: { Offer: { __resolveReference: (ref: { id: string }) => offer(ref.id) } },
  });
}

export async function startFixtureOffers(logger: Logger, internalAuthSecret: string, port = 0) {
  const service = createSubgraphService({
    name: 'offers',
    schema: await fixtureOffersSchema(),
    logger,
    internalAuthSecret,
  });
  const { url } = await service.listen(port, '127.0.0.1');
  return { service, url };
}
