import type { OfferView } from '../data/types.js';
import type { Recommender } from '../model/recommender.js';
import { pairedBootstrap, type Estimate } from './metrics.js';
import { evaluateRecommendations, type RecommendationEvaluation } from './run.js';

export interface ModelComparison {
  /** Per task: challenger − champion, paired over the same queries, for NDCG@10. */
  tasks: Record<string, { queries: number; champion: number; challenger: number; delta: Estimate }>;
  /** Query-weighted mean NDCG@10 difference over all tasks. */
  meanDelta: number;
  /** True when the challenger's query-weighted mean NDCG@10 is higher and no task's paired CI is entirely below 0. */
  challengerWins: boolean;
  champion: RecommendationEvaluation;
  challenger: RecommendationEvaluation;
}

/**
 * Champion vs challenger on the same split and queries (for the retrain job's promotion rule).
 * Both models must have been trained on data older than the split's evaluation period — otherwise
 * one of them is scored on offers it has seen; the caller chooses the offers accordingly.
 */
export async function compareModels(
  offers: OfferView[],
  models: { champion: Recommender; challenger: Recommender },
  options: { seed?: number; resamples?: number; trainFraction?: number } = {},
): Promise<ModelComparison> {
  const champion = await evaluateRecommendations(offers, { ...options, model: models.champion });
  const challenger = await evaluateRecommendations(offers, {
    ...options,
    model: models.challenger,
  });
  const tasks: ModelComparison['tasks'] = {};
  let weighted = 0;
  let total = 0;
  let anyWorse = false;
  for (const task of Object.keys(challenger.tasks)) {
    const a = challenger.perQuery[task]?.model?.['ndcg@10'] ?? [];
    const b = champion.perQuery[task]?.model?.['ndcg@10'] ?? [];
    const delta = pairedBootstrap(a, b, options.resamples ?? 1000, options.seed ?? 42);
    const mean = (v: number[]) => (v.length ? v.reduce((x, y) => x + y, 0) / v.length : 0);
    tasks[task] = { queries: a.length, champion: mean(b), challenger: mean(a), delta };
    weighted += delta.mean * a.length;
    total += a.length;
    if (delta.ci[1] < 0) anyWorse = true;
  }
  const meanDelta = total > 0 ? weighted / total : 0;
  return { tasks, meanDelta, challengerWins: meanDelta > 0 && !anyWorse, champion, challenger };
}
