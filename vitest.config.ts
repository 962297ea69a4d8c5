import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import shared packages from source, so `npm run build` is never a prerequisite of a test run.
const workspaceAliases = Object.fromEntries(
  readdirSync(`${root}packages`)
    .filter((name) => existsSync(`${root}packages/${name}/src/index.ts`))
    .map((name) => [`@jobmarket/${name}`, `${root}packages/${name}/src/index.ts`]),
);

// graphql ships CJS (main) and ESM (module) builds; Node loads the CJS one for every package, so
// source files must too, or a schema built by @apollo/* is "from another module or realm".
const graphqlCjs = { find: /^graphql$/, replacement: `${root}node_modules/graphql/index.js` };

export default defineConfig({
  resolve: {
    alias: [
      graphqlCjs,
      ...Object.entries(workspaceAliases).map(([find, replacement]) => ({ find, replacement })),
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['{packages,jobs,subgraphs,gateway,scripts}/**/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
