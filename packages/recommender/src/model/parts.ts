import type { FieldWeights, SparseBag } from '../text/features.js';
import type { Vocabulary } from '../text/features.js';
import type { EncoderWeights } from './encoder.js';
import type { TitleIndex } from './rome-classifier.js';

/** Everything a trained model is made of, in memory (the ONNX file + metadata hold exactly this). */
export interface ModelParts {
  vocab: Vocabulary;
  encoder: EncoderWeights;
  classes: string[];
  classLabels: string[];
  domains: string[];
  domainLabels: string[];
  /** Domain index of each class (length C). */
  domainOfClass: Int32Array;
  titleIndex: TitleIndex;
  fieldWeights: FieldWeights;
  maxTokens: number;
  knnBeta: number;
  /** 5 graph features + pair features. */
  rankerWeights: Float32Array;
  rankerBias: number;
}

/**
 * The numeric primitives of the scoring graph. `ReferenceBackend` computes them in TypeScript,
 * `OnnxBackend` with onnxruntime-node on the exported graph; both must agree within 1e-5.
 */
export interface ScoringBackend {
  readonly kind: 'reference' | 'onnx';
  /** N bags → N × K L2-normalised embeddings. */
  encode(bags: SparseBag[]): Promise<Float32Array>;
  /** Q × K embeddings → Q × C ROME logits. */
  classify(embeddings: Float32Array, count: number): Promise<Float32Array>;
  /** Scores of M offers for one query. */
  rank(input: RankInput): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface RankInput {
  queryEmbedding: Float32Array;
  queryRomeProbs: Float32Array;
  offerEmbeddings: Float32Array;
  offerRome: Int32Array;
  offerDomain: Int32Array;
  pairFeatures: Float32Array;
  count: number;
  /** Optional int64 copies of offerRome / offerDomain (kept by the index so requests skip the conversion). */
  offerRome64?: BigInt64Array;
  offerDomain64?: BigInt64Array;
}
