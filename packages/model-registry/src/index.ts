/**
 * @jobmarket/model-registry — where models live between the retrain job, the transform job's ROME
 * classifier and the recommendations subgraph: an MLflow tracking server (REST; runs, artifacts,
 * registered versions, the `champion` alias) or, with no MLFLOW_TRACKING_URI, a local model
 * directory holding the same records (`<JOBMARKET_DATA_DIR>/models/<name>/<version>/`).
 */
export * from './types.js';
export { LocalModelRegistry } from './local.js';
export {
  MlflowClient,
  MlflowError,
  MlflowModelRegistry,
  type MlflowRegistryOptions,
} from './mlflow.js';
export {
  fetchArtifactBytes,
  fetchModelArtifact,
  metadataUriFor,
  mlflowArtifactUrl,
  METADATA_NAME,
  ONNX_NAME,
  type FetchOptions,
} from './artifacts.js';
export {
  openModelRegistry,
  loadRegisteredModel,
  DEFAULT_EXPERIMENT,
  type OpenRegistryOptions,
} from './open.js';
