/**
 * Unit tests of charts/jobmarket over `helm template` output (helm-unittest cannot be installed
 * here as a helm plugin): every container hardened, limited and probed; schedules from values;
 * the schema rejects typos and wrong types; secrets never in ConfigMaps; the store, scaling and
 * network rules of docs/deploy.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  chartDir,
  deployables,
  EXAMPLES,
  helmTemplate,
  type Manifest,
  podSpec,
  renderOrThrow,
  RUNTIME_VARIABLES,
  variablesReadByCode,
} from './helpers.js';

const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
const SETS = ['default', ...EXAMPLES, 'kind'];
const renders = new Map<string, Manifest[]>();

beforeAll(() => {
  for (const set of SETS) {
    const options =
      set === 'default'
        ? {}
        : set === 'kind'
          ? { valuesFile: 'k8s/values-kind.yaml' }
          : { example: set };
    renders.set(set, renderOrThrow(options));
  }
}, 120_000);

const workloads = (manifests: Manifest[]) => manifests.filter((m) => podSpec(m) !== undefined);
const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const named = (manifests: Manifest[], kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name);

describe.each(SETS)('rendered with %s values', (set) => {
  const manifests = () => renders.get(set)!;

  it('renders workloads, each in the release namespace', () => {
    expect(workloads(manifests()).length).toBeGreaterThan(3);
    for (const manifest of manifests()) expect(manifest.metadata.namespace).toBe('jobmarket');
  });

  it('gives every container requests and limits for CPU and memory', () => {
    for (const workload of workloads(manifests())) {
      const spec = podSpec(workload);
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        const where = `${workload.kind}/${workload.metadata.name}/${container.name}`;
        expect(container.resources?.limits?.cpu, where).toBeDefined();
        expect(container.resources?.limits?.memory, where).toBeDefined();
        expect(container.resources?.requests?.cpu, where).toBeDefined();
        expect(container.resources?.requests?.memory, where).toBeDefined();
      }
    }
  });

  it('hardens every pod and container (non-root, read-only root, no capabilities, seccomp)', () => {
    for (const workload of workloads(manifests())) {
      const spec = podSpec(workload);
      const where = `${workload.kind}/${workload.metadata.name}`;
      expect(spec.securityContext?.runAsNonRoot, where).toBe(true);
      expect(spec.securityContext?.runAsUser, where).toBeGreaterThanOrEqual(10000);
      expect(spec.securityContext?.seccompProfile?.type, where).toBe('RuntimeDefault');
      expect(spec.automountServiceAccountToken, where).toBe(false);
      expect(spec.serviceAccountName, where).toMatch(/^jobmarket-/);
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        const context = container.securityContext ?? {};
        const at = `${where}/${container.name}`;
        expect(context.runAsNonRoot, at).toBe(true);
        expect(context.allowPrivilegeEscalation, at).toBe(false);
        expect(context.privileged, at).toBe(false);
        expect(context.readOnlyRootFilesystem, at).toBe(true);
        expect(context.capabilities?.drop, at).toContain('ALL');
        expect(context.capabilities?.add ?? [], at).toEqual([]);
        expect(context.seccompProfile?.type, at).toBe('RuntimeDefault');
        // A read-only root needs a writable /tmp.
        expect(
          (container.volumeMounts ?? []).map((mount: { mountPath: string }) => mount.mountPath),
          at,
        ).toContain('/tmp');
        expect(container.image, at).toMatch(/:[^:/]+$/);
        expect(container.image, at).not.toMatch(/:latest$/);
      }
    }
  });

  it('probes every long-running container; services on /healthz and /readyz', () => {
    for (const workload of workloads(manifests()).filter((w) => w.kind !== 'CronJob')) {
      for (const container of podSpec(workload).containers) {
        const where = `${workload.kind}/${workload.metadata.name}/${container.name}`;
        expect(container.livenessProbe, where).toBeDefined();
        expect(container.readinessProbe, where).toBeDefined();
        expect(container.startupProbe, where).toBeDefined();
        const component = workload.metadata.labels?.['app.kubernetes.io/component'] ?? '';
        if (component === 'gateway' || component.startsWith('subgraph-')) {
          expect(container.livenessProbe.httpGet?.path, where).toBe('/healthz');
          expect(container.startupProbe.httpGet?.path, where).toBe('/healthz');
          expect(container.readinessProbe.httpGet?.path, where).toBe('/readyz');
          expect(container.ports[0].name).toBe('http');
        }
      }
    }
  });

  it('keeps credentials out of every ConfigMap', () => {
    for (const configMap of byKind(manifests(), 'ConfigMap')) {
      for (const [key, value] of Object.entries(configMap.data ?? {})) {
        expect(key, configMap.metadata.name).not.toMatch(
          /SECRET|PASSWORD|TOKEN|_KEY$|DATABASE_URL/,
        );
        expect(String(value)).not.toMatch(/postgres(ql)?:\/\/[^/\s]*:[^@/\s]*@/);
      }
    }
  });

  it('sets only variables the code reads on our containers', () => {
    const known = variablesReadByCode();
    const pending = deployables()
      .filter((d) => !d.present)
      .map((d) => d.path.split('/').pop()!);
    for (const configMap of byKind(manifests(), 'ConfigMap')) {
      const component = configMap.metadata.labels?.['app.kubernetes.io/component'] ?? '';
      const ours = component === 'gateway' || /^(subgraph|job)-/.test(component);
      if (!ours || pending.some((name) => component.endsWith(`-${name}`))) continue;
      for (const key of Object.keys(configMap.data ?? {})) {
        if (RUNTIME_VARIABLES.has(key)) continue;
        expect(known.has(key), `${configMap.metadata.name}: ${key} is read by no code`).toBe(true);
      }
    }
  });
});

describe('secrets', () => {
  const values = {
    secrets: {
      internalAuthSecret: 'internal-auth-secret-0123456789abcdef0123',
      authJwtSecret: 'jwt-secret-0123456789abcdef0123456789abcd',
      postgresPassword: 'pgPassword0123456789',
      franceTravailClientSecret: 'ft-client-secret-value',
      adzunaAppKey: 'adzuna-app-key-value',
      snowflakePassword: 'snowflake-password-value',
    },
  };

  it('puts given credentials in the Secret and in no ConfigMap', () => {
    const manifests = renderOrThrow({ values });
    const secret = byKind(manifests, 'Secret');
    expect(secret).toHaveLength(1);
    const data = secret[0]!.data!;
    const decoded = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
    expect(decoded.INTERNAL_AUTH_SECRET).toBe(values.secrets.internalAuthSecret);
    expect(decoded.POSTGRES_PASSWORD).toBe(values.secrets.postgresPassword);
    const configText = JSON.stringify(byKind(manifests, 'ConfigMap'));
    for (const secretValue of Object.values(values.secrets)) {
      expect(configText).not.toContain(secretValue);
    }
    // Workloads reference them, never inline them.
    expect(JSON.stringify(workloads(manifests))).not.toContain(values.secrets.authJwtSecret);
  });

  it('generates the required secrets when none are given', () => {
    const decoded = Object.values(byKind(renderOrThrow(), 'Secret')[0]!.data!).map((v) =>
      Buffer.from(v, 'base64').toString(),
    );
    expect(decoded.length).toBeGreaterThanOrEqual(3);
    for (const value of decoded) expect(value.length).toBeGreaterThanOrEqual(32);
  });

  it('creates no Secret with existingSecret, and refers to that one', () => {
    const manifests = renderOrThrow({ example: 'external' });
    expect(byKind(manifests, 'Secret')).toHaveLength(0);
    const refs = JSON.stringify(workloads(manifests)).match(/"name":"jobmarket-credentials"/g);
    expect(refs?.length).toBeGreaterThan(3);
  });

  it('refuses credentials in values beside existingSecret', () => {
    const result = helmTemplate({
      values: { secrets: { existingSecret: 'x', internalAuthSecret: 'y'.repeat(40) } },
    });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('secrets.existingSecret is set');
  });
});

describe('CronJobs', () => {
  it('take schedule, time zone and concurrency policy from values', () => {
    const manifests = renderOrThrow({
      values: {
        jobs: {
          ingest: { schedule: '7 1 * * *', timeZone: 'Europe/Paris' },
          transform: { schedule: '*/20 * * * *', concurrencyPolicy: 'Replace' },
          retrain: { enabled: true, schedule: '45 5 * * 0' },
        },
      },
    });
    const cron = (name: string) => named(manifests, 'CronJob', `jobmarket-job-${name}`)!.spec;
    expect(cron('ingest').schedule).toBe('7 1 * * *');
    expect(cron('ingest').timeZone).toBe('Europe/Paris');
    expect(cron('transform').schedule).toBe('*/20 * * * *');
    expect(cron('transform').concurrencyPolicy).toBe('Replace');
    expect(cron('retrain').schedule).toBe('45 5 * * 0');
  });

  it('default to the values.yaml schedules (daily, hourly, nightly) with concurrencyPolicy Forbid', () => {
    const manifests = renderOrThrow({ values: { jobs: { retrain: { enabled: true } } } });
    for (const name of ['ingest', 'transform', 'retrain']) {
      const spec = named(manifests, 'CronJob', `jobmarket-job-${name}`)!.spec;
      expect(spec.schedule).toBe(defaults.jobs[name].schedule);
      expect(spec.concurrencyPolicy).toBe('Forbid');
      expect(spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    }
    expect(defaults.jobs.ingest.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(defaults.jobs.transform.schedule).toMatch(/^\d+ \* \* \* \*$/);
    expect(defaults.jobs.retrain.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it('share one ReadWriteOnce warehouse volume on DuckDB, none on Snowflake', () => {
    const duck = renderOrThrow();
    const claims = byKind(duck, 'CronJob').map(
      (c) =>
        podSpec(c).volumes.find((v: { name: string }) => v.name === 'data').persistentVolumeClaim
          ?.claimName,
    );
    expect(new Set(claims)).toEqual(new Set(['jobmarket-warehouse']));
    expect(named(duck, 'PersistentVolumeClaim', 'jobmarket-warehouse')!.spec.accessModes).toEqual([
      'ReadWriteOnce',
    ]);
    const snow = renderOrThrow({ example: 'external' });
    expect(named(snow, 'PersistentVolumeClaim', 'jobmarket-warehouse')).toBeUndefined();
    expect(named(snow, 'ConfigMap', 'jobmarket-job-ingest')!.data!.WAREHOUSE_URL).toMatch(
      /^snowflake:\/\//,
    );
  });
});

describe('values schema', () => {
  it.each([
    ['a misspelt key', { gateway: { replica: 3 } }, "additional properties 'replica' not allowed"],
    ['a misspelt nested key', { subgraphs: { offers: { database: { nmae: 'x' } } } }, "'nmae'"],
    ['an unknown top-level key', { postgres: { enabled: true } }, "'postgres'"],
    ['a wrong type', { gateway: { replicas: 'three' } }, 'want integer'],
    ['a bad enum', { jobs: { ingest: { concurrencyPolicy: 'Sometimes' } } }, 'concurrencyPolicy'],
    ['a bad schedule', { jobs: { transform: { schedule: 'hourly' } } }, 'schedule'],
    ['a root container', { containerSecurityContext: { runAsNonRoot: false } }, 'runAsNonRoot'],
    [
      'a writable root',
      { containerSecurityContext: { readOnlyRootFilesystem: false } },
      'readOnlyRootFilesystem',
    ],
    [
      'missing limits',
      { gateway: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: null } } },
      'limits',
    ],
    ['a short secret', { secrets: { internalAuthSecret: 'short' } }, 'internalAuthSecret'],
    ['a latest tag', { kafka: { image: { tag: 'latest' } } }, 'tag'],
  ])('rejects %s', (_what, values, message) => {
    const result = helmTemplate({ values });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(message);
  });

  it('rejects a values file with a typo through --set too', () => {
    const result = helmTemplate({ set: ['subgraphs.users.enabeld=false'] });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('enabeld');
  });
});

describe('stores and scaling', () => {
  it('autoscales and protects the gateway and every enabled subgraph on PostgreSQL', () => {
    const manifests = renderOrThrow({ example: 'full' });
    const components = [
      'gateway',
      'subgraph-offers',
      'subgraph-skills',
      'subgraph-users',
      'subgraph-recommendations',
    ];
    for (const component of components) {
      const name = `jobmarket-${component}`;
      expect(named(manifests, 'HorizontalPodAutoscaler', name), name).toBeDefined();
      expect(named(manifests, 'PodDisruptionBudget', name), name).toBeDefined();
      expect(named(manifests, 'Deployment', name)!.spec.replicas, name).toBeUndefined();
    }
  });

  it('runs a PGlite subgraph as one replica on its own volume, replaced not rolled', () => {
    const manifests = renderOrThrow({ example: 'minimal' });
    for (const name of ['offers', 'skills', 'users']) {
      const deployment = named(manifests, 'Deployment', `jobmarket-subgraph-${name}`)!;
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy.type).toBe('Recreate');
      const data = podSpec(deployment).volumes.find((v: { name: string }) => v.name === 'data');
      expect(data.persistentVolumeClaim.claimName).toBe(`jobmarket-subgraph-${name}-data`);
      expect(
        named(manifests, 'HorizontalPodAutoscaler', `jobmarket-subgraph-${name}`),
      ).toBeUndefined();
      expect(
        named(manifests, 'ConfigMap', `jobmarket-subgraph-${name}`)!.data!.DATABASE_URL,
      ).toBeUndefined();
    }
    // No Kafka: the read models are not fed, and no job is scheduled.
    expect(
      named(manifests, 'ConfigMap', 'jobmarket-subgraph-offers')!.data!.OFFERS_FEED_ENABLED,
    ).toBe('false');
    expect(byKind(manifests, 'CronJob')).toHaveLength(0);
  });

  it('builds DATABASE_URL from the Secret for in-chart PostgreSQL, one database per subgraph', () => {
    const manifests = renderOrThrow();
    for (const name of ['offers', 'skills', 'users']) {
      const env = podSpec(named(manifests, 'Deployment', `jobmarket-subgraph-${name}`)!)
        .containers[0].env;
      const url = env.find((e: { name: string }) => e.name === 'DATABASE_URL');
      expect(url.value).toBe(
        `postgres://jobmarket:$(POSTGRES_PASSWORD)@jobmarket-postgresql:5432/jobmarket_${name}`,
      );
      // $(POSTGRES_PASSWORD) expands only when defined before DATABASE_URL.
      const names = env.map((e: { name: string }) => e.name);
      expect(names.indexOf('POSTGRES_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL'));
    }
    const init = named(manifests, 'ConfigMap', 'jobmarket-postgresql-init')!.data![
      '10-databases.sql'
    ]!;
    expect(init).toContain('CREATE DATABASE jobmarket_offers;');
    expect(init).toContain('CREATE DATABASE jobmarket_recommendations;');
  });

  it('refuses combinations that cannot work, saying what to change', () => {
    const noKafka = helmTemplate({ values: { kafka: { enabled: false } } });
    expect(noKafka.ok).toBe(false);
    expect(noKafka.stderr).toContain('jobs.ingest needs Kafka');
    const noMlflow = helmTemplate({
      values: { mlflow: { enabled: false }, jobs: { retrain: { enabled: true } } },
    });
    expect(noMlflow.ok).toBe(false);
    expect(noMlflow.stderr).toContain('mlflow.enabled=true or mlflow.trackingUri');
  });
});

describe('network policies', () => {
  const manifests = () => renders.get('full')!;
  const policy = (name: string) => named(manifests(), 'NetworkPolicy', `jobmarket-${name}`)!.spec;

  it('deny everything by default for every pod of the release, then allow DNS', () => {
    const deny = policy('default-deny');
    expect(deny.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'jobmarket',
      'app.kubernetes.io/instance': 'jobmarket',
    });
    expect(deny.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.ingress).toBeUndefined();
    expect(deny.egress).toBeUndefined();
    const dns = policy('dns');
    expect(dns.egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });

  it('let the gateway reach each subgraph, and only the gateway reach them', () => {
    const gateway = policy('gateway');
    for (const [name, port] of [
      ['offers', 4001],
      ['skills', 4002],
      ['users', 4003],
      ['recommendations', 4004],
    ] as const) {
      expect(gateway.egress).toContainEqual({
        to: [
          {
            podSelector: {
              matchLabels: expect.objectContaining({
                'app.kubernetes.io/component': `subgraph-${name}`,
              }),
            },
          },
        ],
        ports: [{ protocol: 'TCP', port }],
      });
      const subgraph = policy(`subgraph-${name}`);
      expect(subgraph.ingress).toHaveLength(1);
      expect(
        subgraph.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/component'],
      ).toBe('gateway');
    }
  });

  it('let subgraphs reach PostgreSQL and Kafka, jobs Kafka and HTTPS, MLflow only from retrain and recommendations', () => {
    const components = (peers: { podSelector?: { matchLabels: Record<string, string> } }[]) =>
      peers.map((p) => p.podSelector?.matchLabels['app.kubernetes.io/component']);
    const offers = policy('subgraph-offers');
    expect(offers.egress.flatMap((rule: { to: never[] }) => components(rule.to))).toEqual(
      expect.arrayContaining(['postgresql', 'kafka']),
    );
    const recommendations = policy('subgraph-recommendations');
    expect(recommendations.egress.flatMap((rule: { to: never[] }) => components(rule.to))).toEqual(
      expect.arrayContaining(['postgresql', 'kafka', 'mlflow']),
    );
    const users = policy('subgraph-users');
    expect(users.egress.flatMap((rule: { to: never[] }) => components(rule.to))).toEqual([
      'postgresql',
    ]);
    const ingest = policy('job-ingest');
    expect(ingest.ingress).toEqual([]);
    expect(
      ingest.egress.flatMap((rule: { ports: { port: number }[] }) => rule.ports.map((p) => p.port)),
    ).toEqual(expect.arrayContaining([9092, 443]));
    expect(components(policy('mlflow').ingress[0].from)).toEqual([
      'job-retrain',
      'subgraph-recommendations',
    ]);
    expect(components(policy('postgresql').ingress[0].from)).toEqual([
      'subgraph-offers',
      'subgraph-recommendations',
      'subgraph-skills',
      'subgraph-users',
    ]);
  });

  it('open the external brokers’ ports when Kafka is outside the cluster', () => {
    const external = renderOrThrow({ example: 'external' });
    const ingest = named(external, 'NetworkPolicy', 'jobmarket-job-ingest')!.spec;
    const ports = ingest.egress.flatMap((rule: { ports: { port: number }[] }) =>
      rule.ports.map((p) => p.port),
    );
    expect(ports).toEqual(expect.arrayContaining([9092, 443]));
  });
});

describe('deployables', () => {
  it('every deployable has values in the chart', () => {
    for (const { path } of deployables()) {
      const name = path.split('/').pop()!;
      if (path === 'gateway') expect(defaults.gateway).toBeDefined();
      else if (path.startsWith('subgraphs/')) expect(defaults.subgraphs[name], path).toBeDefined();
      else expect(defaults.jobs[name], path).toBeDefined();
    }
  });
});
