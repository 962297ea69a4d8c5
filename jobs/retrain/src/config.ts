import { commonEnv, env, projectDataDir } from '@jobmarket/config';
import { DEFAULT_EXPERIMENT } from '@jobmarket/model-registry';
import { MODEL_NAME } from '@jobmarket/recommender';

/** Every variable the retrain job reads (see .env.example). */
export const retrainEnv = {
  ...commonEnv,
  warehouseUrl: env.optionalString('WAREHOUSE_URL', {
    description:
      'duckdb:///abs/path.duckdb or snowflake://…; unset = <JOBMARKET_DATA_DIR>/warehouse.duckdb',
  }),
  dataDir: env.string('JOBMARKET_DATA_DIR', {
    default: projectDataDir(),
    description: 'embedded stores; the local model registry is <dir>/models',
  }),
  mlflowTrackingUri: env.optionalString('MLFLOW_TRACKING_URI', {
    description:
      'MLflow tracking server (http://127.0.0.1:5000); unset = the local model directory <JOBMARKET_DATA_DIR>/models',
  }),
  experimentName: env.string('MLFLOW_EXPERIMENT_NAME', {
    default: DEFAULT_EXPERIMENT,
    description: 'the MLflow experiment the runs are logged to',
  }),
  modelName: env.string('MODEL_NAME', {
    default: MODEL_NAME,
    pattern: /^[\w.-]+$/,
    description: 'registered model name (also what the recommendations subgraph serves)',
  }),
  groupId: env.string('RETRAIN_GROUP_ID', {
    default: 'retrain',
    pattern: /^[a-zA-Z0-9._-]+$/,
    description: 'consumer group of warehouse.refreshed, offers.ingested and interactions',
  }),
  minNewOffers: env.integer('RETRAIN_MIN_NEW_OFFERS', {
    default: 100,
    min: 0,
    description:
      'retrain when at least this many new offers with a ROME code arrived since the last trained version (or no model exists, or --force)',
  }),
  seed: env.integer('RETRAIN_SEED', { default: 42, min: 0, max: 2 ** 31 - 1 }),
  evaluationFraction: env.integer('RETRAIN_EVALUATION_PERCENT', {
    default: 30,
    min: 5,
    max: 60,
    description:
      'size of the evaluation window frozen at the first training: the newest N % of the dated offers',
  }),
  resamples: env.integer('RETRAIN_BOOTSTRAP_RESAMPLES', { default: 1000, min: 50, max: 100_000 }),
  romeReferentialDir: env.optionalString('RETRAIN_ROME_DATA_DIR', {
    description:
      'a shared data directory holding rome/ (the ROME 4.0 CSV files); unset = the referential ingest landed in the warehouse (bronze.raw_referentials)',
  }),
};
