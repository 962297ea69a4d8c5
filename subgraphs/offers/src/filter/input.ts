import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ContractType, OfferSourceName, RemoteMode, Seniority } from './enums.js';

/**
 * The offer filter, shared by `searchOffers`, `marketStatistics` (offers subgraph) and `topSkills`
 * (skills subgraph). Both subgraphs import THIS class, so the input is declared identically in both
 * SDLs, as composition requires. Every list is OR within itself; different fields are ANDed.
 */

@InputType('OfferGeoFilter', {
  description:
    'Offers within `radiusKm` of a point: either `latitude` + `longitude`, or `communeCode` (an INSEE code whose position is known from the offers).',
})
export class OfferGeoFilter {
  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => String, { nullable: true, description: 'INSEE commune code, e.g. `69123` (Lyon).' })
  communeCode?: string | null;

  @Field(() => Float, { description: 'Radius in kilometres (0.1 to 500).' })
  radiusKm!: number;
}

@InputType('OfferFilter', {
  description:
    'What offers to keep. Values within one list are alternatives (OR); different fields all apply (AND). Omitted or empty means no constraint.',
})
export class OfferFilter {
  @Field(() => [String], {
    nullable: true,
    description:
      'Cities: an INSEE commune code (`44109`) or a city name (accents and case ignored: `saint-etienne` = `Saint-Étienne`). At most 20.',
  })
  cities?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Département codes (`44`, `2A`, `974`). At most 20.',
  })
  departementCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Region codes (INSEE, `52` = Pays de la Loire). At most 20.',
  })
  regionCodes?: string[] | null;

  @Field(() => OfferGeoFilter, { nullable: true })
  near?: OfferGeoFilter | null;

  @Field(() => [ContractType], { nullable: true })
  contractTypes?: ContractType[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'ROME domaines professionnels (3 characters, `M18`). At most 50.',
  })
  domainCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ROME codes (`M1805`). At most 50.' })
  romeCodes?: string[] | null;

  @Field(() => [Seniority], { nullable: true })
  seniorities?: Seniority[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Skill ids (hard or soft) that offers must ALL ask for. At most 20.',
  })
  skillsAll?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Skill ids (hard or soft) of which offers must ask for AT LEAST ONE. At most 20.',
  })
  skillsAny?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Minimum annual gross salary in EUR: offers whose salary range reaches it (offers without a parsed salary are left out).',
  })
  minSalary?: number | null;

  @Field(() => [RemoteMode], { nullable: true })
  remote?: RemoteMode[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Published (created) within the last N days (1 to 3650).',
  })
  publishedWithinDays?: number | null;

  @Field(() => [OfferSourceName], { nullable: true })
  sources?: OfferSourceName[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Company name contains this text (accents and case ignored). At most 100 characters.',
  })
  company?: string | null;
}
