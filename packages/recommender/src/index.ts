/**
 * @jobmarket/recommender — offer recommendations and ROME coding for JobMarket.
 *
 * Data: loadFranceTravailDir / fromFranceTravail / fromCuratedOffer → OfferView; loadRomeReferential.
 * Model: train(offers, {seed, referential}) → {model, metrics, onnxBytes, metadata};
 *        loadModel(onnx, metadata, {backend}) → Recommender (embedOffers, indexOffers, scoreProfile,
 *        explain, similarOffers, predictRome). Errors at load are ModelArtifactError.
 * Evaluation: evaluateRecommendations, evaluateRome (time split, tasks, baselines, bootstrap CIs).
 */
export * from './data/types.js';
export { fromFranceTravail, parseSalaryLibelle, normaliseRomeCode } from './data/francetravail.js';
export { fromCuratedOffer, type CuratedOfferLike } from './data/curated.js';
export {
  loadFranceTravailDir,
  resolveSharedDataDir,
  DataDirectoryError,
  type LoadReport,
} from './data/load.js';
export {
  loadRomeReferential,
  emptyReferential,
  romeDomain,
  type RomeReferential,
} from './data/rome.js';
export { foldText, stemFr, tokenize, skillKey, stripGenderMarkers } from './text/normalize.js';
export {
  Vocabulary,
  featurize,
  ngrams,
  type TextFields,
  type FieldWeights,
} from './text/features.js';
export { Rng, hashString } from './random.js';
export { haversineKm } from './geo.js';
export { ALL_FEATURES, GRAPH_FEATURES, PAIR_FEATURES } from './model/features.js';
export {
  Recommender,
  type Recommendation,
  type Reason,
  type OfferEmbeddings,
  type ScoreOptions,
} from './model/recommender.js';
export type { RomePrediction } from './model/rome-classifier.js';
export {
  train,
  DEFAULT_CONFIG,
  type ModelConfig,
  type TrainOptions,
  type TrainResult,
  type TrainingMetrics,
  type TrainingProgress,
} from './model/train.js';
export { loadModel, exportOnnx, sha256, type LoadModelOptions } from './onnx/artifact.js';
export {
  ModelArtifactError,
  MODEL_NAME,
  METADATA_FORMAT,
  METADATA_SCHEMA_VERSION,
  type ModelArtifactProblem,
  type ModelMetadata,
} from './onnx/metadata.js';
export { timeSplit, type TimeSplit } from './eval/split.js';
export {
  TASKS,
  buildQueries,
  relevanceGain,
  type TaskName,
  type JudgedQuery,
} from './eval/tasks.js';
export {
  bootstrap,
  queryMetrics,
  METRICS,
  type Estimate,
  type MetricName,
} from './eval/metrics.js';
export { Bm25Index } from './eval/bm25.js';
export {
  evaluateRecommendations,
  METHODS,
  type RecommendationEvaluation,
  type TaskResult,
  type EvaluateOptions,
} from './eval/run.js';
export { evaluateRome, type RomeEvaluation, type RomeAccuracy } from './eval/rome.js';
export { compareModels, type ModelComparison } from './eval/compare.js';
export { writeModelDir, loadModelDir, ONNX_FILE, METADATA_FILE } from './onnx/artifact.js';
