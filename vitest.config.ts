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

export default defineConfig({
  resolve: { alias: workspaceAliases },
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
