import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAIR_FEATURES, GRAPH_FEATURES, ALL_FEATURES } from '../model/features.js';
import type { ModelParts, ScoringBackend } from '../model/parts.js';
import { ReferenceBackend } from '../model/reference.js';
import { Recommender } from '../model/recommender.js';
import { TitleIndex } from '../model/rome-classifier.js';
import { Vocabulary } from '../text/features.js';
import {
  buildGraphBytes,
  GRAPH_NAME,
  INITIALIZERS,
  INPUTS,
  IR_VERSION,
  OPSET,
  OUTPUTS,
  transpose,
} from './graph.js';
import {
  METADATA_FORMAT,
  METADATA_SCHEMA_VERSION,
  MODEL_NAME,
  ModelArtifactError,
  validateMetadata,
  type ModelMetadata,
} from './metadata.js';
import { decodeModel, TensorDataType, toNumber, type ModelMsg, type TensorMsg } from './proto.js';
import { OnnxBackend, type OnnxSessionOptions } from './session.js';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes the parts as an ONNX graph and fills the metadata's `onnx` block. */
export function exportOnnx(
  parts: ModelParts,
  metadata: Omit<ModelMetadata, 'onnx'>,
): { onnxBytes: Uint8Array; metadata: ModelMetadata } {
  const dims = {
    vocab: parts.encoder.vocabSize,
    dim: parts.encoder.dim,
    classes: parts.classes.length,
    domains: parts.domains.length,
    pairFeatures: PAIR_FEATURES.length,
  };
  const onnxBytes = buildGraphBytes(
    {
      vocabSize: dims.vocab,
      dim: dims.dim,
      classes: dims.classes,
      domains: dims.domains,
      pairFeatures: dims.pairFeatures,
      embedding: parts.encoder.embedding,
      classWeights: parts.encoder.classWeights,
      classBias: parts.encoder.classBias,
      domainOfClass: parts.domainOfClass,
      rankerWeights: parts.rankerWeights,
      rankerBias: parts.rankerBias,
    },
    {
      modelVersion: 1,
      docString: `${MODEL_NAME} ${metadata.modelVersion}: encoder (hashed n-gram bag → latent), ROME head, linear ranker`,
      properties: {
        model_name: metadata.modelName,
        model_version: metadata.modelVersion,
        metadata_format: METADATA_FORMAT,
        metadata_schema_version: String(METADATA_SCHEMA_VERSION),
        vocabulary_sha256: sha256(Buffer.from(JSON.stringify(metadata.text.vocabulary))),
      },
    },
  );
  return {
    onnxBytes,
    metadata: {
      ...metadata,
      onnx: {
        sha256: sha256(onnxBytes),
        bytes: onnxBytes.length,
        opset: OPSET,
        irVersion: IR_VERSION,
        dims,
      },
    },
  };
}

function tensorFloats(
  t: TensorMsg | undefined,
  name: string,
  expectedDims: number[],
): Float32Array {
  if (!t)
    throw new ModelArtifactError('INCOMPATIBLE', `initializer ${name} is missing from the graph`);
  const dims = t.dims.map(toNumber);
  if (
    t.data_type !== TensorDataType.FLOAT ||
    dims.length !== expectedDims.length ||
    dims.some((d, i) => d !== expectedDims[i])
  ) {
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      `initializer ${name} has shape [${dims.join(', ')}], expected [${expectedDims.join(', ')}]`,
    );
  }
  const size = expectedDims.reduce((a, b) => a * b, 1);
  if (t.raw_data && t.raw_data.length === size * 4) {
    const copy = new Uint8Array(t.raw_data);
    return new Float32Array(copy.buffer, 0, size);
  }
  if (t.float_data && t.float_data.length === size) return Float32Array.from(t.float_data);
  throw new ModelArtifactError('CORRUPT', `initializer ${name} does not hold ${size} floats`);
}

/** Rebuilds the in-memory parts from a decoded graph and its metadata, checking every dimension. */
export function partsFromArtifact(model: ModelMsg, metadata: ModelMetadata): ModelParts {
  const { vocab: V, dim: K, classes: C, domains: D, pairFeatures: F } = metadata.onnx.dims;
  const opset = model.opset_import.find((o) => !o.domain)?.version;
  if (opset === undefined || opset > OPSET)
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      `graph opset ${String(opset)} is not supported (max ${OPSET})`,
    );
  const graph = model.graph;
  if (!graph || graph.name !== GRAPH_NAME)
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      `graph name ${graph?.name ?? '(none)'} is not ${GRAPH_NAME}`,
    );
  const inputNames = new Set(graph.input.map((i) => i.name));
  const outputNames = new Set(graph.output.map((o) => o.name));
  for (const name of Object.values(INPUTS))
    if (!inputNames.has(name))
      throw new ModelArtifactError('INCOMPATIBLE', `graph input ${name} is missing`);
  for (const name of Object.values(OUTPUTS))
    if (!outputNames.has(name))
      throw new ModelArtifactError('INCOMPATIBLE', `graph output ${name} is missing`);
  if (F !== PAIR_FEATURES.length)
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      `graph has ${F} pair features, this code computes ${PAIR_FEATURES.length}`,
    );
  const props = new Map((model.metadata_props ?? []).map((p) => [p.key, p.value]));
  const vocabHash = sha256(Buffer.from(JSON.stringify(metadata.text.vocabulary)));
  if (props.get('vocabulary_sha256') !== vocabHash) {
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      'the metadata vocabulary is not the one this graph was exported with',
    );
  }
  const init = new Map(graph.initializer.map((t) => [t.name, t]));
  const embedding = tensorFloats(init.get(INITIALIZERS.embedding), INITIALIZERS.embedding, [V, K]);
  const classWeights = transpose(
    tensorFloats(init.get(INITIALIZERS.classWeightsT), INITIALIZERS.classWeightsT, [K, C]),
    K,
    C,
  );
  const classBias = tensorFloats(init.get(INITIALIZERS.classBias), INITIALIZERS.classBias, [C]);
  const rankerWeights = tensorFloats(
    init.get(INITIALIZERS.rankerWeights),
    INITIALIZERS.rankerWeights,
    [5 + F, 1],
  );
  const rankerBias = tensorFloats(
    init.get(INITIALIZERS.rankerBias),
    INITIALIZERS.rankerBias,
    [1],
  )[0] as number;
  tensorFloats(init.get(INITIALIZERS.domainMap), INITIALIZERS.domainMap, [C + 1, D + 1]);
  const vocab = Vocabulary.fromJSON(metadata.text.vocabulary);
  const domainOfClass = Int32Array.from(metadata.rome.domainOfClass);
  if (domainOfClass.some((d) => d < 0 || d >= D))
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      'metadata.rome.domainOfClass points outside the domains',
    );
  return {
    vocab,
    encoder: { vocabSize: V, dim: K, classes: C, embedding, classWeights, classBias },
    classes: metadata.rome.classes,
    classLabels: metadata.rome.classLabels,
    domains: metadata.rome.domains,
    domainLabels: metadata.rome.domainLabels,
    domainOfClass,
    titleIndex: new TitleIndex(metadata.rome.titleIndex, vocab),
    fieldWeights: metadata.text.fieldWeights,
    maxTokens: metadata.text.maxTokens,
    knnBeta: metadata.rome.knnBeta,
    rankerWeights: Float32Array.from(rankerWeights),
    rankerBias,
  };
}

export interface LoadModelOptions extends OnnxSessionOptions {
  /** 'onnx' (default) runs the graph with onnxruntime-node; 'reference' runs the TypeScript implementation. */
  backend?: 'onnx' | 'reference';
  /** Replay the metadata probe and refuse the artifact when scores differ by more than this (default 1e-4). */
  probeTolerance?: number;
  /** Skip the probe (not recommended). */
  skipProbe?: boolean;
}

function readJson(path: string): unknown {
  if (!existsSync(path))
    throw new ModelArtifactError('MISSING', `metadata file ${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelArtifactError('CORRUPT', `metadata file ${path} is not valid JSON`, {
      cause: error,
    });
  }
}

/**
 * Loads a model artifact: ONNX bytes (or a path) and its metadata (object, JSON text or path).
 * Every problem — a missing file, a checksum mismatch, bytes that are not an ONNX model, a graph
 * whose inputs or dimensions do not match the metadata, a session onnxruntime refuses, or a probe
 * whose scores differ — is a ModelArtifactError (problem MISSING | CORRUPT | INCOMPATIBLE); the
 * caller keeps serving its previous model.
 */
export async function loadModel(
  onnx: string | Uint8Array,
  metadataSource: ModelMetadata | string,
  options: LoadModelOptions = {},
): Promise<Recommender> {
  let bytes: Uint8Array;
  if (typeof onnx === 'string') {
    if (!existsSync(onnx))
      throw new ModelArtifactError('MISSING', `ONNX file ${onnx} does not exist`);
    bytes = new Uint8Array(readFileSync(onnx));
  } else if (!(onnx instanceof Uint8Array)) {
    throw new ModelArtifactError('CORRUPT', 'the ONNX artifact is neither a path nor bytes');
  } else bytes = onnx;
  let raw: unknown = metadataSource;
  if (typeof metadataSource === 'string') {
    raw = metadataSource.trimStart().startsWith('{')
      ? (() => {
          try {
            return JSON.parse(metadataSource);
          } catch (error) {
            throw new ModelArtifactError('CORRUPT', 'metadata text is not valid JSON', {
              cause: error,
            });
          }
        })()
      : readJson(metadataSource);
  }
  const metadata = validateMetadata(raw);
  if (sha256(bytes) !== metadata.onnx.sha256) {
    throw new ModelArtifactError(
      'CORRUPT',
      `ONNX checksum ${sha256(bytes).slice(0, 12)}… does not match the metadata (${metadata.onnx.sha256.slice(0, 12)}…)`,
    );
  }
  let decoded: ModelMsg;
  try {
    decoded = decodeModel(new Uint8Array(bytes));
  } catch (error) {
    throw new ModelArtifactError('CORRUPT', 'the ONNX bytes cannot be decoded as an ONNX model', {
      cause: error,
    });
  }
  let parts: ModelParts;
  try {
    parts = partsFromArtifact(decoded, metadata);
  } catch (error) {
    if (error instanceof ModelArtifactError) throw error;
    throw new ModelArtifactError(
      'INCOMPATIBLE',
      `the graph does not match the metadata: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let backend: ScoringBackend;
  if ((options.backend ?? 'onnx') === 'onnx') {
    try {
      backend = await OnnxBackend.create(bytes, parts, options);
    } catch (error) {
      throw new ModelArtifactError(
        'CORRUPT',
        `onnxruntime refused the graph: ${(error as Error).message}`,
        { cause: error },
      );
    }
  } else backend = new ReferenceBackend(parts);
  const recommender = new Recommender(parts, backend, metadata);
  if (!options.skipProbe) {
    try {
      await checkProbe(recommender, options.probeTolerance ?? 1e-4);
    } catch (error) {
      await backend.close().catch(() => undefined);
      if (error instanceof ModelArtifactError) throw error;
      throw new ModelArtifactError(
        'INCOMPATIBLE',
        `probe scoring failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return recommender;
}

/** Replays the metadata probe on a fresh index and compares the scores. */
export async function checkProbe(recommender: Recommender, tolerance: number): Promise<void> {
  const probe = recommender.metadata.probe;
  if (!probe || !Array.isArray(probe.offers) || probe.offers.length === 0) return;
  const scratch = new Recommender(recommender.parts, recommender.backend, recommender.metadata);
  await scratch.indexOffers(probe.offers);
  const scores = await scratch.scoreAll(
    probe.profile,
    probe.offers.map((o) => o.id),
  );
  probe.offers.forEach((o, i) => {
    const got = scores.get(o.id);
    const expected = probe.scores[i];
    if (got === undefined || expected === undefined || !(Math.abs(got - expected) <= tolerance)) {
      throw new ModelArtifactError(
        'INCOMPATIBLE',
        `probe score of offer ${o.id} is ${String(got)}, the metadata expects ${String(expected)}`,
      );
    }
  });
}

export { ALL_FEATURES, GRAPH_FEATURES };

export const ONNX_FILE = 'model.onnx';
export const METADATA_FILE = 'metadata.json';

/**
 * Writes an artifact as a model directory (`model.onnx` + `metadata.json`): the layout of the local
 * model registry (the embedded default when no MLflow server is configured) and of what is logged
 * to MLflow. The metadata is written last, so a reader that finds it finds a complete ONNX file.
 */
export function writeModelDir(
  dir: string,
  artifact: { onnxBytes: Uint8Array; metadata: ModelMetadata },
): { onnx: string; metadata: string } {
  mkdirSync(dir, { recursive: true });
  const onnx = join(dir, ONNX_FILE);
  const metadata = join(dir, METADATA_FILE);
  writeFileSync(onnx, artifact.onnxBytes);
  writeFileSync(metadata, `${JSON.stringify(artifact.metadata)}\n`);
  return { onnx, metadata };
}

/** Loads a model directory written by writeModelDir (same checks and errors as loadModel). */
export function loadModelDir(dir: string, options: LoadModelOptions = {}): Promise<Recommender> {
  return loadModel(join(dir, ONNX_FILE), join(dir, METADATA_FILE), options);
}
