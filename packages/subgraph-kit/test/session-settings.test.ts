import { describe, expect, it } from 'vitest';
import { requireInfrastructure } from '@jobmarket/testing';
import {
  createScratchDatabase,
  openStore,
  sessionSettingPairs,
  testDatabaseUrl,
} from '../src/index.js';

describe('store session settings', () => {
  it.each(['pglite', 'postgres'] as const)('apply to every session on %s', async (engine) => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
    if (engine === 'postgres') {
      await requireInfrastructure('postgres');
      scratch = await createScratchDatabase(testDatabaseUrl()!, 'settings_test');
    }
    const store = await openStore({
      subgraph: 'settings',
      databaseUrl: scratch?.url,
      dataDir: 'memory://',
      extensions: [],
      poolSize: 3,
      sessionSettings: { random_page_cost: 1.1, jit: 'off' },
    });
    try {
      // Several connections at once: each pooled connection starts with the settings.
      const shown = await Promise.all(
        Array.from({ length: 3 }, () =>
          store.query<{ rpc: string; jit: string }>(
            "select current_setting('random_page_cost') as rpc, current_setting('jit') as jit, pg_sleep(0.05)",
          ),
        ),
      );
      for (const { rows } of shown) expect(rows[0]).toMatchObject({ rpc: '1.1', jit: 'off' });
    } finally {
      await store.close();
      await scratch?.drop();
    }
  });

  it('refuses names and values that are not plain words', () => {
    expect(() => sessionSettingPairs({ 'work_mem; drop': '4MB' })).toThrow(
      /invalid session setting/,
    );
    expect(() => sessionSettingPairs({ work_mem: "4MB' -c x=y" })).toThrow(
      /invalid session setting/,
    );
    expect(sessionSettingPairs({ work_mem: '4MB', jit: false })).toEqual([
      ['work_mem', '4MB'],
      ['jit', 'false'],
    ]);
  });
});
