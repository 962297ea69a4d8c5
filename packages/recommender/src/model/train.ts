import { romeDomain, type RomeReferential } from '../data/rome.js';
import type { CandidateProfile, OfferView } from '../data/types.js';
import { buildQueries, relevanceGain, type JudgedQuery } from '../eval/tasks.js';
import { exportOnnx } from '../onnx/artifact.js';
import {
  METADATA_FORMAT,
  METADATA_SCHEMA_VERSION,
  MODEL_NAME,
  type ModelMetadata,
} from '../onnx/metadata.js';
import { hashString, Rng } from '../random.js';
import { foldText } from '../text/normalize.js';
import {
  DEFAULT_FIELD_WEIGHTS,
  featurize,
  ngrams,
  Vocabulary,
  type FieldWeights,
  type TextFields,
} from '../text/features.js';
import { trainEncoder, type EncoderExample, type EncoderWeights } from './encoder.js';
import { ALL_FEATURES, GRAPH_FEATURES, PAIR_FEATURES } from './features.js';
import type { ModelParts } from './parts.js';
import { fitPairwiseRanker, type PairSet } from './ranker.js';
import { FEATURE_COUNT, ReferenceBackend } from './reference.js';
import { Recommender } from './recommender.js';
import { TitleIndex } from './rome-classifier.js';

export interface ModelConfig {
  /** Latent dimension K. */
  dim: number;
  epochs: number;
  /** Epochs of the cross-fitting encoders (they only produce the ranker's training features). */
  foldEpochs: number;
  learningRate: number;
  /** Sampled-softmax negatives per example. */
  negatives: number;
  /** Weight of each training-offer example relative to a referential title. */
  offerExampleWeight: number;
  fieldWeights: FieldWeights;
  maxTokens: number;
  /** Weight of the lexical title index in the ROME distribution. */
  knnBeta: number;
  /** Cross-fitting folds for the ranker's training features (≥ 2). */
  folds: number;
  queriesPerTask: number;
  pairsPerQuery: number;
  rankerL2: number;
  /** Probability that a simulated training profile states each preference. */
  preferenceRate: number;
  /**
   * Re-code training offers whose appellation belongs to another ROME 4.0 code in the referential
   * (offers created before ROME 4.0 carry the old codes). Training labels only; never evaluation.
   */
  modernizeRomeCodes: boolean;
}

export const DEFAULT_CONFIG: ModelConfig = {
  dim: 64,
  epochs: 10,
  foldEpochs: 6,
  learningRate: 0.5,
  negatives: 64,
  offerExampleWeight: 2,
  fieldWeights: DEFAULT_FIELD_WEIGHTS,
  maxTokens: 128,
  knnBeta: 8,
  folds: 2,
  queriesPerTask: 120,
  pairsPerQuery: 60,
  rankerL2: 1e-3,
  preferenceRate: 0.3,
  modernizeRomeCodes: true,
};

export interface TrainingProgress {
  stage: 'prepare' | 'encoder' | 'ranker' | 'export';
  /** Which encoder is training: fold-0…, or "final". */
  part?: string;
  epoch?: number;
  epochs?: number;
  loss?: number;
  /** Estimated seconds left for the whole training. */
  etaSeconds?: number;
  elapsedSeconds: number;
  message: string;
}

export interface TrainOptions {
  seed?: number;
  referential?: RomeReferential | null;
  config?: Partial<ModelConfig>;
  onProgress?: (progress: TrainingProgress) => void;
  /** Recorded in the metadata; defaults to the newest training offer's date (so output is reproducible). */
  trainedAt?: string;
  modelVersion?: string;
}

export interface TrainingMetrics {
  offers: number;
  labelledOffers: number;
  classes: number;
  vocabulary: number;
  encoderExamples: number;
  encoderFinalLoss: number;
  rankerQueries: number;
  rankerPairs: number;
  rankerLoss: number;
  rankerWeights: Record<string, number>;
  trainingSeconds: number;
}

export interface TrainResult {
  model: Recommender;
  metrics: TrainingMetrics;
  onnxBytes: Uint8Array;
  metadata: ModelMetadata;
}

interface Doc {
  fields: TextFields;
  label: number;
  weight: number;
  /** Offer id for offer-derived docs (to hold out a fold). */
  offerId: string | null;
}

function docsFor(offers: OfferView[], classIndex: Map<string, number>, weight: number): Doc[] {
  const docs: Doc[] = [];
  for (const o of offers) {
    const label = o.romeCode ? classIndex.get(o.romeCode) : undefined;
    if (label === undefined) continue;
    const skills = o.skills.map((s) => s.label);
    if (o.title.trim()) docs.push({ fields: { title: o.title }, label, weight, offerId: o.id });
    docs.push({
      fields: { title: o.title, skills, description: o.description },
      label,
      weight,
      offerId: o.id,
    });
    if (skills.length > 0) docs.push({ fields: { skills }, label, weight, offerId: o.id });
  }
  return docs;
}

function docTokens(d: Doc): string[] {
  return [
    ...ngrams(d.fields.title),
    ...(d.fields.skills ?? []).flatMap((s) => ngrams(s)),
    ...ngrams(d.fields.description),
  ];
}

function titleEntries(
  referentialDocs: Doc[],
  offers: OfferView[],
  classIndex: Map<string, number>,
): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const seen = new Set<string>();
  const add = (title: string, label: number) => {
    const key = `${title}\u0000${label}`;
    if (!title.trim() || seen.has(key)) return;
    seen.add(key);
    out.push([title, label]);
  };
  for (const d of referentialDocs) add(d.fields.title ?? '', d.label);
  for (const o of offers) {
    const label = o.romeCode ? classIndex.get(o.romeCode) : undefined;
    if (label !== undefined) add(o.title, label);
  }
  return out;
}

/** Simulated preferences for a training query, and the gain factor they imply for a candidate. */
function simulatePreferences(
  rng: Rng,
  source: OfferView,
  profile: CandidateProfile,
  rate: number,
): CandidateProfile {
  const p: CandidateProfile = { ...profile };
  if (source.contractType && rng.next() < rate) p.contractTypes = [source.contractType];
  if (source.seniority && rng.next() < rate) p.seniority = source.seniority;
  if (source.salaryAnnualMinEur !== null && rng.next() < rate)
    p.minAnnualSalaryEur = Math.round(source.salaryAnnualMinEur * (0.9 + 0.2 * rng.next()));
  if (p.location && rng.next() < rate)
    p.location = { ...p.location, radiusKm: rng.next() < 0.5 ? 20 : 50 };
  return p;
}

function preferenceFactor(profile: CandidateProfile, pair: Float32Array, offset: number): number {
  let factor = 1;
  const F = PAIR_FEATURES;
  if (profile.location?.radiusKm && (pair[offset + F.indexOf('outside_radius')] as number) > 0)
    factor *= 0.5;
  if ((pair[offset + F.indexOf('contract_match')] as number) < 0) factor *= 0.5;
  if ((pair[offset + F.indexOf('seniority_gap')] as number) > 0) factor *= 0.5;
  if ((pair[offset + F.indexOf('salary_shortfall')] as number) > 0) factor *= 0.5;
  if ((pair[offset + F.indexOf('remote_mismatch')] as number) > 0) factor *= 0.5;
  return factor;
}

function sampleQueries(queries: JudgedQuery[], limit: number, rng: Rng): JudgedQuery[] {
  return queries.length <= limit ? queries : rng.shuffle(queries.slice()).slice(0, limit);
}

/**
 * Trains the whole model from offer views (France Travail offers from the warehouse) and the
 * ROME referential:
 *
 * 1. vocabulary of French-normalised uni/bigrams over referential titles and training offers;
 * 2. the encoder (supervised projection, text → ROME) on appellation titles, ROME labels and
 *    training offers (title; title+skills+description; skills), one per cross-fitting fold with
 *    that fold's offers held out, and a final one on everything;
 * 3. ranking examples: each fold's offers become queries (skills, appellation, free-text title,
 *    ROME code; with simulated preferences) over that fold's offers, scored by the encoder that
 *    never saw them, judged by ROME/appellation/distance (see eval/tasks.ts);
 * 4. the linear ranker, by pairwise logistic regression on those examples;
 * 5. export to ONNX + metadata, with a probe for load-time self-checks.
 *
 * Deterministic for a seed: no Math.random, no wall-clock dependence in the outputs (trainedAt
 * defaults to the newest training offer's date).
 */
export async function train(offers: OfferView[], options: TrainOptions = {}): Promise<TrainResult> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const config: ModelConfig = { ...DEFAULT_CONFIG, ...options.config };
  const referential = options.referential ?? null;
  const elapsed = () => (performance.now() - started) / 1000;
  const report = (p: Omit<TrainingProgress, 'elapsedSeconds'>) =>
    options.onProgress?.({ ...p, elapsedSeconds: elapsed() });

  const labelled = config.modernizeRomeCodes
    ? modernizeRomeCodes(
        offers.filter((o) => o.romeCode),
        referential,
      )
    : offers.filter((o) => o.romeCode);
  const classes = [
    ...new Set([
      ...(referential?.codes.keys() ?? []),
      ...labelled.map((o) => o.romeCode as string),
    ]),
  ].sort();
  if (classes.length < 2)
    throw new Error(
      `training needs at least 2 ROME codes (got ${classes.length}): give offers with romeCode or the ROME referential`,
    );
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const domains = [...new Set(classes.map((c) => romeDomain(c) as string))].sort();
  const domainIndex = new Map(domains.map((d, i) => [d, i]));
  const domainOfClass = Int32Array.from(
    classes,
    (c) => domainIndex.get(romeDomain(c) as string) as number,
  );
  const classLabels = classes.map(
    (c) => referential?.codes.get(c) ?? labelled.find((o) => o.romeCode === c)?.romeLabel ?? c,
  );
  const domainLabels = domains.map((d) => referential?.domains.get(d) ?? d);

  const referentialDocs: Doc[] = [];
  for (const a of referential?.appellations ?? []) {
    const label = classIndex.get(a.code);
    if (label !== undefined)
      referentialDocs.push({ fields: { title: a.label }, label, weight: 1, offerId: null });
  }
  for (const [code, label] of referential?.codes ?? []) {
    referentialDocs.push({
      fields: { title: label },
      label: classIndex.get(code) as number,
      weight: 1,
      offerId: null,
    });
  }
  const offerDocs = docsFor(labelled, classIndex, config.offerExampleWeight);
  report({
    stage: 'prepare',
    message: `${offers.length} offers (${labelled.length} with a ROME code), ${referentialDocs.length} referential titles, ${classes.length} ROME classes`,
  });
  const vocab = Vocabulary.build([...referentialDocs, ...offerDocs].map(docTokens));
  const bagOf = new Map<Doc, EncoderExample>();
  for (const d of [...referentialDocs, ...offerDocs]) {
    bagOf.set(d, {
      bag: featurize(d.fields, vocab, config.fieldWeights, config.maxTokens),
      label: d.label,
      weight: d.weight,
    });
  }
  // Half the negatives come from the positive's grand domain (same ROME letter).
  const byLetter = new Map<string, number[]>();
  classes.forEach((c, i) => {
    const list = byLetter.get(c[0] as string) ?? [];
    list.push(i);
    byLetter.set(c[0] as string, list);
  });
  const negativePools = classes.map((c) => Int32Array.from(byLetter.get(c[0] as string) ?? []));

  const foldOf = (o: OfferView) => hashString(`${seed}:${o.id}`) % config.folds;
  const totalEncoders = config.folds + 1;
  let encodersDone = 0;
  let epochSeconds = 0;
  const trainOne = (
    docs: Doc[],
    part: string,
    encoderSeed: number,
    epochs: number,
  ): { weights: EncoderWeights; loss: number } => {
    let loss = 0;
    const partStart = performance.now();
    const weights = trainEncoder(
      docs.map((d) => bagOf.get(d) as EncoderExample),
      vocab.size,
      classes.length,
      {
        dim: config.dim,
        epochs,
        learningRate: config.learningRate,
        negatives: config.negatives,
        negativePools,
        seed: encoderSeed,
        onEpoch: (epoch, epochLoss) => {
          loss = epochLoss;
          epochSeconds = (performance.now() - partStart) / 1000 / epoch;
          const later = totalEncoders - encodersDone - 1;
          const remainingEpochs =
            epochs -
            epoch +
            Math.max(0, later - 1) * config.foldEpochs +
            (later > 0 ? config.epochs : 0);
          report({
            stage: 'encoder',
            part,
            epoch,
            epochs,
            loss: epochLoss,
            etaSeconds: remainingEpochs * epochSeconds + 2,
            message: `encoder ${part} epoch ${epoch}/${epochs} loss ${epochLoss.toFixed(4)}`,
          });
        },
      },
    );
    encodersDone++;
    return { weights, loss };
  };

  const partsWith = (
    encoder: EncoderWeights,
    titleIndex: TitleIndex,
    rankerWeights = new Float32Array(FEATURE_COUNT),
    rankerBias = 0,
  ): ModelParts => ({
    vocab,
    encoder,
    classes,
    classLabels,
    domains,
    domainLabels,
    domainOfClass,
    titleIndex,
    fieldWeights: config.fieldWeights,
    maxTokens: config.maxTokens,
    knnBeta: config.knnBeta,
    rankerWeights,
    rankerBias,
  });

  // Cross-fitted ranking examples.
  const rows: number[] = [];
  const labels: number[] = [];
  const pairs: Array<[number, number, number]> = [];
  let rankerQueries = 0;
  for (let fold = 0; fold < config.folds; fold++) {
    const heldOut = labelled.filter((o) => foldOf(o) === fold);
    const kept = labelled.filter((o) => foldOf(o) !== fold);
    if (heldOut.length < 3) continue;
    const keptIds = new Set(kept.map((o) => o.id));
    const docs = [
      ...referentialDocs,
      ...offerDocs.filter((d) => d.offerId !== null && keptIds.has(d.offerId)),
    ];
    const { weights } = trainOne(docs, `fold-${fold}`, seed * 31 + fold + 1, config.foldEpochs);
    const parts = partsWith(
      weights,
      new TitleIndex(titleEntries(referentialDocs, kept, classIndex), vocab),
    );
    const recommender = new Recommender(parts, new ReferenceBackend(parts), placeholderMetadata());
    await recommender.indexOffers(heldOut);
    const rng = Rng.derive(seed, `queries:${fold}`);
    const byId = new Map(heldOut.map((o) => [o.id, o]));
    for (const task of ['skills', 'title', 'freetext', 'rome'] as const) {
      for (const query of sampleQueries(buildQueries(task, heldOut), config.queriesPerTask, rng)) {
        const source = byId.get(query.sourceOfferId) as OfferView;
        const profile = simulatePreferences(rng, source, query.profile, config.preferenceRate);
        const candidates = heldOut.filter((o) => o.id !== source.id);
        const { features: featureMatrix, pairs: pairMatrix } = await recommender.featureMatrix(
          profile,
          candidates.map((o) => o.id),
        );
        const base = rows.length / FEATURE_COUNT;
        const gains = candidates.map(
          (c, m) =>
            relevanceGain(source, c) *
            preferenceFactor(profile, pairMatrix, m * PAIR_FEATURES.length),
        );
        for (let m = 0; m < candidates.length; m++) {
          for (let f = 0; f < FEATURE_COUNT; f++)
            rows.push(featureMatrix[m * FEATURE_COUNT + f] as number);
          labels.push((gains[m] as number) > 0 ? 1 : 0);
        }
        const positives = gains.map((g, m) => [g, m] as const).filter(([g]) => g > 0);
        if (positives.length === 0) continue;
        rankerQueries++;
        for (let k = 0; k < config.pairsPerQuery; k++) {
          const [gi, i] = positives[rng.int(positives.length)] as readonly [number, number];
          const j = rng.int(candidates.length);
          const gj = gains[j] as number;
          if (gi > gj) pairs.push([base + i, base + j, gi - gj]);
        }
      }
    }
    report({
      stage: 'ranker',
      part: `fold-${fold}`,
      message: `fold ${fold}: ${rankerQueries} queries, ${pairs.length} pairs so far`,
    });
  }

  const finalEncoder = trainOne(
    [...referentialDocs, ...offerDocs],
    'final',
    seed * 31,
    config.epochs,
  );
  const titleIndex = new TitleIndex(titleEntries(referentialDocs, labelled, classIndex), vocab);
  const set: PairSet = {
    features: Float64Array.from(rows),
    dim: FEATURE_COUNT,
    pairs,
    labels: Uint8Array.from(labels),
  };
  const fit =
    pairs.length > 0
      ? fitPairwiseRanker(set, {
          l2: config.rankerL2,
          onIteration: (iteration, loss) =>
            report({
              stage: 'ranker',
              part: 'fit',
              epoch: iteration,
              loss,
              message: `ranker Newton iteration ${iteration} loss ${loss.toFixed(5)}`,
            }),
        })
      : { weights: defaultRankerWeights(), bias: 0, loss: 0, iterations: 0 };
  const rankerWeights = Float32Array.from(fit.weights);
  const parts = partsWith(finalEncoder.weights, titleIndex, rankerWeights, Math.fround(fit.bias));

  report({ stage: 'export', message: 'exporting ONNX graph and metadata' });
  const dated = offers
    .map((o) => o.createdAt)
    .filter((d): d is string => d !== null)
    .sort();
  const window = { from: dated[0] ?? null, to: dated[dated.length - 1] ?? null };
  const trainedAt = options.trainedAt ?? window.to ?? new Date(0).toISOString();
  const probeOffers = pickProbeOffers(labelled.length > 0 ? labelled : offers);
  const probeProfile: CandidateProfile = probeProfileFrom(probeOffers[0]);
  const reference = new Recommender(parts, new ReferenceBackend(parts), placeholderMetadata());
  await reference.indexOffers(probeOffers);
  const probeScores = await reference.scoreAll(
    probeProfile,
    probeOffers.map((o) => o.id),
  );
  const rankerWeightsByName = Object.fromEntries(
    ALL_FEATURES.map((name, i) => [name, rankerWeights[i] as number]),
  );
  const trainingSeconds = elapsed();
  const metrics: TrainingMetrics = {
    offers: offers.length,
    labelledOffers: labelled.length,
    classes: classes.length,
    vocabulary: vocab.tokens.length,
    encoderExamples: referentialDocs.length + offerDocs.length,
    encoderFinalLoss: finalEncoder.loss,
    rankerQueries,
    rankerPairs: pairs.length,
    rankerLoss: fit.loss,
    rankerWeights: rankerWeightsByName,
    trainingSeconds,
  };
  const { onnxBytes, metadata } = exportOnnx(parts, {
    format: METADATA_FORMAT,
    schemaVersion: METADATA_SCHEMA_VERSION,
    modelName: MODEL_NAME,
    modelVersion: options.modelVersion ?? `${trainedAt.slice(0, 10)}-s${seed}`,
    trainedAt,
    text: {
      normalisation:
        'lowercase, NFD accent folding, œ/æ ligatures, (H/F) markers removed, French stop words, light plural/feminine stemmer; unigrams + adjacent bigrams',
      vocabulary: vocab.toJSON(),
      fieldWeights: config.fieldWeights,
      maxTokens: config.maxTokens,
    },
    rome: {
      classes,
      classLabels,
      domains,
      domainLabels,
      domainOfClass: Array.from(domainOfClass),
      knnBeta: config.knnBeta,
      titleIndex: titleIndex.entries,
    },
    features: { graph: [...GRAPH_FEATURES], pair: [...PAIR_FEATURES], all: [...ALL_FEATURES] },
    training: {
      seed,
      config: { ...config },
      offers: offers.length,
      labelledOffers: labelled.length,
      window,
      referentialSources: referential?.sources ?? [],
      seconds: trainingSeconds,
    },
    metrics: { training: metrics },
    probe: {
      profile: probeProfile,
      offers: probeOffers,
      scores: probeOffers.map((o) => probeScores.get(o.id) as number),
    },
  });
  const model = new Recommender(parts, new ReferenceBackend(parts), metadata);
  return { model, metrics, onnxBytes, metadata };
}

/** Training offers relabelled with the ROME 4.0 code of their appellation when the referential disagrees. */
export function modernizeRomeCodes(
  offers: OfferView[],
  referential: RomeReferential | null,
): OfferView[] {
  if (!referential || referential.appellations.length === 0) return offers;
  const codeOf = new Map<string, string | null>();
  for (const a of referential.appellations) {
    const key = foldText(a.label).trim();
    const previous = codeOf.get(key);
    codeOf.set(key, previous === undefined || previous === a.code ? a.code : null);
  }
  return offers.map((o) => {
    const code = o.appellation ? codeOf.get(foldText(o.appellation).trim()) : undefined;
    return code && code !== o.romeCode
      ? { ...o, romeCode: code, romeLabel: referential.codes.get(code) ?? o.romeLabel }
      : o;
  });
}

function defaultRankerWeights(): Float64Array {
  const w = new Float64Array(FEATURE_COUNT);
  w[ALL_FEATURES.indexOf('text_similarity')] = 1;
  w[ALL_FEATURES.indexOf('rome_log_probability')] = 0.5;
  w[ALL_FEATURES.indexOf('log_distance')] = -1;
  return w;
}

function pickProbeOffers(offers: OfferView[]): OfferView[] {
  return offers.slice(0, 8).map((o) => ({ ...o, description: o.description.slice(0, 600) }));
}

function probeProfileFrom(offer: OfferView | undefined): CandidateProfile {
  return {
    desiredTitles: offer ? [offer.title] : ['Développeur'],
    skills: (offer?.skills ?? []).slice(0, 3).map((s) => ({ label: s.label, level: 2 as const })),
    location:
      offer && offer.latitude !== null && offer.longitude !== null
        ? { latitude: offer.latitude, longitude: offer.longitude, radiusKm: 30 }
        : null,
    contractTypes: ['CDI'],
    seniority: 'JUNIOR',
    minAnnualSalaryEur: 25000,
  };
}

/** Metadata stand-in for transient in-training recommenders (never exported). */
function placeholderMetadata(): ModelMetadata {
  return {} as ModelMetadata;
}
