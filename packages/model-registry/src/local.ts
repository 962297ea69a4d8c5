import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchModelArtifact, METADATA_NAME, ONNX_NAME } from './artifacts.js';
import {
  CHAMPION_ALIAS,
  metricKey,
  type EvaluationWindow,
  type FetchedArtifact,
  type ModelRegistry,
  type RegisteredVersion,
  type RegisterOptions,
  type RunStatus,
  type TrackingRun,
} from './types.js';

/*
 * The embedded model registry: a directory per model name under `<JOBMARKET_DATA_DIR>/models`.
 *
 *   <root>/<name>/<version>/model.onnx, metadata.json, version.json   (version.json written last)
 *   <root>/<name>/champion.json             {"version": "2", "updatedAt": …}  (the champion alias)
 *   <root>/<name>/evaluation-window.json    the frozen evaluation window
 *   <root>/<name>/runs/<runId>/run.json     params, metric series, tags, status of a run
 *   <root>/<name>/runs/<runId>/artifacts/…  what the run logged
 *
 * Versions are claimed with an exclusive mkdir, files are written to a temporary name and renamed,
 * so two jobs never share a version and a reader never sees a half-written one.
 */

const VERSION_FILE = 'version.json';
const CHAMPION_FILE = 'champion.json';
const WINDOW_FILE = 'evaluation-window.json';

async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface RunFile {
  id: string;
  modelName: string;
  runName: string;
  status: 'RUNNING' | RunStatus;
  startedAt: string;
  endedAt: string | null;
  params: Record<string, string>;
  /** Metric series: key → [{step, value}]. */
  metrics: Record<string, Array<{ step: number; value: number }>>;
  tags: Record<string, string>;
}

class LocalRun implements TrackingRun {
  readonly artifactUri: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly file: RunFile,
  ) {
    this.artifactUri = pathToFileURL(join(dir, 'artifacts')).href;
  }

  get id(): string {
    return this.file.id;
  }

  private save(): Promise<void> {
    this.writes = this.writes.then(() =>
      writeAtomically(join(this.dir, 'run.json'), `${JSON.stringify(this.file, null, 2)}\n`),
    );
    return this.writes;
  }

  async logParams(params: Record<string, string | number | boolean | null>): Promise<void> {
    for (const [key, value] of Object.entries(params)) this.file.params[key] = String(value);
    await this.save();
  }

  async logMetrics(metrics: Record<string, number>, step = 0): Promise<void> {
    for (const [name, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) continue;
      const key = metricKey(name);
      (this.file.metrics[key] ??= []).push({ step, value });
    }
    await this.save();
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    Object.assign(this.file.tags, tags);
    await this.save();
  }

  async logArtifact(path: string, content: Uint8Array | string): Promise<string> {
    const target = resolve(this.dir, 'artifacts', path);
    if (!target.startsWith(resolve(this.dir, 'artifacts')))
      throw new Error(`artifact path ${path} leaves the run directory`);
    await writeAtomically(target, content);
    return pathToFileURL(target).href;
  }

  async end(status: RunStatus): Promise<void> {
    this.file.status = status;
    this.file.endedAt = new Date().toISOString();
    await this.save();
  }
}

export class LocalModelRegistry implements ModelRegistry {
  readonly kind = 'local' as const;
  readonly location: string;

  constructor(readonly root: string) {
    this.location = resolve(root);
  }

  private modelDir(modelName: string): string {
    if (!/^[\w.-]+$/.test(modelName)) throw new Error(`invalid model name ${modelName}`);
    return join(this.location, modelName);
  }

  async startRun(options: {
    modelName: string;
    runName: string;
    tags?: Record<string, string>;
  }): Promise<TrackingRun> {
    const id = `${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
    const dir = join(this.modelDir(options.modelName), 'runs', id);
    await mkdir(dir, { recursive: true });
    const run = new LocalRun(dir, {
      id,
      modelName: options.modelName,
      runName: options.runName,
      status: 'RUNNING',
      startedAt: new Date().toISOString(),
      endedAt: null,
      params: {},
      metrics: {},
      tags: { ...(options.tags ?? {}) },
    });
    await run.setTags({});
    return run;
  }

  private toRecord(
    modelName: string,
    version: string,
    file: Omit<RegisteredVersion, 'artifactUri' | 'metadataUri' | 'aliases'>,
    champion: string | null,
  ): RegisteredVersion {
    const dir = join(this.modelDir(modelName), version);
    return {
      ...file,
      modelName,
      version,
      artifactUri: pathToFileURL(join(dir, ONNX_NAME)).href,
      metadataUri: pathToFileURL(join(dir, METADATA_NAME)).href,
      aliases: champion === version ? [CHAMPION_ALIAS] : [],
    };
  }

  async registerVersion(options: RegisterOptions): Promise<RegisteredVersion> {
    const modelDir = this.modelDir(options.modelName);
    await mkdir(modelDir, { recursive: true });
    const metadataText = `${JSON.stringify(options.artifact.metadata)}\n`;
    // The run keeps its own copy, as an MLflow run does.
    await options.run.logArtifact(`model/${ONNX_NAME}`, options.artifact.onnxBytes);
    await options.run.logArtifact(`model/${METADATA_NAME}`, metadataText);
    let number = (await this.versionNumbers(options.modelName)).reduce((a, b) => Math.max(a, b), 0);
    let dir: string;
    for (;;) {
      number += 1;
      dir = join(modelDir, String(number));
      try {
        await mkdir(dir);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    await writeAtomically(join(dir, ONNX_NAME), options.artifact.onnxBytes);
    await writeAtomically(join(dir, METADATA_NAME), metadataText);
    const file = {
      modelName: options.modelName,
      version: String(number),
      runId: options.run.id,
      createdAt: new Date().toISOString(),
      trainedAt: options.artifact.metadata.trainedAt ?? null,
      fingerprint: options.fingerprint,
      metrics: options.metrics,
      tags: { ...(options.tags ?? {}) },
      description: options.description ?? '',
    };
    await writeAtomically(join(dir, VERSION_FILE), `${JSON.stringify(file, null, 2)}\n`);
    return this.toRecord(
      options.modelName,
      String(number),
      file,
      await this.championVersion(options.modelName),
    );
  }

  private async versionNumbers(modelName: string): Promise<number[]> {
    const dir = this.modelDir(modelName);
    if (!existsSync(dir)) return [];
    return (await readdir(dir)).filter((name) => /^\d+$/.test(name)).map(Number);
  }

  private async championVersion(modelName: string): Promise<string | null> {
    const pointer = await readJson<{ version: string }>(
      join(this.modelDir(modelName), CHAMPION_FILE),
    );
    return pointer?.version ?? null;
  }

  async getVersion(modelName: string, version: string): Promise<RegisteredVersion | null> {
    if (!/^\d+$/.test(version)) return null;
    const file = await readJson<Omit<RegisteredVersion, 'artifactUri' | 'metadataUri' | 'aliases'>>(
      join(this.modelDir(modelName), version, VERSION_FILE),
    );
    if (!file) return null;
    return this.toRecord(modelName, version, file, await this.championVersion(modelName));
  }

  async versions(modelName: string): Promise<RegisteredVersion[]> {
    const numbers = (await this.versionNumbers(modelName)).sort((a, b) => b - a);
    const out: RegisteredVersion[] = [];
    for (const n of numbers) {
      const record = await this.getVersion(modelName, String(n));
      if (record) out.push(record);
    }
    return out;
  }

  async setVersionTags(
    modelName: string,
    version: string,
    tags: Record<string, string>,
  ): Promise<void> {
    const path = join(this.modelDir(modelName), version, VERSION_FILE);
    const file = await readJson<{ tags: Record<string, string> }>(path);
    if (!file) throw new Error(`model ${modelName} has no version ${version}`);
    file.tags = { ...file.tags, ...tags };
    await writeAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
  }

  async setChampion(modelName: string, version: string): Promise<void> {
    if (!(await this.getVersion(modelName, version)))
      throw new Error(`model ${modelName} has no version ${version}`);
    await writeAtomically(
      join(this.modelDir(modelName), CHAMPION_FILE),
      `${JSON.stringify({ version, updatedAt: new Date().toISOString() })}\n`,
    );
  }

  async champion(modelName: string): Promise<RegisteredVersion | null> {
    const version = await this.championVersion(modelName);
    return version ? this.getVersion(modelName, version) : null;
  }

  async evaluationWindow(modelName: string): Promise<EvaluationWindow | null> {
    return readJson<EvaluationWindow>(join(this.modelDir(modelName), WINDOW_FILE));
  }

  async freezeEvaluationWindow(
    modelName: string,
    window: EvaluationWindow,
  ): Promise<EvaluationWindow> {
    const path = join(this.modelDir(modelName), WINDOW_FILE);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, `${JSON.stringify(window, null, 2)}\n`, { flag: 'wx' });
      return window;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return (await this.evaluationWindow(modelName)) as EvaluationWindow;
    }
  }

  fetchArtifact(
    where: Pick<RegisteredVersion, 'artifactUri' | 'metadataUri'>,
  ): Promise<FetchedArtifact> {
    return fetchModelArtifact(where);
  }
}
