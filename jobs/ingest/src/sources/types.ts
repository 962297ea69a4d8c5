import type { Logger } from '@jobmarket/telemetry';
import type { IngestState, ReferentialRow } from '@jobmarket/warehouse';
import type { OfferSourceName } from '../payload.js';

/** One raw offer as received, before identification. */
export interface RawItem {
  readonly source: OfferSourceName;
  readonly raw: unknown;
}

export interface Checkpoint {
  /** Everything created before this instant is now fetched completely. */
  readonly watermark?: Date | null;
  /** The source client's quota counters, saved with the batch. */
  readonly quota?: Record<string, unknown> | null;
}

/** A batch the runner lands in one transaction, together with its checkpoint. */
export interface SourceBatch {
  readonly items: readonly RawItem[];
  readonly checkpoint?: Checkpoint;
}

export interface SourceStats {
  /** Offers the source says exist in the window, when it knows (for the ETA). */
  expected: number | undefined;
  requests: number;
  retries: number;
  /** Offers known to exist but not fetched (a partition still over the API cap, failed pages, quota). */
  unfetched: number;
  /** Why the run is partial, if it is. */
  notes: string[];
}

export interface ReferentialItem {
  readonly code: string;
  readonly label: string | null;
  readonly payload: unknown;
}

export interface ReferentialStore {
  /**
   * The rows of referential `name` of `source`: from bronze.raw_referentials when landed less
   * than `maxAgeMs` ago, else fetched with `fetch` and landed (not landed on a dry run).
   */
  get(
    source: string,
    name: string,
    fetch: () => Promise<readonly ReferentialItem[]>,
    maxAgeMs?: number,
  ): Promise<readonly ReferentialItem[]>;
  /** Lands rows as they are (replay: the ROME CSV files). */
  land(rows: readonly ReferentialRow[]): Promise<number>;
}

export interface SourceContext {
  readonly runId: string;
  readonly since: Date | undefined;
  readonly until: Date | undefined;
  readonly state: IngestState | undefined;
  readonly logger: Logger;
  readonly dryRun: boolean;
  readonly referentials: ReferentialStore;
  readonly stats: SourceStats;
  /** Persists quota counters at once (before a request is sent, so a crash never under-counts). */
  saveQuota(quota: Record<string, unknown>): Promise<void>;
}

export interface OfferSource {
  /** As shown in the summary and in bronze.ingest_runs: francetravail, adzuna or replay. */
  readonly name: string;
  /** Key of bronze.ingest_state (replay keeps its own so it never moves the live watermarks). */
  readonly stateKey: string;
  /** The creation-date window this run covers, for the run record and logs. */
  window(context: Pick<SourceContext, 'since' | 'until' | 'state'>): {
    start: Date | null;
    end: Date | null;
  };
  fetch(context: SourceContext): AsyncIterable<SourceBatch>;
}

/** Raised when a source cannot run at all for lack of configuration (it is skipped, not failed). */
export class SourceNotConfiguredError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceNotConfiguredError';
  }
}
