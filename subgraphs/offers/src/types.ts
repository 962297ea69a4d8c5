import 'reflect-metadata';
import {
  Directive,
  Field,
  Float,
  GraphQLISODateTime,
  ID,
  Int,
  ObjectType,
  registerEnumType,
} from 'type-graphql';
import { ContractType, OfferSourceName, RemoteMode, Seniority } from './filter/enums.js';
import type { OfferSearch } from './search.js';
import type { MarketQuery } from './statistics.js';

/**
 * The GraphQL types of the offers subgraph. An Offer is the curated offer document
 * (`CuratedOffer` of packages/events) as received, field for field: resolvers return the
 * document itself. Every decorator has an explicit type (vitest emits no decorator metadata).
 */

export enum WorkingTime {
  FULL_TIME = 'FULL_TIME',
  PART_TIME = 'PART_TIME',
}
registerEnumType(WorkingTime, { name: 'WorkingTime', description: 'Full or part time.' });

export enum SalaryPeriod {
  HOURLY = 'HOURLY',
  MONTHLY = 'MONTHLY',
  ANNUAL = 'ANNUAL',
}
registerEnumType(SalaryPeriod, {
  name: 'SalaryPeriod',
  description: 'What the min/max of a salary are per.',
});

export enum OfferSort {
  RELEVANCE = 'RELEVANCE',
  DATE = 'DATE',
  SALARY = 'SALARY',
  DISTANCE = 'DISTANCE',
}
registerEnumType(OfferSort, {
  name: 'OfferSort',
  description:
    'RELEVANCE (the default; newest first when there is no query), DATE (newest first), SALARY (highest first, offers without salary last), DISTANCE (nearest first; needs `filter.near`).',
});

export enum SalaryDimension {
  DOMAIN = 'DOMAIN',
  ROME_CODE = 'ROME_CODE',
  REGION = 'REGION',
  DEPARTEMENT = 'DEPARTEMENT',
  SENIORITY = 'SENIORITY',
  CONTRACT_TYPE = 'CONTRACT_TYPE',
}
registerEnumType(SalaryDimension, {
  name: 'SalaryDimension',
  description: 'What salary quartiles are grouped by.',
});

export enum LocationKind {
  COMMUNE = 'COMMUNE',
  DEPARTEMENT = 'DEPARTEMENT',
  REGION = 'REGION',
}
registerEnumType(LocationKind, {
  name: 'LocationKind',
  description: 'What a location suggestion is.',
});

@ObjectType('OfferSourceRef', { description: 'One source record merged into the offer.' })
export class OfferSourceRef {
  @Field(() => OfferSourceName)
  source!: OfferSourceName;

  @Field(() => String)
  sourceId!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;
}

@ObjectType('OfferLocation')
export class OfferLocation {
  @Field(() => String, {
    nullable: true,
    description: 'As the source wrote it, e.g. `44 - Nantes`.',
  })
  label!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE commune code.' })
  communeCode!: string | null;

  @Field(() => String, { nullable: true })
  departementCode!: string | null;

  @Field(() => String, { nullable: true })
  departementName!: string | null;

  @Field(() => String, { nullable: true })
  regionCode!: string | null;

  @Field(() => String, { nullable: true })
  regionName!: string | null;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;
}

@ObjectType('OfferContract')
export class OfferContract {
  @Field(() => ContractType)
  type!: ContractType;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => Float, { nullable: true })
  durationMonths!: number | null;

  @Field(() => WorkingTime, { nullable: true })
  workingTime!: WorkingTime | null;
}

@ObjectType('OfferRome', { description: 'The ROME classification of the offer.' })
export class OfferRome {
  @Field(() => String, { nullable: true, description: 'ROME code, e.g. `M1805`.' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => String, { nullable: true, description: 'Domaine professionnel, e.g. `M18`.' })
  domainCode!: string | null;

  @Field(() => String, { nullable: true })
  domainLabel!: string | null;

  @Field(() => Boolean, {
    description: 'True when the code was inferred, not given by the source.',
  })
  predicted!: boolean;
}

@ObjectType('OfferSalary')
export class OfferSalary {
  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;

  @Field(() => SalaryPeriod, { nullable: true })
  period!: SalaryPeriod | null;

  @Field(() => Float, { nullable: true, description: 'Annual gross EUR.' })
  annualMinEur!: number | null;

  @Field(() => Float, { nullable: true, description: 'Annual gross EUR.' })
  annualMaxEur!: number | null;

  @Field(() => String, { nullable: true, description: 'The salary text as the source wrote it.' })
  label!: string | null;

  @Field(() => Boolean, { description: 'True when min/max/period were parsed from the label.' })
  parsed!: boolean;
}

@ObjectType('OfferHardSkill')
export class OfferHardSkill {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Boolean)
  required!: boolean;
}

@ObjectType('OfferSoftSkill')
export class OfferSoftSkill {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Offer', { description: 'A curated job offer (France Travail and/or Adzuna).' })
export class Offer {
  @Field(() => ID, { description: 'e.g. `francetravail:183DSTK`.' })
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  company!: string | null;

  @Field(() => String, { nullable: true, description: 'Where to apply.' })
  url!: string | null;

  @Field(() => [OfferSourceRef])
  sources!: OfferSourceRef[];

  @Field(() => GraphQLISODateTime, { description: 'When the offer was published.' })
  createdAt!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: string | null;

  @Field(() => OfferLocation)
  location!: OfferLocation;

  @Field(() => OfferContract)
  contract!: OfferContract;

  @Field(() => OfferRome)
  rome!: OfferRome;

  @Field(() => Seniority, { nullable: true })
  seniority!: Seniority | null;

  @Field(() => Int, { nullable: true })
  experienceMonths!: number | null;

  @Field(() => OfferSalary)
  salary!: OfferSalary;

  @Field(() => RemoteMode)
  remote!: RemoteMode;

  @Field(() => [OfferHardSkill], {
    description: 'Hard skills as curated (the skills subgraph adds `skills` with Skill entities).',
  })
  hardSkills!: OfferHardSkill[];

  @Field(() => [OfferSoftSkill])
  softSkills!: OfferSoftSkill[];

  @Field(() => String, { nullable: true })
  sector!: string | null;

  @Field(() => String, { nullable: true })
  qualification!: string | null;

  @Field(() => GraphQLISODateTime)
  curatedAt!: string;
}

@ObjectType('OfferEdge')
export class OfferEdge {
  @Field(() => String, { description: 'Opaque; pass as `after` to get what follows.' })
  cursor!: string;

  @Field(() => Offer)
  node!: Offer;

  @Field(() => Float, {
    nullable: true,
    description: 'Relevance score when the search has a query (higher is better).',
  })
  score!: number | null;

  @Field(() => Float, { nullable: true, description: 'Distance in km when the filter has `near`.' })
  distanceKm!: number | null;
}

@ObjectType('OfferPageInfo')
export class OfferPageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('OfferFacetValue', {
  description:
    'One value of a facet: `count` is the number of results with this value when the facet’s own selection is left out (disjunctive facets), i.e. the result count once you select only this value.',
})
export class OfferFacetValue {
  @Field(() => String, { description: 'The value to put in the filter.' })
  value!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => Int)
  count!: number;

  @Field(() => Boolean, { description: 'Whether the current filter selects this value.' })
  selected!: boolean;
}

@ObjectType('OfferFacets', {
  description:
    'Result counts per value of every filter. Each facet ignores its own field of the filter (so the other values of a field stay visible with the count they would give); `skills` counts within the current results (as `skillsAll`).',
})
export class OfferFacets {
  @Field(() => [OfferFacetValue])
  contractTypes!: OfferFacetValue[];

  @Field(() => [OfferFacetValue])
  seniorities!: OfferFacetValue[];

  @Field(() => [OfferFacetValue], { description: 'ROME domaines professionnels (`domainCodes`).' })
  domains!: OfferFacetValue[];

  @Field(() => [OfferFacetValue])
  romeCodes!: OfferFacetValue[];

  @Field(() => [OfferFacetValue])
  regions!: OfferFacetValue[];

  @Field(() => [OfferFacetValue])
  departements!: OfferFacetValue[];

  @Field(() => [OfferFacetValue], { description: 'Values are city keys usable in `cities`.' })
  cities!: OfferFacetValue[];

  @Field(() => [OfferFacetValue])
  remote!: OfferFacetValue[];

  @Field(() => [OfferFacetValue])
  sources!: OfferFacetValue[];

  @Field(() => [OfferFacetValue], {
    description: 'Values 1, 3, 7, 14, 31: offers published within that many days.',
  })
  publishedWithinDays!: OfferFacetValue[];

  @Field(() => [OfferFacetValue], {
    description: 'Skill ids (hard and soft) usable in `skillsAll`.',
  })
  skills!: OfferFacetValue[];
}

@ObjectType('OfferSearchResult')
export class OfferSearchResult {
  /** Not in the schema: the prepared search the field resolvers run. */
  search!: OfferSearch;
}

@ObjectType('GeoPoint')
export class GeoPointType {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
}

@ObjectType('StatBucket', { description: 'A number of offers for one value, with its share.' })
export class StatBucket {
  @Field(() => String)
  key!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => Int)
  offers!: number;

  @Field(() => Float, {
    description: 'offers / the total the statistic is over (see its description).',
  })
  share!: number;
}

@ObjectType('CityBucket')
export class CityBucket {
  @Field(() => String, { description: 'INSEE commune code, else the normalised city name.' })
  key!: string;

  @Field(() => String, { nullable: true, description: 'The spelling most offers use.' })
  label!: string | null;

  @Field(() => String, { nullable: true })
  communeCode!: string | null;

  @Field(() => String, { nullable: true })
  departementCode!: string | null;

  @Field(() => Int)
  offers!: number;

  @Field(() => Float)
  share!: number;
}

@ObjectType('SalaryGroupKey')
export class SalaryGroupKey {
  @Field(() => SalaryDimension)
  dimension!: SalaryDimension;

  @Field(() => String)
  value!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;
}

@ObjectType('SalaryQuartiles', {
  description:
    'Quartiles of the annual gross salary (EUR, middle of each offer’s range) of offers with a parsed salary.',
})
export class SalaryQuartiles {
  @Field(() => [SalaryGroupKey], { description: 'Empty for the overall row.' })
  keys!: SalaryGroupKey[];

  @Field(() => Int)
  offers!: number;

  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  q1!: number;

  @Field(() => Float)
  median!: number;

  @Field(() => Float)
  q3!: number;

  @Field(() => Float)
  max!: number;
}

@ObjectType('MarketStatistics', {
  description: 'Aggregates over the offers matching a filter (and optional query).',
})
export class MarketStatistics {
  /** Not in the schema: the prepared statistics query. */
  market!: MarketQuery;
}

@ObjectType('LocationSuggestion', {
  description: 'A commune, département or region known from the offers, for location inputs.',
})
export class LocationSuggestion {
  @Field(() => LocationKind)
  kind!: LocationKind;

  @Field(() => String, { description: 'INSEE code.' })
  code!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String, { nullable: true })
  departementCode!: string | null;

  @Field(() => String, { nullable: true })
  regionCode!: string | null;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => Int, { description: 'Open offers there.' })
  offers!: number;
}
