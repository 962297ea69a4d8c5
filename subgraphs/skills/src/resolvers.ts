import 'reflect-metadata';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { parseId } from '@jobmarket/subgraph-kit';
import { OfferFilter } from '@jobmarket/subgraph-offers/filter';
import type { SkillsContext } from './context.js';
import {
  parseRomeCode,
  relatedRomeCodes,
  romeCodeByCode,
  searchRomeCodes,
  searchSkills,
  softSkillsByRome,
  topSkills,
} from './queries.js';
import {
  Offer,
  OfferSkill,
  RelatedRomeCode,
  RomeCode,
  RomeSoftSkill,
  Skill,
  SkillDemand,
  SkillKind,
} from './types.js';

@Resolver(() => Skill)
export class SkillResolver {
  @Query(() => Skill, {
    nullable: true,
    description: 'One skill by id; null when no offer ever asked for it.',
  })
  async skill(
    @Arg('id', () => ID) id: string,
    @Ctx() context: SkillsContext,
  ): Promise<Skill | null> {
    return (await context.loadSkill(parseId(id, { argument: 'id', max: 64 }))) ?? null;
  }

  @Query(() => [Skill], {
    description: 'Skill autocomplete (accents and case ignored; prefix, word prefix, then fuzzy).',
  })
  skills(
    @Arg('search', () => String, { description: '1 to 100 characters.' }) search: string,
    @Arg('kind', () => SkillKind, { nullable: true }) kind: SkillKind | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10, description: '1 to 50.' })
    first: number | null,
    @Ctx() context: SkillsContext,
  ): Promise<Skill[]> {
    return searchSkills(context.skills.store, { search, kind, first });
  }

  @Query(() => [SkillDemand], {
    description:
      'The skills most asked for by the offers the filter selects (the same OfferFilter as searchOffers).',
  })
  topSkills(
    @Arg('kind', () => SkillKind, { nullable: true, description: 'Both kinds when omitted.' })
    kind: SkillKind | null,
    @Arg('filter', () => OfferFilter, { nullable: true }) filter: OfferFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: '1 to 100.' })
    first: number | null,
    @Ctx() context: SkillsContext,
  ): Promise<SkillDemand[]> {
    return topSkills(
      context.skills.store,
      { kind, filter, first },
      context.skills.now(),
      context.skills.cache,
    );
  }

  @FieldResolver(() => Int, { description: 'Open offers asking for it.' })
  async offers(@Root() skill: Skill, @Ctx() context: SkillsContext): Promise<number> {
    return (await context.loadOfferCount(skill.id)) ?? 0;
  }

  @FieldResolver(() => [RelatedRomeCode], {
    description: 'ROME codes whose offers ask for it, most offers first.',
  })
  relatedRomeCodes(
    @Root() skill: Skill,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10, description: '1 to 100.' })
    first: number | null,
    @Ctx() context: SkillsContext,
  ): Promise<RelatedRomeCode[]> {
    return relatedRomeCodes(context.skills.store, skill.id, first);
  }
}

@Resolver(() => RomeCode)
export class RomeResolver {
  @Query(() => [RomeSoftSkill], {
    description:
      'The soft skills (savoir-être) the open offers of a ROME code ask for, most asked first.',
  })
  softSkillsByRome(
    @Arg('romeCode', () => String, { description: 'e.g. M1805.' }) romeCode: string,
    @Ctx() context: SkillsContext,
  ): Promise<RomeSoftSkill[]> {
    return softSkillsByRome(context.skills.store, romeCode, context.skills.cache);
  }

  @Query(() => [RomeCode], {
    description:
      'ROME autocomplete by code (`M18`, `M1805`), label or appellation (job title), accents and case ignored.',
  })
  romeCodes(
    @Arg('search', () => String, { description: '1 to 100 characters.' }) search: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10, description: '1 to 50.' })
    first: number | null,
    @Ctx() context: SkillsContext,
  ): Promise<RomeCode[]> {
    return searchRomeCodes(context.skills.store, search, first);
  }

  @Query(() => RomeCode, { nullable: true, description: 'One ROME code; null when unknown.' })
  romeCode(
    @Arg('code', () => String) code: string,
    @Ctx() context: SkillsContext,
  ): Promise<RomeCode | null> {
    return romeCodeByCode(context.skills.store, parseRomeCode(code, 'code'));
  }
}

@Resolver(() => Offer)
export class OfferSkillsResolver {
  @FieldResolver(() => [OfferSkill], {
    description:
      'The skills the offer asks for (hard first, in the offer’s order), with whether each is required.',
  })
  async skills(
    @Root() offer: Offer,
    @Arg('kind', () => SkillKind, { nullable: true }) kind: SkillKind | null,
    @Ctx() context: SkillsContext,
  ): Promise<OfferSkill[]> {
    const rows = (await context.loadOfferSkills(offer.id)) ?? [];
    return rows
      .filter((row) => !kind || row.kind === kind)
      .map((row) => ({
        skill: { id: row.skill_id, kind: row.kind, name: row.name, description: row.description },
        kind: row.kind,
        required: row.required,
      }));
  }
}
