/**
 * docs/deploy.md keeps up with the checks: every checkov finding we accept (skip-check in
 * deploy/checks/checkov.yaml, or an inline skip in a Dockerfile) is listed there with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployables, root } from './helpers.js';

const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
const section = doc.slice(doc.indexOf('### Security scan (checkov)'));

describe('docs/deploy.md', () => {
  it('lists every accepted checkov finding with its disposition', () => {
    const config = parse(readFileSync(join(root, 'deploy/checks/checkov.yaml'), 'utf8'));
    const inline = deployables().flatMap(({ path }) =>
      [
        ...readFileSync(join(root, path, 'Dockerfile'), 'utf8').matchAll(/checkov:skip=(CKV\w+)/g),
      ].map((m) => m[1]!),
    );
    const ids = new Set<string>([...config['skip-check'], ...inline]);
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${id}\``));
      expect(row, `${id} is not in the security scan table`).toBeDefined();
      expect(row!, id).toMatch(/\*\*accepted[^*]*\*\*: \S+/);
    }
  });

  it('documents the three ways and the resource needs', () => {
    for (const heading of [
      '## 1. docker compose',
      '## 2. skaffold on kind',
      '## 3. helm on any cluster',
      '## Resource needs',
      '## Upgrade notes',
    ]) {
      expect(doc).toContain(heading);
    }
  });
});
