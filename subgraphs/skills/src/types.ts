import 'reflect-metadata';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The GraphQL types of the skills subgraph (explicit type functions everywhere: see subgraphs/README.md). */

export enum SkillKind {
  HARD = 'HARD',
  SOFT = 'SOFT',
}
registerEnumType(SkillKind, {
  name: 'SkillKind',
  description: 'HARD: savoir-faire and technical skills; SOFT: savoir-être (soft skills).',
});

@Directive('@key(fields: "id")')
@ObjectType('Skill', {
  description: 'A skill offers ask for: hard (savoir-faire) or soft (savoir-être).',
})
export class Skill {
  @Field(() => ID, {
    description:
      'France Travail compétence code, `tech-<name>` / `rome-<code>` for skills found in the text, or the soft skill id (`autonomie`).',
  })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => SkillKind)
  kind!: SkillKind;

  @Field(() => String, {
    nullable: true,
    description: 'What the soft skill means (France Travail’s words).',
  })
  description!: string | null;
}

@ObjectType('RelatedRomeCode', { description: 'A ROME code whose offers ask for a skill.' })
export class RelatedRomeCode {
  @Field(() => String)
  code!: string;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => Int, { description: 'Open offers with this code asking for the skill.' })
  offers!: number;
}

@ObjectType('OfferSkill', { description: 'A skill an offer asks for.' })
export class OfferSkill {
  @Field(() => Skill)
  skill!: Skill;

  @Field(() => SkillKind)
  kind!: SkillKind;

  @Field(() => Boolean, {
    description:
      'The offer requires it (France Travail `exigence` E); false when wished or for soft skills.',
  })
  required!: boolean;
}

/** The offers subgraph's entity; this subgraph adds `skills`. */
@Directive('@key(fields: "id")')
@ObjectType('Offer')
export class Offer {
  @Field(() => ID)
  id!: string;
}

@ObjectType('SkillDemand', { description: 'How many offers of a filter ask for a skill.' })
export class SkillDemand {
  @Field(() => Skill)
  skill!: Skill;

  @Field(() => Int)
  offers!: number;

  @Field(() => Int, { description: 'Of which require it.' })
  requiredOffers!: number;

  @Field(() => Float, { description: 'offers / all offers of the filter.' })
  share!: number;
}

@ObjectType('RomeCode', { description: 'A ROME fiche métier (code), e.g. M1805.' })
export class RomeCode {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String, { description: 'Domaine professionnel, e.g. M18.' })
  domainCode!: string;

  @Field(() => String, { nullable: true })
  domainLabel!: string | null;

  @Field(() => Int, { description: 'Open offers with this code.' })
  offers!: number;

  @Field(() => String, {
    nullable: true,
    description: 'In romeCodes(search): the appellation (job title) that matched, when it was one.',
  })
  matchedAppellation!: string | null;
}

@ObjectType('RomeSoftSkill', {
  description:
    'A soft skill (savoir-être) the offers of a ROME code ask for: the seed’s table (id, soft skill, description) with counts.',
})
export class RomeSoftSkill {
  @Field(() => Skill)
  skill!: Skill;

  @Field(() => ID, { description: 'The soft skill id (as skill.id).' })
  id!: string;

  @Field(() => String, { description: 'The soft skill (as skill.name).' })
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { description: 'Open offers of the code asking for it.' })
  offers!: number;

  @Field(() => Float, { description: 'offers / open offers of the code.' })
  share!: number;

  @Field(() => Int, { description: '1 = the most asked for within the code.' })
  rank!: number;
}
