import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
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
          include: ['{packages,jobs,subgraphs,gateway,scripts,deploy}/**/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The web app's logic and components (frontend/test/unit), in a simulated DOM.
        extends: true,
        plugins: [vue()],
        define: { 'import.meta.env.VITE_GRAPH_ASSUME_PLANNED': '"0"' },
        test: {
          name: 'frontend',
          include: ['frontend/test/unit/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        // The web app in Debian's Chromium against a running platform (frontend/test/browser).
        extends: true,
        test: {
          name: 'browser',
          include: ['frontend/test/browser/**/*.browser.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
