import type { RomeReferential } from '../data/rome.js';
import type { OfferView } from '../data/types.js';
import type { Recommender } from '../model/recommender.js';
import { romeDistribution } from '../model/rome-classifier.js';
import { train, type ModelConfig, type TrainingProgress } from '../model/train.js';
import { featurize } from '../text/features.js';
import { classLogits, encodeBag } from '../model/encoder.js';
import { bootstrap, type Estimate } from './metrics.js';
import { timeSplit, type TimeSplit } from './split.js';

export interface RomeAccuracy {
  top1: Estimate;
  top5: Estimate;
}

export interface RomeEvaluation {
  split: Omit<TimeSplit, 'train' | 'evaluation'> & {
    trainOffers: number;
    evaluationOffers: number;
  };
  /** Evaluation offers with a ROME code (the test set). */
  offers: number;
  /** How many of them have a code never seen in training offers (still learnable from the referential). */
  unseenInTrainingOffers: number;
  bootstrap: { resamples: number; seed: number };
  methods: {
    /** The shipped classifier: encoder logits + β · best title cosine. */
    model: RomeAccuracy;
    /** Ablation: the encoder's softmax alone. */
    encoderOnly: RomeAccuracy;
    /** Ablation: the nearest referential/training title alone. */
    titleIndexOnly: RomeAccuracy;
    /** Baseline: the training period's most frequent codes, in order. */
    mostFrequent: RomeAccuracy;
  };
}

function ranks(probs: ArrayLike<number>, target: number): number {
  const t = probs[target] as number;
  let better = 0;
  for (let c = 0; c < probs.length; c++)
    if ((probs[c] as number) > t || ((probs[c] as number) === t && c < target)) better++;
  return better;
}

/**
 * Title + description → ROME code on the time split: trained on the ROME referential and the
 * training-period offers, tested on every evaluation-period offer that has a ROME code.
 */
export async function evaluateRome(
  offers: OfferView[],
  options: {
    seed?: number;
    referential?: RomeReferential | null;
    config?: Partial<ModelConfig>;
    model?: Recommender;
    resamples?: number;
    trainFraction?: number;
    onProgress?: (p: TrainingProgress) => void;
  } = {},
): Promise<RomeEvaluation> {
  const seed = options.seed ?? 42;
  const resamples = options.resamples ?? 1000;
  const split = timeSplit(offers, options.trainFraction ?? 0.7);
  const model =
    options.model ??
    (
      await train(split.train, {
        seed,
        referential: options.referential ?? null,
        config: options.config,
        onProgress: options.onProgress,
      })
    ).model;
  const parts = model.parts;
  const classIndex = new Map(parts.classes.map((c, i) => [c, i]));
  const test = split.evaluation.filter((o) => o.romeCode);
  const seenCodes = new Set(split.train.map((o) => o.romeCode));
  const counts = new Map<string, number>();
  for (const o of split.train)
    if (o.romeCode) counts.set(o.romeCode, (counts.get(o.romeCode) ?? 0) + 1);
  const frequent = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map((e) => e[0]);
  const hits = {
    model: [[], []],
    encoderOnly: [[], []],
    titleIndexOnly: [[], []],
    mostFrequent: [[], []],
  } as Record<keyof RomeEvaluation['methods'], [number[], number[]]>;
  const predictions = await model.predictRomeBatch(
    test.map((o) => ({ title: o.title, description: o.description })),
    5,
  );
  const C = parts.classes.length;
  test.forEach((o, i) => {
    const target = classIndex.get(o.romeCode as string);
    const top = (predictions[i] ?? []).map((p) => p.code);
    hits.model[0].push(top[0] === o.romeCode ? 1 : 0);
    hits.model[1].push(top.includes(o.romeCode as string) ? 1 : 0);
    const fields = { title: o.title, description: o.description };
    const logits = classLogits(
      parts.encoder,
      encodeBag(parts.encoder, featurize(fields, parts.vocab, parts.fieldWeights, parts.maxTokens)),
    );
    const encoderOnly = romeDistribution({ ...parts, knnBeta: 0 }, fields, logits);
    const titleOnly = romeDistribution({ ...parts, knnBeta: 1 }, fields, new Float64Array(C));
    for (const [name, probs] of [
      ['encoderOnly', encoderOnly],
      ['titleIndexOnly', titleOnly],
    ] as const) {
      const r = target === undefined ? C : ranks(probs, target);
      hits[name][0].push(r === 0 ? 1 : 0);
      hits[name][1].push(r < 5 ? 1 : 0);
    }
    const f = frequent.indexOf(o.romeCode as string);
    hits.mostFrequent[0].push(f === 0 ? 1 : 0);
    hits.mostFrequent[1].push(f >= 0 && f < 5 ? 1 : 0);
  });
  const acc = (h: [number[], number[]]): RomeAccuracy => ({
    top1: bootstrap(h[0], resamples, seed),
    top5: bootstrap(h[1], resamples, seed),
  });
  const { train: trainOffers, evaluation, ...splitInfo } = split;
  return {
    split: { ...splitInfo, trainOffers: trainOffers.length, evaluationOffers: evaluation.length },
    offers: test.length,
    unseenInTrainingOffers: test.filter((o) => !seenCodes.has(o.romeCode)).length,
    bootstrap: { resamples, seed },
    methods: {
      model: acc(hits.model),
      encoderOnly: acc(hits.encoderOnly),
      titleIndexOnly: acc(hits.titleIndexOnly),
      mostFrequent: acc(hits.mostFrequent),
    },
  };
}
