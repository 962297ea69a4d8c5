/**
 * The retrain job's data rules: the frozen evaluation window, the training / evaluation sets it
 * implies, and the fingerprint that makes retraining idempotent.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EvaluationWindow } from '@jobmarket/model-registry';
import {
  DEFAULT_CONFIG,
  METADATA_SCHEMA_VERSION,
  timeSplit,
  type ModelConfig,
  type OfferView,
  type RomeReferential,
} from '@jobmarket/recommender';
import type { TrainingOffer } from './warehouse-data.js';

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/**
 * The window frozen at the first training: the newest `fraction` of the dated offers that carry a
 * source ROME code, by the same rule as the offline evaluation (timeSplit: sorted by creation
 * time, the cutoff is the creation time of the offer at ⌊(1 − fraction)·n⌋).
 */
export function chooseEvaluationWindow(
  labelled: readonly OfferView[],
  fraction: number,
  now = new Date(),
): EvaluationWindow {
  const split = timeSplit(labelled.slice(), 1 - fraction);
  if (split.rule !== 'time' || !split.cutoff || split.evaluation.length === 0) {
    throw new DatasetError(
      `cannot freeze an evaluation window: ${labelled.length} offers with a source ROME code, ${labelled.filter((o) => o.createdAt).length} of them dated (at least 20 dated offers are needed)`,
    );
  }
  return {
    from: split.cutoff,
    to: split.evaluationWindow[1] as string,
    offers: split.evaluation.length,
    frozenAt: now.toISOString(),
    rule: `newest ${Math.round(fraction * 100)} % of the dated offers with a source ROME code (timeSplit cutoff)`,
  };
}

export interface Dataset {
  /** Offers with a source ROME code outside the window (the model trains on these). */
  training: TrainingOffer[];
  /** Offers with a source ROME code inside the window, today. */
  window: TrainingOffer[];
  /**
   * What the comparison ranks: the offers older than the window (their ROME codes feed the
   * popularity baseline) followed by the window; `trainFraction` puts timeSplit's cutoff exactly
   * at the window's start.
   */
  evaluation: OfferView[];
  trainFraction: number;
}

const inWindow = (offer: OfferView, window: EvaluationWindow) =>
  offer.createdAt !== null && offer.createdAt >= window.from && offer.createdAt <= window.to;

/**
 * Training = every offer with a source ROME code outside [from, to] (older and newer ones; undated
 * ones too); evaluation = the window. Neither the champion nor the challenger ever trained on the
 * window, so their comparison on it is fair. Offers newer than the window are trained on: that
 * keeps models current, at the price of a window that ages (see docs/recommendations.md).
 */
export function buildDataset(
  labelled: readonly TrainingOffer[],
  window: EvaluationWindow,
  toView: (offer: TrainingOffer) => OfferView,
): Dataset {
  const training = labelled.filter((o) => !inWindow(o, window));
  const inside = labelled.filter((o) => inWindow(o, window));
  const older = labelled.filter((o) => o.createdAt !== null && o.createdAt < window.from);
  if (inside.length < 10) {
    throw new DatasetError(
      `the frozen evaluation window [${window.from}, ${window.to}] holds ${inside.length} offers with a source ROME code (at least 10 are needed)`,
    );
  }
  if (older.length < 1) throw new DatasetError('no offer is older than the evaluation window');
  const evaluation = [...older, ...inside].map(toView);
  return {
    training,
    window: inside,
    evaluation,
    trainFraction: (older.length + 0.5) / evaluation.length,
  };
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) hashTree(hash, path);
    else if (/\.(js|ts)$/.test(name) && !name.endsWith('.d.ts')) {
      hash.update(`${name}\0`);
      hash.update(readFileSync(path));
    }
  }
}

let trainerHash: string | undefined;

/** A hash of the recommender's code (its dist/ or src/ directory): a new trainer is new training. */
export function trainerVersion(): string {
  if (trainerHash) return trainerHash;
  const hash = createHash('sha256').update(`metadata-schema-${METADATA_SCHEMA_VERSION}\0`);
  try {
    const entry = createRequire(import.meta.url).resolve('@jobmarket/recommender');
    const dir = dirname(entry);
    if (existsSync(dir)) hashTree(hash, dir);
  } catch {
    hash.update('unresolved');
  }
  trainerHash = hash.digest('hex').slice(0, 16);
  return trainerHash;
}

function referentialDigest(ref: RomeReferential | null): string {
  const hash = createHash('sha256');
  if (!ref) return 'none';
  for (const [code, label] of [...ref.codes].sort()) hash.update(`c${code}\0${label}\0`);
  for (const { label, code } of ref.appellations) hash.update(`a${code}\0${label}\0`);
  for (const [code, label] of [...ref.domains].sort()) hash.update(`d${code}\0${label}\0`);
  return hash.digest('hex');
}

/**
 * Everything training depends on, hashed: the training offers (every field the model reads), the
 * referential, the window, the seed, the configuration and the trainer's code. Same fingerprint ⇒
 * the same model would come out (training is deterministic for a seed), so no new version.
 */
export function trainingFingerprint(input: {
  offers: readonly OfferView[];
  referential: RomeReferential | null;
  window: EvaluationWindow;
  seed: number;
  config: Partial<ModelConfig>;
}): string {
  const hash = createHash('sha256');
  hash.update(`trainer:${trainerVersion()}\0seed:${input.seed}\0`);
  hash.update(`config:${JSON.stringify({ ...DEFAULT_CONFIG, ...input.config })}\0`);
  hash.update(`window:${input.window.from}/${input.window.to}\0`);
  hash.update(`referential:${referentialDigest(input.referential)}\0`);
  for (const offer of [...input.offers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    hash.update(JSON.stringify(offer));
    hash.update('\n');
  }
  return hash.digest('hex');
}
