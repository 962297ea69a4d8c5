/**
 * Keeps the server's offers in step with the read model: reads the rows written after the last
 * sequence it applied (in sequence order) and applies them, at start and then every `intervalMs`.
 * Every instance runs its own, so instances that share a PostgreSQL (and split the feed's
 * partitions between them) all index every offer.
 */
import type { ReadinessCheck, Store } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { changesSince, latestSequence } from './offer-store.js';
import type { RecommendationServer } from './serving.js';

export interface IndexSyncOptions {
  store: Store;
  server: RecommendationServer;
  logger: Logger;
  intervalMs?: number;
  pageSize?: number;
  /** Readiness fails while the index is more than this many writes behind the store (default 500). */
  maxBehind?: number;
}

export class IndexSync {
  private applied = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private initialDone = false;
  private stopped = false;

  constructor(private readonly options: IndexSyncOptions) {}

  /** Sequence of the last row applied. */
  get position(): number {
    return this.applied;
  }

  get caughtUpOnce(): boolean {
    return this.initialDone;
  }

  /** Applies everything written so far, then polls. */
  async start(): Promise<void> {
    await this.sync();
    this.initialDone = true;
    if (this.stopped) return;
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'offer index sync failed; retrying'),
      );
    }, this.options.intervalMs ?? 500);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass (a pass already running is joined). */
  sync(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const pageSize = this.options.pageSize ?? 5_000;
    for (;;) {
      const changes = await changesSince(this.options.store, this.applied, pageSize);
      if (changes.last === this.applied) return;
      await this.options.server.applyChanges(changes.upserts, changes.removals);
      this.applied = changes.last;
      if (changes.upserts.length + changes.removals.length < pageSize) return;
    }
  }

  readiness: ReadinessCheck = {
    name: 'offer-index',
    check: async () => {
      if (!this.initialDone) throw new Error('the offers are still being read from the store');
      const latest = await latestSequence(this.options.store);
      const behind = latest - this.applied;
      const max = this.options.maxBehind ?? 500;
      if (behind > max) {
        throw Object.assign(
          new Error(`the offer index is ${behind} writes behind the read model (bound ${max})`),
          {
            detail: { applied: this.applied, latest },
          },
        );
      }
      return { offers: this.options.server.offerCount, applied: this.applied, behind };
    },
  };
}
