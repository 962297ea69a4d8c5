/**
 * The evaluation as numbers: the whole table (every task × method × metric, with its bootstrap
 * CI) for MLflow, and the headline per-task metrics of the model for the version record,
 * `models.published` and the subgraph's modelInfo.
 */
import type {
  ModelComparison,
  RecommendationEvaluation,
  TrainingMetrics,
} from '@jobmarket/recommender';

/** `{task}.{method}.{metric}` (+ `.ci_low` / `.ci_high`), `{task}.model_minus_bm25.{metric}`, `{task}.queries`. */
export function evaluationTable(evaluation: RecommendationEvaluation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [task, result] of Object.entries(evaluation.tasks)) {
    out[`${task}.queries`] = result.queries;
    out[`${task}.candidates`] = result.candidates;
    for (const [method, metrics] of Object.entries(result.methods)) {
      for (const [metric, estimate] of Object.entries(metrics)) {
        out[`${task}.${method}.${metric}`] = estimate.mean;
        out[`${task}.${method}.${metric}.ci_low`] = estimate.ci[0];
        out[`${task}.${method}.${metric}.ci_high`] = estimate.ci[1];
      }
    }
    for (const [metric, estimate] of Object.entries(result.modelMinusBm25)) {
      out[`${task}.model_minus_bm25.${metric}`] = estimate.mean;
      out[`${task}.model_minus_bm25.${metric}.ci_low`] = estimate.ci[0];
      out[`${task}.model_minus_bm25.${metric}.ci_high`] = estimate.ci[1];
    }
  }
  return out;
}

/** The model's own means per task: `skills.ndcg@10`, `title.mrr`… (what modelInfo shows). */
export function headlineMetrics(evaluation: RecommendationEvaluation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [task, result] of Object.entries(evaluation.tasks)) {
    const model = result.methods.model;
    if (!model) continue;
    for (const [metric, estimate] of Object.entries(model))
      out[`${task}.${metric}`] = round(estimate.mean);
    const bm25 = result.methods.bm25?.['ndcg@10'];
    if (bm25) out[`${task}.bm25.ndcg@10`] = round(bm25.mean);
  }
  return out;
}

export function comparisonMetrics(comparison: ModelComparison): Record<string, number> {
  const out: Record<string, number> = { 'compare.mean_delta_ndcg@10': comparison.meanDelta };
  out['compare.challenger_wins'] = comparison.challengerWins ? 1 : 0;
  for (const [task, result] of Object.entries(comparison.tasks)) {
    out[`compare.${task}.champion.ndcg@10`] = result.champion;
    out[`compare.${task}.challenger.ndcg@10`] = result.challenger;
    out[`compare.${task}.delta.ndcg@10`] = result.delta.mean;
    out[`compare.${task}.delta.ndcg@10.ci_low`] = result.delta.ci[0];
    out[`compare.${task}.delta.ndcg@10.ci_high`] = result.delta.ci[1];
  }
  return out;
}

export function trainingMetricsTable(metrics: TrainingMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number') out[`training.${key}`] = value;
  }
  for (const [feature, weight] of Object.entries(metrics.rankerWeights ?? {}))
    out[`ranker.weight.${feature}`] = weight;
  return out;
}

export function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
