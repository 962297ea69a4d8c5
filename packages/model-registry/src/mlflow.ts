import { fetchModelArtifact, METADATA_NAME, mlflowArtifactUrl, ONNX_NAME } from './artifacts.js';
import {
  CHAMPION_ALIAS,
  metricKey,
  TAGS,
  type EvaluationWindow,
  type FetchedArtifact,
  type ModelRegistry,
  type RegisteredVersion,
  type RegisterOptions,
  type RunStatus,
  type TrackingRun,
} from './types.js';

/** An error answered by the MLflow REST API (`error_code` such as RESOURCE_DOES_NOT_EXIST). */
export class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'MlflowError';
  }
}

export interface MlflowClientOptions {
  trackingUri: string;
  /** Per request (default 30 s; artifact uploads get 5 minutes). */
  timeoutMs?: number;
  /** Attempts for requests that failed to connect or got a 5xx / 429 (default 4). */
  attempts?: number;
}

/** The few MLflow REST calls the registry needs (MLflow 2.x/3.x, `/api/2.0/mlflow/...`). */
export class MlflowClient {
  readonly base: string;
  private readonly timeoutMs: number;
  private readonly attempts: number;

  constructor(options: MlflowClientOptions) {
    this.base = options.trackingUri.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = Math.max(1, options.attempts ?? 4);
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    body?: unknown,
    { timeoutMs = this.timeoutMs, raw = false }: { timeoutMs?: number; raw?: boolean } = {},
  ): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: raw
            ? { 'content-type': 'application/octet-stream' }
            : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : raw ? (body as Uint8Array) : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        lastError = new Error(
          `MLflow at ${this.base} unreachable (${method} ${url}): ${(error as Error).message}`,
          {
            cause: error,
          },
        );
        await new Promise((done) => setTimeout(done, 250 * 2 ** (attempt - 1)));
        continue;
      }
      const text = await response.text();
      if (response.ok) return (text ? JSON.parse(text) : {}) as T;
      let code: string | null = null;
      let message = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { error_code?: string; message?: string };
        code = parsed.error_code ?? null;
        message = parsed.message ?? message;
      } catch {
        // not JSON
      }
      const error = new MlflowError(
        response.status,
        code,
        `MLflow ${method} ${url.replace(this.base, '')}: HTTP ${response.status} ${code ?? ''} ${message}`.trim(),
      );
      if (response.status >= 500 || response.status === 429) {
        lastError = error;
        await new Promise((done) => setTimeout(done, 250 * 2 ** (attempt - 1)));
        continue;
      }
      throw error;
    }
    throw lastError;
  }

  api<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: Record<string, unknown>,
  ): Promise<T> {
    if (method === 'GET' && body) {
      const query = new URLSearchParams(
        Object.entries(body).map(([k, v]) => [k, String(v)] as [string, string]),
      ).toString();
      return this.request<T>('GET', `${this.base}/api/2.0/mlflow/${path}?${query}`);
    }
    return this.request<T>(method, `${this.base}/api/2.0/mlflow/${path}`, body);
  }

  /** Uploads through the server's artifact proxy (`mlflow server --serve-artifacts`). */
  async uploadArtifact(uri: string, content: Uint8Array): Promise<void> {
    if (!uri.startsWith('mlflow-artifacts:')) {
      throw new Error(
        `the run's artifact location ${uri} is not served by the tracking server; start MLflow with --serve-artifacts (scripts/infra/mlflow.sh does)`,
      );
    }
    await this.request('PUT', mlflowArtifactUrl(uri, this.base), content, {
      raw: true,
      timeoutMs: 5 * 60_000,
    });
  }

  /** True when `error` is MLflow's "does not exist". */
  static missing(error: unknown): boolean {
    return (
      error instanceof MlflowError &&
      (error.errorCode === 'RESOURCE_DOES_NOT_EXIST' || error.status === 404)
    );
  }
}

interface MlflowTag {
  key: string;
  value: string;
}

interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number | string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: MlflowTag[];
  aliases?: string[];
}

const tagsOf = (tags: MlflowTag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]));

const asTags = (tags: Record<string, string>): MlflowTag[] =>
  Object.entries(tags).map(([key, value]) => ({ key, value: String(value).slice(0, 5000) }));

class MlflowRun implements TrackingRun {
  constructor(
    private readonly client: MlflowClient,
    readonly id: string,
    readonly artifactUri: string,
  ) {}

  async logParams(params: Record<string, string | number | boolean | null>): Promise<void> {
    const entries = Object.entries(params).map(([key, value]) => ({
      key: key.slice(0, 250),
      value: String(value).slice(0, 6000),
    }));
    for (let i = 0; i < entries.length; i += 100) {
      await this.client.api('POST', 'runs/log-batch', {
        run_id: this.id,
        params: entries.slice(i, i + 100),
      });
    }
  }

  async logMetrics(metrics: Record<string, number>, step = 0): Promise<void> {
    const timestamp = Date.now();
    const entries = Object.entries(metrics)
      .filter(([, value]) => Number.isFinite(value))
      .map(([key, value]) => ({ key: metricKey(key), value, timestamp, step }));
    // log-batch takes at most 1000 metrics per request.
    for (let i = 0; i < entries.length; i += 1000) {
      await this.client.api('POST', 'runs/log-batch', {
        run_id: this.id,
        metrics: entries.slice(i, i + 1000),
      });
    }
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.client.api('POST', 'runs/log-batch', { run_id: this.id, tags: asTags(tags) });
  }

  async logArtifact(path: string, content: Uint8Array | string): Promise<string> {
    const uri = `${this.artifactUri}/${path.replace(/^\/+/, '')}`;
    await this.client.uploadArtifact(
      uri,
      typeof content === 'string' ? new TextEncoder().encode(content) : content,
    );
    return uri;
  }

  async end(status: RunStatus): Promise<void> {
    await this.client.api('POST', 'runs/update', { run_id: this.id, status, end_time: Date.now() });
  }
}

export interface MlflowRegistryOptions extends MlflowClientOptions {
  /** The experiment runs are logged to (created when missing). */
  experimentName: string;
}

/**
 * The registry on an MLflow tracking server, over its REST API only (no Python): runs in an
 * experiment, artifacts through the server's proxy, registered model versions, the `champion`
 * alias, and the frozen evaluation window as a registered-model tag.
 */
export class MlflowModelRegistry implements ModelRegistry {
  readonly kind = 'mlflow' as const;
  readonly location: string;
  readonly client: MlflowClient;
  private experimentId: Promise<string> | undefined;

  constructor(private readonly options: MlflowRegistryOptions) {
    this.client = new MlflowClient(options);
    this.location = this.client.base;
  }

  /** The experiment's id, created on first use. */
  experiment(): Promise<string> {
    this.experimentId ??= (async () => {
      const name = this.options.experimentName;
      try {
        const found = await this.client.api<{ experiment: { experiment_id: string } }>(
          'GET',
          'experiments/get-by-name',
          { experiment_name: name },
        );
        return found.experiment.experiment_id;
      } catch (error) {
        if (!MlflowClient.missing(error)) throw error;
      }
      try {
        const created = await this.client.api<{ experiment_id: string }>(
          'POST',
          'experiments/create',
          {
            name,
          },
        );
        return created.experiment_id;
      } catch (error) {
        // Created meanwhile by another job.
        if (error instanceof MlflowError && error.errorCode === 'RESOURCE_ALREADY_EXISTS') {
          const found = await this.client.api<{ experiment: { experiment_id: string } }>(
            'GET',
            'experiments/get-by-name',
            { experiment_name: name },
          );
          return found.experiment.experiment_id;
        }
        throw error;
      }
    })();
    this.experimentId.catch(() => (this.experimentId = undefined));
    return this.experimentId;
  }

  async startRun(options: {
    modelName: string;
    runName: string;
    tags?: Record<string, string>;
  }): Promise<TrackingRun> {
    const experimentId = await this.experiment();
    const created = await this.client.api<{
      run: { info: { run_id: string; artifact_uri: string } };
    }>('POST', 'runs/create', {
      experiment_id: experimentId,
      run_name: options.runName,
      start_time: Date.now(),
      tags: asTags({
        'mlflow.source.name': 'jobs/retrain',
        'jobmarket.model_name': options.modelName,
        ...(options.tags ?? {}),
      }),
    });
    return new MlflowRun(this.client, created.run.info.run_id, created.run.info.artifact_uri);
  }

  async ensureRegisteredModel(modelName: string): Promise<Record<string, string>> {
    try {
      const found = await this.client.api<{ registered_model: { tags?: MlflowTag[] } }>(
        'GET',
        'registered-models/get',
        { name: modelName },
      );
      return tagsOf(found.registered_model.tags);
    } catch (error) {
      if (!MlflowClient.missing(error)) throw error;
    }
    try {
      await this.client.api('POST', 'registered-models/create', {
        name: modelName,
        description:
          'JobMarket offer recommender and ROME classifier (ONNX), trained by jobs/retrain.',
      });
    } catch (error) {
      if (!(error instanceof MlflowError && error.errorCode === 'RESOURCE_ALREADY_EXISTS'))
        throw error;
    }
    return {};
  }

  private toRecord(v: MlflowModelVersion, aliases?: string[]): RegisteredVersion {
    const tags = tagsOf(v.tags);
    const source = (v.source ?? '').replace(/\/+$/, '');
    let metrics: Record<string, number> = {};
    try {
      metrics = JSON.parse(tags[TAGS.metrics] ?? '{}') as Record<string, number>;
    } catch {
      metrics = {};
    }
    return {
      modelName: v.name,
      version: String(v.version),
      runId: v.run_id || null,
      artifactUri: `${source}/${ONNX_NAME}`,
      metadataUri: `${source}/${METADATA_NAME}`,
      createdAt: new Date(Number(v.creation_timestamp ?? 0)).toISOString(),
      trainedAt: tags[TAGS.trainedAt] ?? null,
      fingerprint: tags[TAGS.fingerprint] ?? null,
      metrics,
      tags,
      aliases: aliases ?? v.aliases ?? [],
    };
  }

  async registerVersion(options: RegisterOptions): Promise<RegisteredVersion> {
    const metadataText = `${JSON.stringify(options.artifact.metadata)}\n`;
    await options.run.logArtifact(`model/${ONNX_NAME}`, options.artifact.onnxBytes);
    await options.run.logArtifact(`model/${METADATA_NAME}`, metadataText);
    await this.ensureRegisteredModel(options.modelName);
    const tags: Record<string, string> = {
      ...(options.tags ?? {}),
      [TAGS.fingerprint]: options.fingerprint,
      [TAGS.trainedAt]: options.artifact.metadata.trainedAt,
      [TAGS.metrics]: JSON.stringify(options.metrics),
    };
    const created = await this.client.api<{ model_version: MlflowModelVersion }>(
      'POST',
      'model-versions/create',
      {
        name: options.modelName,
        source: `${options.run.artifactUri}/model`,
        run_id: options.run.id,
        tags: asTags(tags),
        description: options.description ?? '',
      },
    );
    return this.toRecord(created.model_version, []);
  }

  async setChampion(modelName: string, version: string): Promise<void> {
    await this.client.api('POST', 'registered-models/alias', {
      name: modelName,
      alias: CHAMPION_ALIAS,
      version,
    });
  }

  async champion(modelName: string): Promise<RegisteredVersion | null> {
    try {
      const found = await this.client.api<{ model_version: MlflowModelVersion }>(
        'GET',
        'registered-models/alias',
        {
          name: modelName,
          alias: CHAMPION_ALIAS,
        },
      );
      return this.toRecord(found.model_version);
    } catch (error) {
      if (
        MlflowClient.missing(error) ||
        (error instanceof MlflowError && error.errorCode === 'INVALID_PARAMETER_VALUE')
      )
        return null;
      throw error;
    }
  }

  async getVersion(modelName: string, version: string): Promise<RegisteredVersion | null> {
    try {
      const found = await this.client.api<{ model_version: MlflowModelVersion }>(
        'GET',
        'model-versions/get',
        {
          name: modelName,
          version,
        },
      );
      return this.toRecord(found.model_version);
    } catch (error) {
      if (MlflowClient.missing(error)) return null;
      throw error;
    }
  }

  async versions(modelName: string): Promise<RegisteredVersion[]> {
    const out: RegisteredVersion[] = [];
    let pageToken: string | undefined;
    const escaped = modelName.replace(/'/g, "\\'");
    do {
      const page = await this.client.api<{
        model_versions?: MlflowModelVersion[];
        next_page_token?: string;
      }>('GET', 'model-versions/search', {
        filter: `name='${escaped}'`,
        max_results: 200,
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      for (const v of page.model_versions ?? []) out.push(this.toRecord(v));
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    // Search results carry no aliases: mark the champion.
    const champion = out.length > 0 ? await this.champion(modelName) : null;
    for (const record of out)
      record.aliases = record.version === champion?.version ? [CHAMPION_ALIAS] : [];
    return out.sort((a, b) => Number(b.version) - Number(a.version));
  }

  async setVersionTags(
    modelName: string,
    version: string,
    tags: Record<string, string>,
  ): Promise<void> {
    for (const { key, value } of asTags(tags)) {
      await this.client.api('POST', 'model-versions/set-tag', {
        name: modelName,
        version,
        key,
        value,
      });
    }
  }

  async evaluationWindow(modelName: string): Promise<EvaluationWindow | null> {
    let tags: Record<string, string>;
    try {
      const found = await this.client.api<{ registered_model: { tags?: MlflowTag[] } }>(
        'GET',
        'registered-models/get',
        { name: modelName },
      );
      tags = tagsOf(found.registered_model.tags);
    } catch (error) {
      if (MlflowClient.missing(error)) return null;
      throw error;
    }
    const raw = tags[TAGS.evaluationWindow];
    return raw ? (JSON.parse(raw) as EvaluationWindow) : null;
  }

  async freezeEvaluationWindow(
    modelName: string,
    window: EvaluationWindow,
  ): Promise<EvaluationWindow> {
    const tags = await this.ensureRegisteredModel(modelName);
    const existing = tags[TAGS.evaluationWindow];
    if (existing) return JSON.parse(existing) as EvaluationWindow;
    await this.client.api('POST', 'registered-models/set-tag', {
      name: modelName,
      key: TAGS.evaluationWindow,
      value: JSON.stringify(window),
    });
    return window;
  }

  fetchArtifact(
    where: Pick<RegisteredVersion, 'artifactUri' | 'metadataUri'>,
  ): Promise<FetchedArtifact> {
    return fetchModelArtifact(where, { trackingUri: this.client.base });
  }
}
