#!/usr/bin/env node
// Writes charts/jobmarket/values.schema.json: the JSON Schema helm checks every install, upgrade,
// lint and template against. Every object is closed (additionalProperties: false) all the way
// down, so a misspelt key or a wrong type fails before anything reaches the cluster.
//
//   node deploy/chart/values-schema.mjs           write the file
//   node deploy/chart/values-schema.mjs --check   exit 1 when the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../../charts/jobmarket/values.schema.json', import.meta.url));

// ---- building blocks --------------------------------------------------------------------------
const obj = (properties, { optional = [], description } = {}) => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: false,
  properties,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
});
const str = (extra = {}) => ({ type: 'string', ...extra });
const int = (minimum, maximum) => ({
  type: 'integer',
  ...(minimum !== undefined ? { minimum } : {}),
  ...(maximum !== undefined ? { maximum } : {}),
});
const bool = { type: 'boolean' };
const oneOf = (...values) => ({ enum: values });
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const quantity = {
  description: 'a Kubernetes quantity, e.g. 500m, 1, 256Mi, 10Gi',
  anyOf: [
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$' },
    { type: 'number', exclusiveMinimum: 0 },
  ],
};
const port = int(1, 65535);
const cpuMemory = obj({ cpu: quantity, memory: quantity });
// Requests and limits are both required: every container of the chart has limits.
const resources = obj({ requests: cpuMemory, limits: cpuMemory });
const image = obj(
  {
    repository: str({ minLength: 1 }),
    tag: str({ description: 'empty: image.tag, then the chart appVersion' }),
  },
  { optional: ['tag'] },
);
const thirdPartyImage = obj({
  repository: str({ minLength: 1 }),
  tag: str({ minLength: 1, not: { const: 'latest' } }),
  pullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
});
const persistence = obj({ size: quantity, storageClass: str() });
const nodeSelector = stringMap;
const toleration = obj(
  {
    key: str(),
    operator: oneOf('Exists', 'Equal'),
    value: str(),
    effect: oneOf('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
    tolerationSeconds: int(0),
  },
  { optional: ['key', 'operator', 'value', 'effect', 'tolerationSeconds'] },
);
const tolerations = { type: 'array', items: toleration };
// Affinity terms are Kubernetes' own (validated by the API server and the chart's checks).
const affinity = obj(
  {
    nodeAffinity: { type: 'object' },
    podAffinity: { type: 'object' },
    podAntiAffinity: { type: 'object' },
  },
  { optional: ['nodeAffinity', 'podAffinity', 'podAntiAffinity'] },
);
const scheduling = { nodeSelector, tolerations, affinity };
const autoscaling = obj({
  enabled: bool,
  minReplicas: int(1, 100),
  maxReplicas: int(1, 100),
  targetCPUUtilizationPercentage: int(10, 100),
});
const pdb = obj({
  enabled: bool,
  maxUnavailable: { anyOf: [int(0), str({ pattern: '^[0-9]+%$' })] },
});
const envMap = {
  type: 'object',
  description: 'extra non-secret variables (ConfigMap); credentials belong in the Secret',
  propertyNames: { pattern: '^[A-Z][A-Z0-9_]*$' },
  additionalProperties: { type: 'string' },
};
const cron = str({
  description: 'five-field cron expression',
  pattern: '^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$',
});
const peers = { type: 'array', items: { type: 'object' }, description: 'NetworkPolicy peers' };
const seccomp = obj(
  { type: oneOf('RuntimeDefault', 'Localhost'), localhostProfile: str() },
  { optional: ['localhostProfile'] },
);

const subgraph = (name, { feed }) =>
  obj(
    {
      enabled: bool,
      image,
      replicas: int(1, 100),
      port,
      ...(feed ? { feed: bool } : {}),
      database: obj({
        name: str({ pattern: '^[a-z_][a-z0-9_]*$' }),
        external: {
          ...bool,
          description: `DATABASE_URL from the Secret key ${name.toUpperCase()}_DATABASE_URL`,
        },
      }),
      env: envMap,
      resources,
      autoscaling,
      podDisruptionBudget: pdb,
      persistence,
      podAnnotations: stringMap,
      ...scheduling,
    },
    { description: `the ${name} subgraph` },
  );

const job = (name, extra = {}) =>
  obj(
    {
      enabled: bool,
      image,
      schedule: cron,
      timeZone: str({ minLength: 1 }),
      concurrencyPolicy: oneOf('Forbid', 'Replace', 'Allow'),
      suspend: bool,
      startingDeadlineSeconds: int(10),
      activeDeadlineSeconds: int(60),
      backoffLimit: int(0, 10),
      successfulJobsHistoryLimit: int(0, 100),
      failedJobsHistoryLimit: int(0, 100),
      args: { type: 'array', items: { type: 'string' } },
      ...extra,
      env: envMap,
      resources,
      ...scheduling,
    },
    { description: `the ${name} CronJob` },
  );

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'JobMarket chart values',
  ...obj({
    image: obj({
      registry: str(),
      tag: str(),
      pullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
    }),
    imagePullSecrets: { type: 'array', items: obj({ name: str({ minLength: 1 }) }) },
    nameOverride: str(),
    fullnameOverride: str(),
    config: obj({
      nodeEnv: oneOf('production', 'development', 'test'),
      logLevel: oneOf('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'),
      kafkaTopicPrefix: str({ pattern: '^[a-zA-Z0-9._-]*$' }),
      graphqlIntrospection: oneOf('auto', 'true', 'false'),
    }),
    secrets: obj({
      existingSecret: str(),
      internalAuthSecret: str({ pattern: '^(|\\S{32,})$' }),
      authJwtSecret: str({ pattern: '^(|\\S{32,})$' }),
      postgresPassword: str({
        pattern: '^[A-Za-z0-9._~-]*$',
        description: 'URL-safe (it goes into DATABASE_URL)',
      }),
      franceTravailClientId: str(),
      franceTravailClientSecret: str(),
      adzunaAppId: str(),
      adzunaAppKey: str(),
      snowflakeUser: str(),
      snowflakePassword: str(),
      databaseUrls: obj({
        offers: str({ pattern: '^(|postgres(ql)?://.+)$' }),
        skills: str({ pattern: '^(|postgres(ql)?://.+)$' }),
        users: str({ pattern: '^(|postgres(ql)?://.+)$' }),
        recommendations: str({ pattern: '^(|postgres(ql)?://.+)$' }),
      }),
    }),
    serviceAccount: obj({ create: bool, annotations: stringMap }),
    podSecurityContext: obj({
      runAsNonRoot: { const: true },
      runAsUser: int(1),
      runAsGroup: int(1),
      fsGroup: int(1),
      fsGroupChangePolicy: oneOf('OnRootMismatch', 'Always'),
      seccompProfile: seccomp,
    }),
    containerSecurityContext: obj({
      runAsNonRoot: { const: true },
      runAsUser: int(1),
      runAsGroup: int(1),
      allowPrivilegeEscalation: { const: false },
      privileged: { const: false },
      readOnlyRootFilesystem: { const: true },
      capabilities: obj({
        drop: { type: 'array', contains: { const: 'ALL' }, items: str() },
      }),
      seccompProfile: seccomp,
    }),
    gateway: obj({
      enabled: bool,
      image,
      replicas: int(1, 100),
      port,
      playground: oneOf('auto', 'true', 'false'),
      corsOrigins: str(),
      trustProxyHops: int(0, 10),
      maxQueryDepth: int(2, 100),
      maxQueryCost: int(10, 10000000),
      subgraphTimeoutMs: int(100, 120000),
      env: envMap,
      resources,
      autoscaling,
      podDisruptionBudget: pdb,
      podAnnotations: stringMap,
      ...scheduling,
    }),
    subgraphs: obj({
      offers: subgraph('offers', { feed: true }),
      skills: subgraph('skills', { feed: true }),
      users: subgraph('users', { feed: false }),
      recommendations: subgraph('recommendations', { feed: false }),
    }),
    jobs: obj({
      ingest: job('ingest'),
      transform: job('transform', {
        dbtThreads: int(1, 64),
        dbtMemoryLimit: str({ pattern: '^[0-9]+(\\.[0-9]+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$' }),
      }),
      retrain: job('retrain'),
    }),
    warehouse: obj({
      url: str({
        pattern: '^(|duckdb:///.+|snowflake://.+)$',
        description:
          'empty: DuckDB on the warehouse volume; snowflake://account/database/schema?warehouse=..&role=..',
      }),
      duckdbMemoryLimit: str({ pattern: '^[0-9]+(\\.[0-9]+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$' }),
      persistence: obj({ existingClaim: str(), size: quantity, storageClass: str() }),
    }),
    kafka: obj({
      enabled: bool,
      brokers: str({ pattern: '^(|[^,:\\s]+:[0-9]+(,[^,:\\s]+:[0-9]+)*)$' }),
      image: thirdPartyImage,
      replicas: int(1, 9),
      clusterId: str({ pattern: '^[A-Za-z0-9_-]{22}$' }),
      heapOpts: str(),
      resources,
      persistence,
      ...scheduling,
    }),
    postgresql: obj({
      enabled: bool,
      image: thirdPartyImage,
      username: str({ pattern: '^[a-z_][a-z0-9_]*$' }),
      resources,
      persistence,
      ...scheduling,
    }),
    mlflow: obj({
      enabled: bool,
      trackingUri: str({ pattern: '^(|https?://.+)$' }),
      image,
      resources,
      persistence,
      ...scheduling,
    }),
    ingress: obj({
      enabled: bool,
      className: str(),
      host: str({ minLength: 1 }),
      annotations: stringMap,
      tls: {
        type: 'array',
        items: obj({ secretName: str({ minLength: 1 }), hosts: { type: 'array', items: str() } }),
      },
    }),
    networkPolicy: obj({
      enabled: bool,
      gatewayIngressFrom: peers,
      metricsFrom: peers,
      dns: obj({ namespace: str({ minLength: 1 }), podLabels: stringMap }),
      externalCidrs: {
        type: 'array',
        minItems: 1,
        items: str({ pattern: '^[0-9a-fA-F.:]+/[0-9]+$' }),
      },
      externalExcept: { type: 'array', items: str({ pattern: '^[0-9a-fA-F.:]+/[0-9]+$' }) },
      externalPostgresPort: port,
    }),
  }),
};

// Formatted with the repository's Prettier settings, so `npm run lint` and --check agree.
const prettier = await import('prettier');
const text = await prettier.format(JSON.stringify(schema), {
  ...((await prettier.resolveConfig(target)) ?? {}),
  filepath: target,
});
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error(
      'charts/jobmarket/values.schema.json is stale: run node deploy/chart/values-schema.mjs',
    );
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
