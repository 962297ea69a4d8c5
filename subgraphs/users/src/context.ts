import { createBatchLoader, type SubgraphContext } from '@jobmarket/subgraph-kit';
import type { UsersService } from './service.js';
import type { Application } from './types.js';

export interface UsersContext extends SubgraphContext {
  users: UsersService;
  /** Per-request batched look-ups for `Offer.savedByMe` / `Offer.myApplication` (signed-in only). */
  savedByMe: (offerId: string) => Promise<boolean | undefined>;
  myApplication: (offerId: string) => Promise<Application | undefined>;
}

export function usersContext(users: UsersService) {
  return (base: SubgraphContext): UsersContext => {
    const userId = base.userId;
    return {
      ...base,
      users,
      savedByMe: createBatchLoader(async (ids: string[]) => {
        if (!userId) return new Map();
        const saved = await users.savedAmong(userId, ids);
        return new Map(ids.map((id) => [id, saved.has(id)]));
      }),
      myApplication: createBatchLoader(async (ids: string[]) =>
        userId ? users.applicationsForOffers(userId, ids) : new Map<string, Application>(),
      ),
    };
  };
}
