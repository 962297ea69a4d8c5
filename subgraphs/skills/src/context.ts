import { createBatchLoader, type Store, type SubgraphContext } from '@jobmarket/subgraph-kit';
import type { QueryCache } from '@jobmarket/subgraph-offers/filter';
import { offerCounts } from './queries.js';
import { skillsByIds, skillsOfOffers, type OfferSkillRow } from './store.js';
import type { Skill } from './types.js';

export interface SkillsDeps {
  store: Store;
  /** "Now" for `publishedWithinDays` in the shared filter (tests pin it). */
  now: () => Date;
  /** Skill demand results (see QueryCache). */
  cache: QueryCache;
}

export interface SkillsContext extends SubgraphContext {
  skills: SkillsDeps;
  /** Batched per request (the N entities of one `_entities` call are one query each). */
  loadSkill: (id: string) => Promise<Skill | undefined>;
  loadOfferSkills: (offerId: string) => Promise<OfferSkillRow[] | undefined>;
  loadOfferCount: (skillId: string) => Promise<number | undefined>;
}

export function skillsContext(base: SubgraphContext, deps: SkillsDeps): SkillsContext {
  return {
    ...base,
    skills: deps,
    loadSkill: createBatchLoader((ids: string[]) => skillsByIds(deps.store, ids)),
    loadOfferSkills: createBatchLoader((ids: string[]) => skillsOfOffers(deps.store, ids)),
    loadOfferCount: createBatchLoader((ids: string[]) => offerCounts(deps.store, ids)),
  };
}
