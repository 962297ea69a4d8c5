import 'reflect-metadata';
import {
  Directive,
  Field,
  Float,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  ObjectType,
  registerEnumType,
} from 'type-graphql';

/*
 * The recommendations subgraph's GraphQL types. Every @Field has an explicit type function (vitest
 * does not emit decorator metadata).
 *
 * ContractType, Seniority, RemoteMode, SkillLevel and the ProfileInput family are the users
 * subgraph's, declared here identically: `recommendationsForProfile(profile: ProfileInput!)` takes
 * the very input the profile form sends to `updateProfile`, and composition requires shared inputs
 * and enums to match.
 */

export enum ContractType {
  CDI = 'CDI',
  CDD = 'CDD',
  INTERIM = 'INTERIM',
  ALTERNANCE = 'ALTERNANCE',
  STAGE = 'STAGE',
  FREELANCE = 'FREELANCE',
  SAISONNIER = 'SAISONNIER',
  AUTRE = 'AUTRE',
}
registerEnumType(ContractType, {
  name: 'ContractType',
  description: 'Contract type of an offer (curated offer values).',
});

export enum Seniority {
  DEBUTANT = 'DEBUTANT',
  JUNIOR = 'JUNIOR',
  CONFIRME = 'CONFIRME',
  SENIOR = 'SENIOR',
}
registerEnumType(Seniority, {
  name: 'Seniority',
  description: 'Experience level (curated offer values).',
});

export enum RemoteMode {
  NONE = 'NONE',
  PARTIAL = 'PARTIAL',
  FULL = 'FULL',
}
registerEnumType(RemoteMode, {
  name: 'RemoteMode',
  description: 'Remote work: none, partial (hybrid) or full.',
});

export enum SkillLevel {
  BEGINNER = 'BEGINNER',
  INTERMEDIATE = 'INTERMEDIATE',
  ADVANCED = 'ADVANCED',
  EXPERT = 'EXPERT',
}
registerEnumType(SkillLevel, {
  name: 'SkillLevel',
  description: "A candidate's level in a skill.",
});

@InputType('ProfileSkillInput')
export class ProfileSkillInput {
  @Field(() => String)
  name!: string;

  @Field(() => SkillLevel, { defaultValue: SkillLevel.INTERMEDIATE })
  level!: SkillLevel;
}

@InputType('ProfileLocationInput')
export class ProfileLocationInput {
  @Field(() => String)
  label!: string;

  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => String, { nullable: true })
  communeCode?: string | null;
}

@InputType('ProfileInput', { description: 'Fields left out are unchanged; null clears a field.' })
export class ProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => [String], { nullable: true })
  desiredRomeCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  desiredJobTitles?: string[] | null;

  @Field(() => [ProfileSkillInput], { nullable: true })
  skills?: ProfileSkillInput[] | null;

  @Field(() => ProfileLocationInput, { nullable: true })
  location?: ProfileLocationInput | null;

  @Field(() => Int, { nullable: true })
  radiusKm?: number | null;

  @Field(() => [ContractType], { nullable: true })
  contractTypes?: ContractType[] | null;

  @Field(() => Seniority, { nullable: true })
  seniority?: Seniority | null;

  @Field(() => Int, { nullable: true })
  minSalary?: number | null;

  @Field(() => [RemoteMode], { nullable: true })
  remoteModes?: RemoteMode[] | null;
}

/*
 * The profile as the users subgraph resolves it, declared @external: the gateway fetches these
 * fields from users (only the signed-in user may read them) and hands them to
 * `User.recommendations` through @requires.
 */

@Directive('@external')
@ObjectType('ProfileSkill')
export class ProfileSkill {
  @Field(() => String)
  name!: string;

  @Field(() => SkillLevel)
  level!: SkillLevel;
}

@Directive('@external')
@ObjectType('ProfileLocation')
export class ProfileLocation {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
}

@Directive('@external')
@ObjectType('Profile')
export class Profile {
  @Field(() => [String])
  desiredRomeCodes!: string[];

  @Field(() => [String])
  desiredJobTitles!: string[];

  @Field(() => [ProfileSkill])
  skills!: ProfileSkill[];

  @Field(() => ProfileLocation, { nullable: true })
  location!: ProfileLocation | null;

  @Field(() => Int, { nullable: true })
  radiusKm!: number | null;

  @Field(() => [ContractType])
  contractTypes!: ContractType[];

  @Field(() => Seniority, { nullable: true })
  seniority!: Seniority | null;

  @Field(() => Int, { nullable: true })
  minSalary!: number | null;

  @Field(() => [RemoteMode])
  remoteModes!: RemoteMode[];
}

/** The selection `User.recommendations` requires from the users subgraph. */
export const REQUIRED_USER_FIELDS =
  'profile { desiredRomeCodes desiredJobTitles skills { name level } location { latitude longitude } radiusKm contractTypes seniority minSalary remoteModes } recommendationExclusions';

/** The users subgraph's entity; this subgraph adds `recommendations`. */
@Directive('@key(fields: "id")')
@ObjectType('User')
export class User {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => Profile)
  profile?: Profile;

  @Directive('@external')
  @Field(() => [ID])
  recommendationExclusions?: string[];
}

/** The offers subgraph's entity; this subgraph adds `similarOffers` and returns it in recommendations. */
@Directive('@key(fields: "id")')
@ObjectType('Offer')
export class Offer {
  @Field(() => ID)
  id!: string;
}

@ObjectType('RecommendationReason', {
  description: 'One reason of a recommendation, with its share of the score.',
})
export class RecommendationReason {
  @Field(() => String, {
    description: 'ROME (job), TEXT, DISTANCE, SKILLS, CONTRACT, SENIORITY, SALARY, REMOTE.',
  })
  kind!: string;

  @Field(() => String, {
    description: 'What the reason says, in English (the app may translate from kind + value).',
  })
  label!: string;

  @Field(() => Boolean, {
    description:
      'True when the reason speaks for the offer: a job the profile matches, within the radius, a matched skill, a wanted contract, no seniority gap or salary shortfall.',
  })
  positive!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The value behind it: ROME code, km, contract type…',
  })
  value!: string | null;

  @Field(() => Float, {
    description:
      'Its additive share of the ranking logit (the contributions plus the bias make the logit of `score`).',
  })
  contribution!: number;
}

@ObjectType('Recommendation', { description: 'An offer recommended for a profile, and why.' })
export class Recommendation {
  @Field(() => Offer)
  offer!: Offer;

  @Field(() => Float, { description: 'The score used for ranking, 0 to 1.' })
  score!: number;

  @Field(() => [String], {
    description: "The offer's skills the profile has (as the offer words them).",
  })
  matchedSkills!: string[];

  @Field(() => [String], { description: "The offer's skills the profile lacks." })
  missingSkills!: string[];

  @Field(() => Float, {
    nullable: true,
    description: 'Distance from the profile location, km; null when either is unknown.',
  })
  distanceKm!: number | null;

  @Field(() => [RecommendationReason])
  reasons!: RecommendationReason[];
}

@ObjectType('ModelMetric', { description: 'An offline evaluation metric of the model in service.' })
export class ModelMetric {
  @Field(() => String, {
    description: 'e.g. `title.ndcg@10` (task.metric on the frozen evaluation window).',
  })
  name!: string;

  @Field(() => Float)
  value!: number;
}

@ObjectType('ModelInfo', { description: 'The recommendation model in service.' })
export class ModelInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description: 'The registered version (MLflow model version, or the local registry version).',
  })
  version!: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Newest training offer the model saw.',
  })
  trainedAt!: Date | null;

  @Field(() => [ModelMetric])
  metrics!: ModelMetric[];

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When this instance started serving it.',
  })
  servingSince!: Date | null;

  @Field(() => Int, { description: 'Active offers in the index it scores.' })
  offers!: number;
}
