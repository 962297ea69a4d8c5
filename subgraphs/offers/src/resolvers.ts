import 'reflect-metadata';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { parseId } from '@jobmarket/subgraph-kit';
import type { OffersContext } from './context.js';
import { OfferFilter } from './filter/index.js';
import { ALL_FACETS, OfferSearch, type FacetName } from './search.js';
import { MarketQuery } from './statistics.js';
import { locationSuggestions } from './store.js';
import {
  CityBucket,
  GeoPointType,
  LocationSuggestion,
  MarketStatistics,
  Offer,
  OfferEdge,
  OfferFacets,
  OfferPageInfo,
  OfferSearchResult,
  OfferSort,
  SalaryDimension,
  SalaryQuartiles,
  StatBucket,
} from './types.js';

@Resolver(() => Offer)
export class OfferResolver {
  @Query(() => Offer, {
    nullable: true,
    description: 'One offer by id; null when it does not exist (or closed).',
  })
  async offer(
    @Arg('id', () => ID) id: string,
    @Ctx() context: OffersContext,
  ): Promise<Offer | null> {
    return (await context.loadOffer(parseId(id, { argument: 'id', max: 200 }))) ?? null;
  }

  @Query(() => OfferSearchResult, {
    description:
      'French full-text search (accents folded, stemmed, typo-tolerant) with filters, sorts, cursor pagination, a total count and facets. See docs/search.md.',
  })
  async searchOffers(
    @Arg('query', () => String, {
      nullable: true,
      description: 'Free text, at most 200 characters.',
    })
    query: string | null,
    @Arg('filter', () => OfferFilter, { nullable: true }) filter: OfferFilter | null,
    @Arg('sort', () => OfferSort, { nullable: true, defaultValue: OfferSort.RELEVANCE })
    sort: OfferSort | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: '1 to 100.' })
    first: number | null,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `endCursor` of the previous page.',
    })
    after: string | null,
    @Arg('offset', () => Int, {
      nullable: true,
      description:
        'Offers to skip from the start, 0 to 10000: a direct jump to a page (its `endCursor` then works as usual). Not with `after`.',
    })
    offset: number | null,
    @Ctx() context: OffersContext,
  ): Promise<OfferSearchResult> {
    const search = await OfferSearch.prepare(
      context.offers.store,
      { query, filter, sort, first, after, offset },
      context.offers.now(),
      context.offers.cache,
    );
    return { search };
  }

  @Query(() => MarketStatistics, {
    description: 'Market statistics over the offers the filter (and optional query) selects.',
  })
  async marketStatistics(
    @Arg('filter', () => OfferFilter, { nullable: true }) filter: OfferFilter | null,
    @Arg('query', () => String, { nullable: true }) query: string | null,
    @Ctx() context: OffersContext,
  ): Promise<MarketStatistics> {
    const market = await MarketQuery.prepare(
      context.offers.store,
      { filter, query },
      context.offers.now(),
    );
    return { market };
  }

  @Query(() => [LocationSuggestion], {
    description: 'Communes, départements and regions for a location input (autocomplete).',
  })
  locations(
    @Arg('search', () => String) search: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10, description: '1 to 20.' })
    first: number | null,
    @Ctx() context: OffersContext,
  ): Promise<LocationSuggestion[]> {
    return locationSuggestions(context.offers.store, search, first, context.offers.cache);
  }
}

/** The names of the fields selected under the current field (fragments included). */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === 'Field') names.add(selection.name.value);
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

@Resolver(() => OfferSearchResult)
export class OfferSearchResultResolver {
  @FieldResolver(() => Int, { description: 'How many offers match (all pages).' })
  totalCount(@Root() result: OfferSearchResult): Promise<number> {
    return result.search.total();
  }

  @FieldResolver(() => [OfferEdge])
  async edges(@Root() result: OfferSearchResult): Promise<OfferEdge[]> {
    return (await result.search.page()).edges;
  }

  @FieldResolver(() => [Offer], { description: 'The offers of the page (the edges’ nodes).' })
  async nodes(@Root() result: OfferSearchResult): Promise<Offer[]> {
    return (await result.search.page()).edges.map((edge) => edge.node);
  }

  @FieldResolver(() => OfferPageInfo)
  async pageInfo(@Root() result: OfferSearchResult): Promise<OfferPageInfo> {
    const { hasNextPage, endCursor } = await result.search.page();
    return { hasNextPage, endCursor };
  }

  @FieldResolver(() => OfferFacets)
  facets(
    @Root() result: OfferSearchResult,
    @Arg('size', () => Int, {
      nullable: true,
      defaultValue: 10,
      description: 'Values per long facet (domains, ROME codes, places, skills): 1 to 50.',
    })
    size: number | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OfferFacets> {
    // Only the facets the client asked for are computed (the skills facet unnests every skill).
    const requested = new Set(
      [...selectedFields(info)].filter((name): name is FacetName =>
        ALL_FACETS.has(name as FacetName),
      ),
    );
    return result.search.facets(size, requested);
  }

  @FieldResolver(() => GeoPointType, {
    nullable: true,
    description: 'The point of `filter.near` (the commune’s position when given a commune).',
  })
  center(@Root() result: OfferSearchResult): GeoPointType | null {
    return result.search.center;
  }
}

@Resolver(() => MarketStatistics)
export class MarketStatisticsResolver {
  @FieldResolver(() => Int)
  totalOffers(@Root() stats: MarketStatistics): Promise<number> {
    return stats.market.totalOffers();
  }

  @FieldResolver(() => [StatBucket], {
    description:
      'ROME domaines professionnels, most offers first; share among offers with a domain.',
  })
  topDomains(
    @Root() stats: MarketStatistics,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
  ): Promise<StatBucket[]> {
    return stats.market.topDomains(first);
  }

  @FieldResolver(() => Int, { description: 'Offers without a ROME domain (not in topDomains).' })
  offersWithoutDomain(@Root() stats: MarketStatistics): Promise<number> {
    return stats.market.offersWithoutDomain();
  }

  @FieldResolver(() => [StatBucket], {
    description: 'DEBUTANT, JUNIOR, CONFIRME, SENIOR and UNKNOWN.',
  })
  seniorities(@Root() stats: MarketStatistics): Promise<StatBucket[]> {
    return stats.market.seniorities();
  }

  @FieldResolver(() => [StatBucket])
  contractTypes(@Root() stats: MarketStatistics): Promise<StatBucket[]> {
    return stats.market.contractTypes();
  }

  @FieldResolver(() => [StatBucket])
  remoteModes(@Root() stats: MarketStatistics): Promise<StatBucket[]> {
    return stats.market.remoteModes();
  }

  @FieldResolver(() => [CityBucket])
  topCities(
    @Root() stats: MarketStatistics,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
  ): Promise<CityBucket[]> {
    return stats.market.topCities(first);
  }

  @FieldResolver(() => [StatBucket])
  topDepartements(
    @Root() stats: MarketStatistics,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
  ): Promise<StatBucket[]> {
    return stats.market.topDepartements(first);
  }

  @FieldResolver(() => [StatBucket])
  topRegions(
    @Root() stats: MarketStatistics,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
  ): Promise<StatBucket[]> {
    return stats.market.topRegions(first);
  }

  @FieldResolver(() => [SalaryQuartiles], {
    description:
      'Salary quartiles grouped by up to 3 dimensions (none: one overall row), most offers first.',
  })
  salaryQuartiles(
    @Root() stats: MarketStatistics,
    @Arg('groupBy', () => [SalaryDimension], {
      nullable: true,
      defaultValue: [SalaryDimension.DOMAIN],
    })
    groupBy: SalaryDimension[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: '1 to 500.' })
    first: number | null,
    @Arg('minOffers', () => Int, { nullable: true, defaultValue: 1 }) minOffers: number | null,
  ): Promise<SalaryQuartiles[]> {
    return stats.market.salaryQuartiles(groupBy, first, minOffers);
  }
}
