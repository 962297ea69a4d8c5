import type { CandidateProfile, OfferView } from '../data/types.js';
import type { FieldWeights, VocabularyJson } from '../text/features.js';

export const METADATA_FORMAT = 'jobmarket-recommender';
export const METADATA_SCHEMA_VERSION = 1;
export const MODEL_NAME = 'jobmarket-reco';

/**
 * The JSON file that travels with the `.onnx` file (and is logged to MLflow with it): what the
 * TypeScript side needs to build the graph's inputs (vocabulary, field weights, ROME classes and
 * title index), the feature names, the training data window, metrics, and a probe — a profile,
 * a few offers and their expected scores — that a loader replays to refuse an artifact whose
 * scores do not match.
 */
export interface ModelMetadata {
  format: typeof METADATA_FORMAT;
  schemaVersion: number;
  modelName: string;
  modelVersion: string;
  trainedAt: string;
  onnx: {
    sha256: string;
    bytes: number;
    opset: number;
    irVersion: number;
    dims: { vocab: number; dim: number; classes: number; domains: number; pairFeatures: number };
  };
  text: {
    normalisation: string;
    vocabulary: VocabularyJson;
    fieldWeights: FieldWeights;
    maxTokens: number;
  };
  rome: {
    classes: string[];
    classLabels: string[];
    domains: string[];
    domainLabels: string[];
    domainOfClass: number[];
    knnBeta: number;
    /** [title, class index] entries of the lexical title index. */
    titleIndex: Array<[string, number]>;
  };
  features: { graph: string[]; pair: string[]; all: string[] };
  training: {
    seed: number;
    config: Record<string, unknown>;
    offers: number;
    labelledOffers: number;
    window: { from: string | null; to: string | null };
    referentialSources: string[];
    seconds: number;
  };
  metrics: Record<string, unknown>;
  probe: { profile: CandidateProfile; offers: OfferView[]; scores: number[] };
}

export type ModelArtifactProblem = 'MISSING' | 'CORRUPT' | 'INCOMPATIBLE';

/** A model artifact (ONNX file + metadata) that cannot be served; the previous model should stay. */
export class ModelArtifactError extends Error {
  constructor(
    readonly problem: ModelArtifactProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`model artifact refused (${problem}): ${message}`, options);
    this.name = 'ModelArtifactError';
  }
}

function fail(problem: ModelArtifactProblem, message: string): never {
  throw new ModelArtifactError(problem, message);
}

/** Structural validation of parsed metadata; throws ModelArtifactError. */
export function validateMetadata(value: unknown): ModelMetadata {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    fail('INCOMPATIBLE', 'metadata is not a JSON object');
  const m = value as Partial<ModelMetadata>;
  if (m.format !== METADATA_FORMAT)
    fail(
      'INCOMPATIBLE',
      `metadata format is ${JSON.stringify(m.format)}, expected ${METADATA_FORMAT}`,
    );
  if (m.schemaVersion !== METADATA_SCHEMA_VERSION) {
    fail(
      'INCOMPATIBLE',
      `metadata schema version ${String(m.schemaVersion)} is not supported (this loader reads ${METADATA_SCHEMA_VERSION})`,
    );
  }
  const dims = m.onnx?.dims;
  if (!m.onnx || typeof m.onnx.sha256 !== 'string' || !dims)
    fail('INCOMPATIBLE', 'metadata.onnx is missing its checksum or dimensions');
  for (const key of ['vocab', 'dim', 'classes', 'domains', 'pairFeatures'] as const) {
    if (!Number.isInteger(dims[key]) || dims[key] <= 0)
      fail('INCOMPATIBLE', `metadata.onnx.dims.${key} is not a positive integer`);
  }
  const vocab = m.text?.vocabulary;
  if (
    !vocab ||
    !Array.isArray(vocab.tokens) ||
    !Array.isArray(vocab.idf) ||
    vocab.tokens.length !== vocab.idf.length
  ) {
    fail('INCOMPATIBLE', 'metadata.text.vocabulary is missing or malformed');
  }
  if (vocab.tokens.length + 1 !== dims.vocab)
    fail(
      'INCOMPATIBLE',
      `vocabulary has ${vocab.tokens.length} tokens but the graph expects ${dims.vocab - 1}`,
    );
  const rome = m.rome;
  if (!rome || !Array.isArray(rome.classes) || rome.classes.length !== dims.classes) {
    fail('INCOMPATIBLE', 'metadata.rome.classes does not match the graph dimensions');
  }
  if (
    !Array.isArray(rome.domains) ||
    rome.domains.length !== dims.domains ||
    !Array.isArray(rome.domainOfClass) ||
    rome.domainOfClass.length !== dims.classes
  ) {
    fail('INCOMPATIBLE', 'metadata.rome domains do not match the graph dimensions');
  }
  if (!Array.isArray(rome.titleIndex) || !Array.isArray(rome.classLabels))
    fail('INCOMPATIBLE', 'metadata.rome title index or labels missing');
  if (
    !m.features ||
    !Array.isArray(m.features.pair) ||
    m.features.pair.length !== dims.pairFeatures
  ) {
    fail('INCOMPATIBLE', 'metadata.features.pair does not match the graph dimensions');
  }
  if (!m.text?.fieldWeights || typeof m.text.maxTokens !== 'number')
    fail('INCOMPATIBLE', 'metadata.text field weights missing');
  return m as ModelMetadata;
}
