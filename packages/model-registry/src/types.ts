import type { ModelMetadata } from '@jobmarket/recommender';

/** An ONNX model and its metadata, as the retrain job produces it and the subgraph loads it. */
export interface ModelArtifact {
  onnxBytes: Uint8Array;
  metadata: ModelMetadata;
}

/** The same, as fetched: the metadata is kept as text so that the loader validates it. */
export interface FetchedArtifact {
  onnxBytes: Uint8Array;
  metadataText: string;
}

/**
 * The evaluation window, frozen when the first model of a name is trained: offers created in
 * [from, to] are never trained on, and every champion/challenger comparison ranks them. Stored
 * once per model name (an MLflow registered-model tag, or `evaluation-window.json`).
 */
export interface EvaluationWindow {
  /** First creation time of the window (ISO). */
  from: string;
  /** Last creation time of the window (ISO), inclusive. */
  to: string;
  /** Offers the window held when it was frozen. */
  offers: number;
  frozenAt: string;
  /** How it was chosen, e.g. `newest 30% of the dated offers with a source ROME code`. */
  rule: string;
}

/** One registered model version, whichever registry holds it. */
export interface RegisteredVersion {
  modelName: string;
  /** The registry's version: "1", "2"... */
  version: string;
  /** The tracking run that produced it (MLflow run id, or the local run id). */
  runId: string | null;
  /** Where the ONNX file is: `file:///…/model.onnx` or `mlflow-artifacts:/…/model/model.onnx`. */
  artifactUri: string;
  /** Where its metadata.json is (next to the ONNX file). */
  metadataUri: string;
  createdAt: string;
  trainedAt: string | null;
  /** Hash of everything training depended on (data, window, seed, config, trainer code). */
  fingerprint: string | null;
  /** Headline metrics (per task NDCG@10, Recall@50, MRR of the model on the frozen window). */
  metrics: Record<string, number>;
  /** Registry tags (`jobmarket.*`): decision, publication state, windows... */
  tags: Record<string, string>;
  aliases: string[];
}

export type RunStatus = 'FINISHED' | 'FAILED' | 'KILLED';

/** A tracking run: parameters, metric series, artifacts. */
export interface TrackingRun {
  readonly id: string;
  /** Where the run's artifacts go (`mlflow-artifacts:/…/artifacts`, `file:///…/artifacts`). */
  readonly artifactUri: string;
  logParams(params: Record<string, string | number | boolean | null>): Promise<void>;
  /** Metrics at one step (default 0); keys are sanitised with `metricKey`. */
  logMetrics(metrics: Record<string, number>, step?: number): Promise<void>;
  setTags(tags: Record<string, string>): Promise<void>;
  /** Stores a file under the run's artifacts; returns its URI. */
  logArtifact(path: string, content: Uint8Array | string): Promise<string>;
  end(status: RunStatus): Promise<void>;
}

export interface RegisterOptions {
  modelName: string;
  run: TrackingRun;
  artifact: ModelArtifact;
  fingerprint: string;
  metrics: Record<string, number>;
  tags?: Record<string, string>;
  description?: string;
}

/**
 * The model registry port. Two adapters: MLflow over its REST API (MLFLOW_TRACKING_URI) and a
 * local model directory (`<JOBMARKET_DATA_DIR>/models`), with the same records.
 */
export interface ModelRegistry {
  readonly kind: 'mlflow' | 'local';
  /** Where it is (tracking URI, or the directory), for logs. */
  readonly location: string;
  startRun(options: {
    modelName: string;
    runName: string;
    tags?: Record<string, string>;
  }): Promise<TrackingRun>;
  /** Uploads `model/model.onnx` and `model/metadata.json` to the run and registers a new version. */
  registerVersion(options: RegisterOptions): Promise<RegisteredVersion>;
  /** Moves the `champion` alias to a version. */
  setChampion(modelName: string, version: string): Promise<void>;
  /** The version the `champion` alias points at, or null. */
  champion(modelName: string): Promise<RegisteredVersion | null>;
  /** Every version, newest first. */
  versions(modelName: string): Promise<RegisteredVersion[]>;
  getVersion(modelName: string, version: string): Promise<RegisteredVersion | null>;
  setVersionTags(modelName: string, version: string, tags: Record<string, string>): Promise<void>;
  evaluationWindow(modelName: string): Promise<EvaluationWindow | null>;
  /** Stores the window unless one is stored already; returns the stored one. */
  freezeEvaluationWindow(modelName: string, window: EvaluationWindow): Promise<EvaluationWindow>;
  /** The ONNX bytes and metadata text of a version (or of any artifact URI pair). */
  fetchArtifact(
    where: Pick<RegisteredVersion, 'artifactUri' | 'metadataUri'>,
  ): Promise<FetchedArtifact>;
}

export const CHAMPION_ALIAS = 'champion';

/** Tag names the retrain job writes on versions and registered models. */
export const TAGS = {
  fingerprint: 'jobmarket.fingerprint',
  trainedAt: 'jobmarket.trained_at',
  metrics: 'jobmarket.metrics',
  /** `promote` or `keep` (the champion stays). */
  decision: 'jobmarket.decision',
  published: 'jobmarket.published',
  watermark: 'jobmarket.training_watermark',
  evaluationWindow: 'jobmarket.evaluation_window',
  jobRunId: 'jobmarket.job_run_id',
} as const;

/** MLflow metric keys allow letters, digits, `_ - . / :` and spaces: `ndcg@10` → `ndcg_at_10`. */
export function metricKey(name: string): string {
  return name.replace(/@/g, '_at_').replace(/[^\w\-. /:]/g, '_');
}
