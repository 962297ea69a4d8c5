/**
 * docker-compose.yml against the code and the Compose specification: the file with .env.example
 * interpolated validates against the Compose JSON schema; every service built here has its
 * Dockerfile and workspace, sets only variables the code reads, and starts what the workspace
 * builds; every ${VARIABLE} is in .env.example; the engines' health gates the services; the host
 * crontab runs the jobs on the chart's schedules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  chartDir,
  deployables,
  envExampleVariables,
  root,
  RUNTIME_VARIABLES,
  toolPaths,
  variablesReadByCode,
} from './helpers.js';

const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const compose: any = parse(composeText, { merge: true });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const services: Record<string, any> = compose.services;

/** .env.example as compose would read it from .env. */
function exampleEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(root, '.env.example'), 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!.replace(/\s+#.*$/, '').trim();
  }
  return env;
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, $$. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (all, name, op, arg) => {
      if (all === '$$') return '$';
      const value = env[name];
      if (op === ':-') return value ? value : arg;
      if (op === '-') return value ?? arg;
      if (op === ':?' || op === '?') {
        if (!value) throw new Error(`${name} is required: ${arg}`);
        return value;
      }
      return value ?? '';
    },
  );
}

const ourServices = Object.entries(services).filter(([, service]) => service.build);
const workspaceOf = (service: { build: { dockerfile: string } }) =>
  service.build.dockerfile.replace(/\/Dockerfile$/, '');

describe('docker-compose.yml', () => {
  it('validates against the Compose specification schema, as written and with .env.example', () => {
    const { venv } = toolPaths();
    const env = {
      ...exampleEnv(),
      INTERNAL_AUTH_SECRET: 'a'.repeat(64),
      AUTH_JWT_SECRET: 'b'.repeat(64),
      POSTGRES_PASSWORD: 'c'.repeat(48),
    };
    const dir = mkdtempSync(join(tmpdir(), 'jobmarket-compose-'));
    const resolved = join(dir, 'docker-compose.resolved.yml');
    // Interpolated, then with the YAML anchors and merge keys resolved, as compose loads it.
    writeFileSync(resolved, stringify(parse(interpolate(composeText, env), { merge: true })));
    for (const file of [join(root, 'docker-compose.yml'), resolved]) {
      const result = spawnSync(
        join(venv, 'bin/check-jsonschema'),
        ['--builtin-schema', 'vendor.compose-spec', file],
        { encoding: 'utf8' },
      );
      expect(result.status, `${file}\n${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('fails early, naming the fix, when a required secret is missing', () => {
    expect(() => interpolate(composeText, {})).toThrow(/INTERNAL_AUTH_SECRET is required: set/);
  });

  it('declares every ${VARIABLE} it uses in .env.example', () => {
    const documented = envExampleVariables();
    const used = [...composeText.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!);
    for (const name of new Set(used)) {
      expect(documented.has(name), `${name} is not in .env.example`).toBe(true);
    }
  });

  it('has a service for every deployable, built from its Dockerfile', () => {
    const built = new Set(ourServices.map(([, service]) => workspaceOf(service)));
    for (const { path } of deployables()) {
      expect(built.has(path), `no compose service builds ${path}`).toBe(true);
      expect(existsSync(join(root, path, 'Dockerfile')), `${path}/Dockerfile`).toBe(true);
    }
    for (const [name, service] of ourServices) {
      expect(service.build.context, name).toBe('.');
      expect(existsSync(join(root, service.build.dockerfile)), name).toBe(true);
      expect(service.image, name).toMatch(
        /^\$\{JOBMARKET_REGISTRY:-jobmarket\}\/[a-z-]+:\$\{JOBMARKET_TAG:-dev\}$/,
      );
    }
  });

  const presentPaths = new Set(
    deployables()
      .filter((d) => d.present)
      .map((d) => d.path),
  );
  const present = ourServices.filter(([, service]) => {
    const workspace = workspaceOf(service);
    return workspace.startsWith('deploy/') || presentPaths.has(workspace);
  });
  const pending = ourServices.filter(([service]) => !present.some(([name]) => name === service));

  it.each(present.filter(([, s]) => !workspaceOf(s).startsWith('deploy/')))(
    '%s sets only variables its code reads, and starts what its workspace builds',
    (_name, service) => {
      const known = variablesReadByCode();
      for (const key of Object.keys(service.environment ?? {})) {
        if (RUNTIME_VARIABLES.has(key)) continue;
        expect(known.has(key), `${key} is read by no code`).toBe(true);
      }
      const workspace = workspaceOf(service);
      const command: string[] =
        service.command ??
        JSON.parse(
          /^CMD (\[.*\])$/m.exec(readFileSync(join(root, workspace, 'Dockerfile'), 'utf8'))![1]!,
        );
      const entry = command.find((part) => part.endsWith('.js'))!;
      expect(entry.startsWith(`${workspace}/dist/`), entry).toBe(true);
      const source = join(root, entry.replace('/dist/', '/src/').replace(/\.js$/, '.ts'));
      expect(existsSync(source), `${entry} is built from ${source}`).toBe(true);
    },
  );

  it('keeps the services still being written behind a profile', () => {
    for (const [name, service] of pending) {
      expect(
        service.profiles?.length,
        `${name} has no profile while its code is missing`,
      ).toBeGreaterThan(0);
    }
  });

  it('gates every dependency on health, and gives every service a health check', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, condition] of Object.entries(service.depends_on ?? {})) {
        expect(services[target], `${name} depends on unknown ${target}`).toBeDefined();
        expect((condition as { condition: string }).condition, `${name} -> ${target}`).toBe(
          'service_healthy',
        );
        const dockerfile = services[target].build
          ? readFileSync(join(root, services[target].build.dockerfile), 'utf8')
          : '';
        expect(
          services[target].healthcheck !== undefined || /^HEALTHCHECK /m.test(dockerfile),
          `${target} has no health check`,
        ).toBe(true);
      }
    }
  });

  it('limits memory, rotates logs and keeps data in named volumes', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.deploy?.resources?.limits?.memory, name).toMatch(/^\d+[MG]$/);
      expect(service.logging?.driver, name).toBe('json-file');
      expect(service.logging?.options?.['max-size'], name).toBeDefined();
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(':')[0]!;
        if (source.startsWith('./')) {
          expect(volume, name).toMatch(/:ro$/);
          expect(existsSync(join(root, source)), volume).toBe(true);
        } else {
          expect(compose.volumes, name).toHaveProperty(source);
        }
      }
    }
  });

  it('hardens the services built here (non-root, read-only, no capabilities)', () => {
    for (const [name, service] of ourServices) {
      expect(service.user, name).toBe('10001:10001');
      expect(service.read_only, name).toBe(true);
      expect(service.cap_drop, name).toEqual(['ALL']);
      expect(service.security_opt, name).toContain('no-new-privileges:true');
    }
  });

  it('runs the jobs one-shot under the jobs profile, on the chart’s schedules from the host crontab', () => {
    const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
    const crontab = readFileSync(join(root, 'deploy/compose/crontab'), 'utf8');
    for (const job of ['ingest', 'transform', 'retrain']) {
      expect(services[job].profiles).toContain('jobs');
      expect(services[job].restart).toBe('no');
      const line = crontab
        .split('\n')
        .find((l) => !l.startsWith('#') && l.includes(` run --rm ${job}`));
      expect(line, `no crontab line runs ${job}`).toBeDefined();
      expect(line!.split(/\s+/).slice(0, 5).join(' ')).toBe(values.jobs[job].schedule);
      // Like concurrencyPolicy: Forbid, a run never starts while the previous one is running.
      expect(line).toContain('flock -n');
    }
  });
});
