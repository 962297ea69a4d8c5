// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/codegen.mjs', import.meta.url));

describe('typed client', () => {
  it('every operation of the app is valid against the committed supergraph (plus the planned parts)', () => {
    // Fails when a subgraph renames or removes a field the app uses: run `npm run codegen` and adjust src/graphql/.
    const out = execFileSync(process.execPath, [script, '--verify'], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!).verified).toBeGreaterThan(20);
  });
});
