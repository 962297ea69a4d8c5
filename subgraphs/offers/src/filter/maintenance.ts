import type { Store } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';

/**
 * Planner settings of every session of both read models (pass them as the store's
 * `sessionSettings`): the data is cached or on SSD, so random reads cost little more than
 * sequential ones — with the default 4, PGlite scans every row and decompresses every tsvector
 * instead of using the GIN index (680 ms instead of 18 ms at 100 k offers) — and no JIT, whose
 * compilation costs more than these short queries (PostgreSQL turns it on for the larger facet
 * and skill-demand plans).
 */
export const PLANNER_SETTINGS = {
  random_page_cost: 1.1,
  jit: 'off',
  // Many short concurrent requests: parallel workers only add start-up cost and contention.
  max_parallel_workers_per_gather: 0,
} as const;

/**
 * PGlite has no autovacuum daemon, so a PGlite read model would never be analysed (the planner
 * would then guess row counts and pick bad plans) nor vacuumed. `startReadModelMaintenance` runs
 * `vacuum analyze` on PGlite once enough changes were applied; PostgreSQL's autovacuum does it
 * there.
 */

export interface MaintenanceOptions {
  logger?: Logger;
  /** How often to check (60 s); 0: never by itself (call run()). */
  intervalMs?: number;
  /** Changes since the last run that trigger one (1 000)... */
  minChanges?: number;
  /** ...or any change once this much time passed since the last run (15 min). */
  maxDelayMs?: number;
}

export interface ReadModelMaintenance {
  /** Counts applied changes (upserts, deletes). */
  changed(count?: number): void;
  /** Vacuums and analyses now (PGlite), whatever the counts. */
  run(): Promise<void>;
  stop(): void;
}

export function startReadModelMaintenance(
  store: Store,
  {
    logger,
    intervalMs = 60_000,
    minChanges = 1_000,
    maxDelayMs = 15 * 60_000,
  }: MaintenanceOptions = {},
): ReadModelMaintenance {
  let changes = 0;
  let lastRun = Date.now();
  let running: Promise<void> | null = null;
  const run = async () => {
    if (store.engine !== 'pglite') return;
    const pending = changes;
    const started = Date.now();
    await store.exec('vacuum analyze');
    changes -= pending;
    lastRun = Date.now();
    logger?.info(
      { changes: pending, durationMs: lastRun - started },
      'read model vacuumed and analysed',
    );
  };
  const timer =
    intervalMs > 0 && store.engine === 'pglite'
      ? setInterval(() => {
          const due = changes >= minChanges || (changes > 0 && Date.now() - lastRun >= maxDelayMs);
          if (!due || running) return;
          running = run()
            .catch((error: unknown) =>
              logger?.warn({ err: error }, 'read model maintenance failed'),
            )
            .finally(() => {
              running = null;
            });
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    changed(count = 1) {
      changes += count;
    },
    run,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
