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
 * The users subgraph's GraphQL types. Every @Field has an explicit type function: vitest's
 * transformer does not emit decorator metadata.
 *
 * ContractType, Seniority and RemoteMode carry the values of the curated offer
 * (packages/events): any subgraph that declares them must declare the same values.
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

export enum ApplicationStatus {
  TO_APPLY = 'TO_APPLY',
  APPLIED = 'APPLIED',
  INTERVIEW = 'INTERVIEW',
  OFFER = 'OFFER',
  REJECTED = 'REJECTED',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Where an application stands.',
});

@ObjectType('ProfileSkill', { description: 'A skill the candidate has, with their level.' })
export class ProfileSkill {
  @Field(() => String)
  name!: string;

  @Field(() => SkillLevel)
  level!: SkillLevel;
}

@ObjectType('ProfileLocation', { description: 'Where the candidate wants to work.' })
export class ProfileLocation {
  @Field(() => String, { description: 'A commune or address as the candidate typed it.' })
  label!: string;

  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => String, { nullable: true, description: 'INSEE commune code, when known.' })
  communeCode!: string | null;
}

@ObjectType('Profile', {
  description: "The candidate's profile; what recommendations are made from.",
})
export class Profile {
  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => [String], { description: 'ROME codes of the jobs wanted, e.g. M1805.' })
  desiredRomeCodes!: string[];

  @Field(() => [String])
  desiredJobTitles!: string[];

  @Field(() => [ProfileSkill])
  skills!: ProfileSkill[];

  @Field(() => ProfileLocation, { nullable: true })
  location!: ProfileLocation | null;

  @Field(() => Int, { nullable: true, description: 'Search radius around the location, km.' })
  radiusKm!: number | null;

  @Field(() => [ContractType], { description: 'Accepted contract types; empty means any.' })
  contractTypes!: ContractType[];

  @Field(() => Seniority, { nullable: true })
  seniority!: Seniority | null;

  @Field(() => Int, { nullable: true, description: 'Minimum gross annual salary, euros.' })
  minSalary!: number | null;

  @Field(() => [RemoteMode], { description: 'Accepted remote modes; empty means any.' })
  remoteModes!: RemoteMode[];

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

/** Marks a User returned by register/login/refresh: its owner just proved who they are. */
export const SESSION_USER = Symbol('sessionUser');

@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A signed-up candidate. Only the user themselves can read it.' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  [SESSION_USER]?: true;
}

@Directive('@key(fields: "id")')
@ObjectType('Offer', {
  description:
    'A job offer (owned by the offers subgraph); users adds what the signed-in user did with it.',
})
export class Offer {
  @Field(() => ID)
  id!: string;
}

@ObjectType('SavedOffer')
export class SavedOffer {
  @Field(() => ID)
  offerId!: string;

  @Field(() => Offer, {
    nullable: true,
    description: 'The offer (its fields come from the offers subgraph; null once it closed).',
  })
  offer!: Offer;

  @Field(() => GraphQLISODateTime)
  savedAt!: Date;
}

@ObjectType('SavedOfferConnection')
export class SavedOfferConnection {
  @Field(() => [SavedOffer])
  nodes!: SavedOffer[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

@ObjectType('Application', { description: "A candidate's application to an offer, with notes." })
export class Application {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  offerId!: string;

  @Field(() => Offer, { nullable: true, description: 'null once the offer closed.' })
  offer!: Offer;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => String)
  notes!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

@ObjectType('ApplicationConnection')
export class ApplicationConnection {
  @Field(() => [Application])
  nodes!: Application[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('AuthPayload', { description: 'What register, login and refresh return.' })
export class AuthPayload {
  @Field(() => String, { description: 'Short-lived JWT; send as `Authorization: Bearer <token>`.' })
  accessToken!: string;

  @Field(() => GraphQLISODateTime)
  accessTokenExpiresAt!: Date;

  @Field(() => String, {
    description:
      'Opaque, single use: `refresh` returns a new one. Presenting a used one again signs the session out.',
  })
  refreshToken!: string;

  @Field(() => GraphQLISODateTime)
  refreshTokenExpiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@ObjectType('PasswordRule')
export class PasswordRule {
  @Field(() => String, { description: 'Stable id, e.g. MIN_LENGTH, UPPERCASE, DIGIT.' })
  id!: string;

  @Field(() => String, { description: 'Human-readable rule, e.g. "at least 10 characters".' })
  description!: string;
}

@ObjectType('PasswordPolicy')
export class PasswordPolicy {
  @Field(() => Int)
  minLength!: number;

  @Field(() => Int)
  maxLength!: number;

  @Field(() => [PasswordRule])
  rules!: PasswordRule[];
}

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

@InputType('RegisterInput')
export class RegisterInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => ProfileInput, { nullable: true })
  profile?: ProfileInput | null;
}

@InputType('ApplicationInput')
export class ApplicationInput {
  @Field(() => ID)
  offerId!: string;

  @Field(() => ApplicationStatus, { defaultValue: ApplicationStatus.TO_APPLY })
  status!: ApplicationStatus;

  @Field(() => String, { defaultValue: '' })
  notes!: string;
}

@InputType('ApplicationUpdateInput', { description: 'Fields left out are unchanged.' })
export class ApplicationUpdateInput {
  @Field(() => ApplicationStatus, { nullable: true })
  status?: ApplicationStatus | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}
