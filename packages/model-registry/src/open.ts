import { join } from 'node:path';
import { loadModel, type LoadModelOptions, type Recommender } from '@jobmarket/recommender';
import { LocalModelRegistry } from './local.js';
import { MlflowModelRegistry } from './mlflow.js';
import type { ModelRegistry, RegisteredVersion } from './types.js';

export const DEFAULT_EXPERIMENT = 'jobmarket-recommender';

export interface OpenRegistryOptions {
  /** MLFLOW_TRACKING_URI; unset = the local model directory. */
  trackingUri?: string | undefined;
  /** JOBMARKET_DATA_DIR: the local registry is `<dataDir>/models`. */
  dataDir: string;
  experimentName?: string;
}

/** One code path, two adapters: MLflow when a tracking URI is configured, else the local directory. */
export function openModelRegistry(options: OpenRegistryOptions): ModelRegistry {
  const uri = options.trackingUri?.trim();
  if (uri) {
    if (!/^https?:\/\//.test(uri)) {
      throw new Error(
        `MLFLOW_TRACKING_URI must be an http(s) URL of a tracking server (got ${uri}); unset it for the local model directory`,
      );
    }
    return new MlflowModelRegistry({
      trackingUri: uri,
      experimentName: options.experimentName ?? DEFAULT_EXPERIMENT,
    });
  }
  return new LocalModelRegistry(join(options.dataDir, 'models'));
}

/** Fetches a version's artifact and loads it (checksum, graph, probe: see loadModel). */
export async function loadRegisteredModel(
  registry: ModelRegistry,
  version: Pick<RegisteredVersion, 'artifactUri' | 'metadataUri'>,
  options: LoadModelOptions = {},
): Promise<Recommender> {
  const artifact = await registry.fetchArtifact(version);
  return loadModel(artifact.onnxBytes, artifact.metadataText, options);
}
