import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectDataDir } from '@jobmarket/config';
import type { Logger } from '@jobmarket/telemetry';
import { generateSample } from './sample/generate.js';

/** The repository root (this file is jobs/ingest/{src,dist}/replay-dir.*). */
export const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The workplace's recorded real payloads, beside the repository. */
export const sharedDataDir = resolve(repositoryRoot, '..', 'shared', 'data');

/**
 * The replay directory: `dir` (--dir or REPLAY_DIR) when given; else ../shared/data when it
 * exists; else the project's generated sample under <JOBMARKET_DATA_DIR>/sample, generated on
 * first use (deterministic, shaped like the real payloads).
 */
export async function resolveReplayDir({
  dir,
  logger,
  env = process.env,
  sharedDir = sharedDataDir,
}: {
  dir?: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Where the recorded payloads are looked for (tests point it elsewhere). */
  sharedDir?: string;
}): Promise<string> {
  if (dir) return resolve(dir);
  if (existsSync(join(sharedDir, 'francetravail')) || existsSync(join(sharedDir, 'adzuna'))) {
    return sharedDir;
  }
  const sample = join(projectDataDir(env), 'sample');
  if (!existsSync(join(sample, 'francetravail'))) {
    logger.info(
      { dir: sample },
      'no recorded payloads found (../shared/data); generating the sample',
    );
    await generateSample({ out: sample });
  }
  return sample;
}
