import type { SubgraphContext } from '@jobmarket/subgraph-kit';
import type { RecommendationServer } from './serving.js';

export interface RecommendationsContext extends SubgraphContext {
  /** The model in service and its offer index. */
  server: RecommendationServer;
}

export function recommendationsContext(server: RecommendationServer) {
  return (base: SubgraphContext): RecommendationsContext => ({ ...base, server });
}
