import type { RomeReferential } from '../data/rome.js';
import type { OfferView } from '../data/types.js';
import type { Recommender } from '../model/recommender.js';
import {
  train,
  type ModelConfig,
  type TrainingMetrics,
  type TrainingProgress,
} from '../model/train.js';
import { Rng } from '../random.js';
import {
  bm25Ranker,
  popularityRanker,
  randomRanker,
  skillsRanker,
  type Ranker,
} from './baselines.js';
import {
  bootstrap,
  METRICS,
  pairedBootstrap,
  queryMetrics,
  type Estimate,
  type MetricName,
} from './metrics.js';
import { timeSplit, type TimeSplit } from './split.js';
import {
  buildQueries,
  TASK_DESCRIPTIONS,
  TASKS,
  type JudgedQuery,
  type TaskName,
} from './tasks.js';

export const METHODS = ['random', 'popularity', 'bm25', 'skills', 'model', 'model-noloc'] as const;
export type MethodName = (typeof METHODS)[number];

export type MethodMetrics = Record<MetricName, Estimate>;

export interface TaskResult {
  description: string;
  queries: number;
  candidates: number;
  methods: Record<string, MethodMetrics>;
  /** Paired bootstrap of model − bm25 per metric. */
  modelMinusBm25: MethodMetrics;
}

export interface RecommendationEvaluation {
  split: Omit<TimeSplit, 'train' | 'evaluation'> & {
    trainOffers: number;
    evaluationOffers: number;
  };
  bootstrap: { resamples: number; seed: number };
  tasks: Record<string, TaskResult>;
  training: TrainingMetrics;
  modelVersion: string;
  /** Per-query values, for paired comparisons by callers (e.g. champion vs challenger). */
  perQuery: Record<string, Record<string, Record<MetricName, number[]>>>;
}

export interface EvaluateOptions {
  seed?: number;
  referential?: RomeReferential | null;
  config?: Partial<ModelConfig>;
  resamples?: number;
  trainFraction?: number;
  /** Use an already trained model (trained on the same split's training period!) instead of training one. */
  model?: Recommender;
  onProgress?: (progress: TrainingProgress) => void;
  /** Report each finished task. */
  onTask?: (task: string, result: TaskResult) => void;
}

/** Sorts candidate indices by score (desc); ties keep a seeded random order. */
export function rankIndices(scores: ArrayLike<number>, rng: Rng): number[] {
  const order = rng.shuffle(Array.from({ length: scores.length }, (_, i) => i));
  const position = new Int32Array(scores.length);
  order.forEach((idx, pos) => (position[idx] = pos));
  return order.sort(
    (a, b) =>
      (scores[b] as number) - (scores[a] as number) ||
      (position[a] as number) - (position[b] as number),
  );
}

/**
 * A ranker wrapping the trained model (scores of every candidate for the query's profile).
 * `withoutLocation` is the ablation that hides the profile's location from the model.
 */
export function modelRanker(
  model: Recommender,
  candidates: OfferView[],
  withoutLocation = false,
): Ranker {
  const ids = candidates.map((o) => o.id);
  return {
    name: withoutLocation ? 'model-noloc' : 'model',
    score: async (profile) => {
      const scores = await model.scoreAll(
        withoutLocation ? { ...profile, location: null } : profile,
        ids,
      );
      return Float64Array.from(ids, (id) => scores.get(id) ?? 0);
    },
  };
}

/**
 * The whole recommendation evaluation: time split, model trained on the training period, tasks
 * built on the evaluation period, every method ranking the evaluation-period offers (minus the
 * query's own offer), metrics with bootstrap CIs.
 */
export async function evaluateRecommendations(
  offers: OfferView[],
  options: EvaluateOptions = {},
): Promise<RecommendationEvaluation> {
  const seed = options.seed ?? 42;
  const resamples = options.resamples ?? 1000;
  const split = timeSplit(offers, options.trainFraction ?? 0.7);
  const trained = options.model
    ? null
    : await train(split.train, {
        seed,
        referential: options.referential ?? null,
        config: options.config,
        onProgress: options.onProgress,
      });
  const model = options.model ?? (trained as NonNullable<typeof trained>).model;
  const candidates = split.evaluation;
  await model.indexOffers(candidates);
  const rankers: Ranker[] = [
    randomRanker(candidates, seed),
    popularityRanker(candidates, split.train),
    bm25Ranker(candidates),
    skillsRanker(candidates),
    modelRanker(model, candidates),
    modelRanker(model, candidates, true),
  ];
  const indexOf = new Map(candidates.map((o, i) => [o.id, i]));
  const tasks: Record<string, TaskResult> = {};
  const perQuery: RecommendationEvaluation['perQuery'] = {};
  for (const task of TASKS) {
    const queries: JudgedQuery[] = buildQueries(task, candidates);
    const values: Record<string, Record<MetricName, number[]>> = {};
    for (const ranker of rankers) {
      const perMetric = Object.fromEntries(METRICS.map((m) => [m, [] as number[]])) as Record<
        MetricName,
        number[]
      >;
      for (let q = 0; q < queries.length; q++) {
        const query = queries[q] as JudgedQuery;
        const scores = await ranker.score(query.profile, q);
        const self = indexOf.get(query.sourceOfferId);
        const order = rankIndices(scores, Rng.derive(seed, `ties:${query.id}`)).filter(
          (i) => i !== self,
        );
        const metrics = queryMetrics(
          order.map((i) => (candidates[i] as OfferView).id),
          query.gains,
        );
        for (const m of METRICS) perMetric[m].push(metrics[m]);
      }
      values[ranker.name] = perMetric;
    }
    const methods = Object.fromEntries(
      Object.entries(values).map(([name, perMetric]) => [
        name,
        Object.fromEntries(
          METRICS.map((m) => [m, bootstrap(perMetric[m], resamples, seed)]),
        ) as MethodMetrics,
      ]),
    );
    const modelValues = values.model as Record<MetricName, number[]>;
    const bm25Values = values.bm25 as Record<MetricName, number[]>;
    const modelMinusBm25 = Object.fromEntries(
      METRICS.map((m) => [m, pairedBootstrap(modelValues[m], bm25Values[m], resamples, seed)]),
    ) as MethodMetrics;
    tasks[task] = {
      description: TASK_DESCRIPTIONS[task as TaskName],
      queries: queries.length,
      candidates: candidates.length,
      methods,
      modelMinusBm25,
    };
    perQuery[task] = values;
    options.onTask?.(task, tasks[task] as TaskResult);
  }
  const { train: trainOffers, evaluation, ...splitInfo } = split;
  return {
    split: { ...splitInfo, trainOffers: trainOffers.length, evaluationOffers: evaluation.length },
    bootstrap: { resamples, seed },
    tasks,
    training: trained
      ? trained.metrics
      : ((model.metadata.metrics?.training ?? {}) as TrainingMetrics),
    modelVersion: model.metadata.modelVersion ?? 'unknown',
    perQuery,
  };
}
