import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commonEnv, env, projectDataDir } from '@jobmarket/config';

/** The repository root (this file is jobs/transform/{src,dist}/config.*). */
export const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Every variable the transform job reads (see .env.example). */
export const transformEnv = {
  ...commonEnv,
  warehouseUrl: env.optionalString('WAREHOUSE_URL', {
    description:
      'duckdb:///abs/path.duckdb or snowflake://account/database/schema?warehouse=..&role=..; unset = <JOBMARKET_DATA_DIR>/warehouse.duckdb',
  }),
  dbtBin: env.optionalString('DBT_BIN', {
    description:
      'the dbt executable; unset = the project virtualenv (bash scripts/infra/python.sh bin)',
  }),
  dbtProjectDir: env.string('DBT_PROJECT_DIR', {
    default: resolve(repositoryRoot, 'dbt'),
    description: 'the dbt project (and profiles.yml) directory',
  }),
  dbtThreads: env.integer('DBT_THREADS', { default: 2, min: 1, max: 64 }),
  groupId: env.string('TRANSFORM_GROUP_ID', {
    default: 'transform',
    pattern: /^[a-zA-Z0-9._-]+$/,
    description: 'consumer group of offers.ingested',
  }),
  maxEvents: env.integer('TRANSFORM_MAX_EVENTS', {
    default: 200_000,
    min: 1,
    description: 'offers.ingested events one run drains at most (the rest waits for the next run)',
  }),
  publishBatchSize: env.integer('TRANSFORM_PUBLISH_BATCH_SIZE', {
    default: 500,
    min: 1,
    max: 10_000,
  }),
  // The ROME classifier (src/rome-classifier.ts): the model registry's champion.
  romeClassifier: env.boolean('TRANSFORM_ROME_CLASSIFIER', {
    default: true,
    description:
      'predict a ROME code for offers without one, with the registry champion (false: leave them uncoded)',
  }),
  mlflowTrackingUri: env.optionalString('MLFLOW_TRACKING_URI', {
    description:
      'the model registry; unset = the local model directory <JOBMARKET_DATA_DIR>/models',
  }),
  dataDir: env.string('JOBMARKET_DATA_DIR', { default: projectDataDir() }),
  modelName: env.string('MODEL_NAME', { default: 'jobmarket-reco', pattern: /^[\w.-]+$/ }),
};
