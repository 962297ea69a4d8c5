import { commonEnv, env } from '@jobmarket/config';

/** Every variable the ingest job reads (see .env.example). */
export const ingestEnv = {
  ...commonEnv,
  warehouseUrl: env.optionalString('WAREHOUSE_URL', {
    description:
      'duckdb:///abs/path.duckdb or snowflake://account/database/schema?warehouse=..&role=..; unset = <JOBMARKET_DATA_DIR>/warehouse.duckdb',
  }),
  franceTravailClientId: env.optionalString('FRANCETRAVAIL_CLIENT_ID'),
  franceTravailClientSecret: env.optionalString('FRANCETRAVAIL_CLIENT_SECRET'),
  franceTravailApiUrl: env.optionalString('FRANCETRAVAIL_API_URL'),
  franceTravailTokenUrl: env.optionalString('FRANCETRAVAIL_TOKEN_URL'),
  franceTravailScope: env.optionalString('FRANCETRAVAIL_SCOPE'),
  franceTravailRateLimit: env.integer('FRANCETRAVAIL_RATE_LIMIT', {
    default: 10,
    min: 1,
    max: 100,
  }),
  adzunaAppId: env.optionalString('ADZUNA_APP_ID'),
  adzunaAppKey: env.optionalString('ADZUNA_APP_KEY'),
  adzunaApiUrl: env.optionalString('ADZUNA_API_URL'),
  adzunaCountry: env.string('ADZUNA_COUNTRY', { default: 'fr', pattern: /^[a-z]{2}$/ }),
  adzunaMaxPages: env.integer('ADZUNA_MAX_PAGES', { default: 100, min: 1, max: 2500 }),
  adzunaQuotaPerMinute: env.integer('ADZUNA_QUOTA_PER_MINUTE', { default: 25, min: 1 }),
  adzunaQuotaPerDay: env.integer('ADZUNA_QUOTA_PER_DAY', { default: 250, min: 1 }),
  adzunaQuotaPerWeek: env.integer('ADZUNA_QUOTA_PER_WEEK', { default: 1000, min: 1 }),
  adzunaQuotaPerMonth: env.integer('ADZUNA_QUOTA_PER_MONTH', { default: 2500, min: 1 }),
  replayDir: env.optionalString('REPLAY_DIR'),
  batchSize: env.integer('INGEST_BATCH_SIZE', { default: 1000, min: 1, max: 100_000 }),
};
