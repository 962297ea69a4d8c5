import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ModelArtifactError } from '@jobmarket/recommender';
import type { FetchedArtifact } from './types.js';

export const ONNX_NAME = 'model.onnx';
export const METADATA_NAME = 'metadata.json';

/** The metadata URI next to an ONNX artifact URI (`…/model.onnx` → `…/metadata.json`). */
export function metadataUriFor(artifactUri: string): string {
  const slash = artifactUri.lastIndexOf('/');
  return `${slash >= 0 ? artifactUri.slice(0, slash) : artifactUri}/${METADATA_NAME}`;
}

export interface FetchOptions {
  /** Resolves `mlflow-artifacts:/` URIs (the server proxies artifacts: `--serve-artifacts`). */
  trackingUri?: string | undefined;
  timeoutMs?: number;
}

/** The HTTP URL of an `mlflow-artifacts:/path` URI on a tracking server. */
export function mlflowArtifactUrl(uri: string, trackingUri: string): string {
  const path = uri.replace(/^mlflow-artifacts:\/*/, '');
  const base = trackingUri.replace(/\/+$/, '');
  return `${base}/api/2.0/mlflow-artifacts/artifacts/${path
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
}

/**
 * Reads one artifact: `file://` (or a plain path), `mlflow-artifacts:/` through the tracking
 * server, `http(s)://`. A missing artifact is ModelArtifactError MISSING; an unreachable server
 * is a plain Error (the caller retries later; it is not the artifact's fault).
 */
export async function fetchArtifactBytes(
  uri: string,
  options: FetchOptions = {},
): Promise<Uint8Array> {
  if (uri.startsWith('file:') || uri.startsWith('/')) {
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ModelArtifactError('MISSING', `artifact ${path} does not exist`);
      throw error;
    }
  }
  let url: string;
  if (uri.startsWith('mlflow-artifacts:')) {
    if (!options.trackingUri)
      throw new Error(
        `${uri} needs MLFLOW_TRACKING_URI to be resolved (the tracking server proxies artifacts)`,
      );
    url = mlflowArtifactUrl(uri, options.trackingUri);
  } else if (/^https?:\/\//.test(uri)) url = uri;
  else throw new ModelArtifactError('MISSING', `unsupported artifact URI ${uri}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
  if (response.status === 404)
    throw new ModelArtifactError('MISSING', `artifact ${uri} does not exist (HTTP 404)`);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The ONNX file and the metadata next to it. */
export async function fetchModelArtifact(
  where: { artifactUri: string; metadataUri?: string },
  options: FetchOptions = {},
): Promise<FetchedArtifact> {
  const [onnxBytes, metadata] = await Promise.all([
    fetchArtifactBytes(where.artifactUri, options),
    fetchArtifactBytes(where.metadataUri ?? metadataUriFor(where.artifactUri), options),
  ]);
  return { onnxBytes, metadataText: Buffer.from(metadata).toString('utf8') };
}
