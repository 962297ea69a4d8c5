/**
 * skaffold.yaml and k8s/ against the Dockerfiles and the chart (skaffold itself cannot run
 * here): every image is built from its Dockerfile and handed to the chart key that uses it, in
 * the default build and in each profile; the kind values render.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartDir, deployables, renderOrThrow, root } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const skaffold: any = parse(readFileSync(join(root, 'skaffold.yaml'), 'utf8'));
const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));

/** Chart key of the component whose image an artifact builds (gateway, subgraphs.users, ...). */
function chartKey(dockerfile: string): string {
  const [top, name] = dockerfile.split('/');
  if (top === 'gateway') return 'gateway';
  if (top === 'subgraphs') return `subgraphs.${name}`;
  if (top === 'jobs') return `jobs.${name}`;
  if (dockerfile === 'deploy/mlflow/Dockerfile') return 'mlflow';
  throw new Error(`no chart component for ${dockerfile}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function checkRelease(artifacts: any[], release: any) {
  for (const artifact of artifacts) {
    const dockerfile = artifact.docker.dockerfile as string;
    expect(existsSync(join(root, dockerfile)), dockerfile).toBe(true);
    expect(artifact.context).toBe('.');
    const key = chartKey(dockerfile);
    const variable = artifact.image.replace(/[^A-Za-z0-9]/g, '_');
    expect(release.setValueTemplates[`${key}.image.repository`], key).toBe(
      `{{.IMAGE_REPO_${variable}}}`,
    );
    expect(release.setValueTemplates[`${key}.image.tag`], key).toBe(`{{.IMAGE_TAG_${variable}}}`);
    const component = key
      .split('.')
      .reduce(
        (node: Record<string, unknown>, part) => node[part] as Record<string, unknown>,
        values,
      );
    expect((component.image as { repository: string }).repository, key).toBe(artifact.image);
  }
  for (const file of release.valuesFiles) expect(existsSync(join(root, file)), file).toBe(true);
  expect(release.chartPath).toBe('charts/jobmarket');
}

describe('skaffold.yaml', () => {
  it('builds every deployable and MLflow, and passes each image to the chart', () => {
    const built = skaffold.build.artifacts.map(
      (a: { docker: { dockerfile: string } }) => a.docker.dockerfile,
    );
    const recommendations = skaffold.profiles.find(
      (p: { name: string }) => p.name === 'recommendations',
    );
    const patched = recommendations.patches
      .filter((p: { path: string }) => p.path === '/build/artifacts/-')
      .map((p: { value: { docker: { dockerfile: string } } }) => p.value.docker.dockerfile);
    for (const { path } of deployables()) {
      expect([...built, ...patched], path).toContain(`${path}/Dockerfile`);
    }
    expect(built).toContain('deploy/mlflow/Dockerfile');
    checkRelease(skaffold.build.artifacts, skaffold.deploy.helm.releases[0]);
  });

  it('minimal profile: the graph only, on the minimal example', () => {
    const minimal = skaffold.profiles.find((p: { name: string }) => p.name === 'minimal');
    const release = minimal.deploy.helm.releases[0];
    expect(release.valuesFiles).toContain('charts/jobmarket/examples/minimal.yaml');
    checkRelease(minimal.build.artifacts, release);
    expect(minimal.build.artifacts.map((a: { image: string }) => a.image).sort()).toEqual([
      'gateway',
      'subgraph-offers',
      'subgraph-skills',
      'subgraph-users',
    ]);
  });

  it('dev profile: port-forwards the gateway and MLflow', () => {
    const dev = skaffold.profiles.find((p: { name: string }) => p.name === 'dev');
    expect(
      dev.portForward.map((p: { resourceName: string; localPort: number }) => [
        p.resourceName,
        p.localPort,
      ]),
    ).toEqual([
      ['jobmarket-gateway', 4000],
      ['jobmarket-mlflow', 5000],
    ]);
    const services = renderOrThrow({ valuesFile: 'k8s/values-kind.yaml' })
      .filter((m) => m.kind === 'Service')
      .map((m) => m.metadata.name);
    for (const forward of dev.portForward) expect(services).toContain(forward.resourceName);
  });
});

describe('k8s/', () => {
  it('kind cluster: ingress-ready node with 80 and 443 mapped', () => {
    const kind = parse(readFileSync(join(root, 'k8s/kind-cluster.yaml'), 'utf8'));
    const node = kind.nodes[0];
    expect(node.kubeadmConfigPatches[0]).toContain('ingress-ready=true');
    expect(node.extraPortMappings.map((m: { containerPort: number }) => m.containerPort)).toEqual([
      80, 443,
    ]);
    expect(node.image).toMatch(/^kindest\/node:v1\.\d+\.\d+$/);
  });

  it('namespace enforces the restricted Pod Security Standard the chart meets', () => {
    const namespace = parse(readFileSync(join(root, 'k8s/namespace.yaml'), 'utf8'));
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(skaffold.deploy.helm.releases[0].namespace).toBe(namespace.metadata.name);
  });
});
