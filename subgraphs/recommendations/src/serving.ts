/**
 * The model in service and the index it scores.
 *
 * - `views` holds every active offer (the read model's documents as OfferViews): the source from
 *   which any model's index is built.
 * - `served` is the model in service with its own index of those offers. Requests take the
 *   reference they find, count themselves in, and keep it to the end, whatever happens meanwhile.
 * - A new model is loaded (checksum, graph, onnxruntime session, probe — loadModel), then gets a
 *   complete index of its own (every view re-embedded in batches, the event loop free between
 *   batches so the old model keeps answering), then the offers that changed during the build are
 *   replayed onto it, and only then — synchronously, with nothing left to replay — the reference
 *   is swapped. The old model is closed once its last request finished. An artifact that does not
 *   load is refused with a log line and the old model keeps serving.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import {
  loadModel,
  ModelArtifactError,
  type CandidateProfile,
  type LoadModelOptions,
  type OfferView,
  type Recommendation,
  type Recommender,
} from '@jobmarket/recommender';
import type { FetchedArtifact } from '@jobmarket/model-registry';
import type { ServiceMetrics } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';

/** What the subgraph knows of the model in service (modelInfo, /metrics, logs). */
export interface ServedModelInfo {
  name: string;
  version: string;
  runId: string | null;
  artifactUri: string;
  trainedAt: string | null;
  metrics: Record<string, number>;
  servingSince: Date;
}

interface Served {
  recommender: Recommender;
  info: ServedModelInfo;
  inFlight: number;
  retired: boolean;
}

export type SwapResult =
  | { status: 'swapped'; version: string; offers: number; seconds: number; offersPerSecond: number }
  | { status: 'unchanged'; version: string }
  | { status: 'refused'; version: string; problem: string; reason: string };

export interface ServerOptions {
  logger: Logger;
  metrics?: ServiceMetrics;
  /** Passed to loadModel (threads, backend). */
  loadOptions?: LoadModelOptions;
  /** Offers embedded per batch while building an index (default 2048). */
  batchSize?: number;
}

export class NoModelError extends Error {
  constructor() {
    super('no recommendation model is loaded yet');
    this.name = 'NoModelError';
  }
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RecommendationServer {
  private readonly views = new Map<string, OfferView>();
  private served: Served | null = null;
  /** Ids changed while a new index is being built (null when no build runs). */
  private changedDuringBuild: Set<string> | null = null;
  private swapChain: Promise<unknown> = Promise.resolve();
  private readonly logger: Logger;
  private readonly batchSize: number;
  private lastSwap: { offersPerSecond: number; seconds: number } | null = null;
  private readonly gauges: {
    info: Gauge<'model' | 'version' | 'trained_at'>;
    offers: Gauge;
    views: Gauge;
    swaps: Counter<'result'>;
    reembed: Gauge;
    scoring: Histogram<'kind'>;
  } | null;

  constructor(private readonly options: ServerOptions) {
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 2048;
    const registers = options.metrics ? [options.metrics.registry] : [];
    this.gauges = options.metrics
      ? {
          info: new Gauge({
            name: 'recommendation_model_info',
            help: 'The model in service (value 1), by name, registered version and training date.',
            labelNames: ['model', 'version', 'trained_at'] as const,
            registers,
          }),
          offers: new Gauge({
            name: 'recommendation_index_offers',
            help: 'Active offers in the index of the model in service.',
            registers,
          }),
          views: new Gauge({
            name: 'recommendation_read_model_offers',
            help: 'Active offers in the read model (what any new index is built from).',
            registers,
          }),
          swaps: new Counter({
            name: 'recommendation_model_swaps_total',
            help: 'Model loads by result: swapped, unchanged, refused (artifact rejected), failed.',
            labelNames: ['result'] as const,
            registers,
          }),
          reembed: new Gauge({
            name: 'recommendation_reembed_offers_per_second',
            help: 'Offers embedded per second while building the index of the last model loaded.',
            registers,
          }),
          scoring: new Histogram({
            name: 'recommendation_scoring_seconds',
            help: 'Time to score and explain one request, by kind (profile, similar).',
            labelNames: ['kind'] as const,
            buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
            registers,
          }),
        }
      : null;
  }

  /** The model in service, or null. */
  info(): (ServedModelInfo & { offers: number }) | null {
    const s = this.served;
    return s ? { ...s.info, offers: s.recommender.offerCount } : null;
  }

  get offerCount(): number {
    return this.views.size;
  }

  get lastSwapStats() {
    return this.lastSwap;
  }

  hasOffer(id: string): boolean {
    return this.views.has(id);
  }

  /**
   * Applies read-model changes: upserts (new or changed active offers) and removals (closed).
   * Called by one loop at a time (the store sync).
   */
  async applyChanges(upserts: OfferView[], removals: string[]): Promise<void> {
    for (const view of upserts) this.views.set(view.id, view);
    for (const id of removals) this.views.delete(id);
    if (this.changedDuringBuild) {
      for (const view of upserts) this.changedDuringBuild.add(view.id);
      for (const id of removals) this.changedDuringBuild.add(id);
    }
    this.gauges?.views.set(this.views.size);
    const served = this.served;
    if (!served) return;
    served.inFlight += 1;
    try {
      if (removals.length > 0) served.recommender.removeOffers(removals);
      for (let start = 0; start < upserts.length; start += this.batchSize) {
        await served.recommender.indexOffers(upserts.slice(start, start + this.batchSize));
      }
    } finally {
      this.release(served);
    }
    this.gauges?.offers.set(served.recommender.offerCount);
  }

  /**
   * Loads an artifact and, if it loads, builds its index and swaps it in. Swaps run one at a time;
   * a version already in service is left alone.
   */
  swapTo(
    info: Omit<ServedModelInfo, 'servingSince'>,
    fetch: () => Promise<FetchedArtifact>,
  ): Promise<SwapResult> {
    const next = this.swapChain.then(() => this.doSwap(info, fetch));
    this.swapChain = next.catch(() => undefined);
    return next;
  }

  private async doSwap(
    info: Omit<ServedModelInfo, 'servingSince'>,
    fetch: () => Promise<FetchedArtifact>,
  ): Promise<SwapResult> {
    const current = this.served;
    if (current && current.info.name === info.name && current.info.version === info.version) {
      this.gauges?.swaps.inc({ result: 'unchanged' });
      return { status: 'unchanged', version: info.version };
    }
    const log = this.logger.child({
      model: info.name,
      version: info.version,
      artifactUri: info.artifactUri,
    });
    let recommender: Recommender;
    try {
      const artifact = await fetch();
      recommender = await loadModel(
        artifact.onnxBytes,
        artifact.metadataText,
        this.options.loadOptions ?? {},
      );
    } catch (error) {
      if (error instanceof ModelArtifactError) {
        this.gauges?.swaps.inc({ result: 'refused' });
        log.error(
          { problem: error.problem, reason: error.message, serving: current?.info.version ?? null },
          `model ${info.name} version ${info.version} refused: ${error.message}; ${current ? `version ${current.info.version} keeps serving` : 'no model is serving'}`,
        );
        return {
          status: 'refused',
          version: info.version,
          problem: error.problem,
          reason: error.message,
        };
      }
      this.gauges?.swaps.inc({ result: 'failed' });
      throw error;
    }

    // A complete index for the new model, built while the old one serves.
    const started = performance.now();
    this.changedDuringBuild = new Set();
    try {
      const snapshot = [...this.views.values()];
      for (let start = 0; start < snapshot.length; start += this.batchSize) {
        const batch = snapshot.slice(start, start + this.batchSize);
        await recommender.indexOffers(batch);
        await yieldToRequests();
      }
      // Offers that changed during the build, until none is left: then swap at once.
      for (;;) {
        const changed: Set<string> = this.changedDuringBuild;
        if (changed.size === 0) break;
        this.changedDuringBuild = new Set();
        const upserts: OfferView[] = [];
        const removals: string[] = [];
        for (const id of changed) {
          const view = this.views.get(id);
          if (view) upserts.push(view);
          else removals.push(id);
        }
        recommender.removeOffers(removals);
        if (upserts.length > 0) await recommender.indexOffers(upserts);
      }
    } catch (error) {
      this.changedDuringBuild = null;
      await recommender.close().catch(() => undefined);
      this.gauges?.swaps.inc({ result: 'failed' });
      throw error;
    }
    this.changedDuringBuild = null;
    const seconds = (performance.now() - started) / 1000;
    const previous = this.served;
    this.served = {
      recommender,
      info: { ...info, servingSince: new Date() },
      inFlight: 0,
      retired: false,
    };
    if (previous) {
      previous.retired = true;
      this.gauges?.info.remove({
        model: previous.info.name,
        version: previous.info.version,
        trained_at: previous.info.trainedAt ?? '',
      });
      if (previous.inFlight === 0) void previous.recommender.close().catch(() => undefined);
    }
    const offers = recommender.offerCount;
    const offersPerSecond = seconds > 0 ? offers / seconds : offers;
    this.lastSwap = { offersPerSecond, seconds };
    this.gauges?.swaps.inc({ result: 'swapped' });
    this.gauges?.info.set(
      { model: info.name, version: info.version, trained_at: info.trainedAt ?? '' },
      1,
    );
    this.gauges?.offers.set(offers);
    this.gauges?.reembed.set(offersPerSecond);
    log.info(
      {
        offers,
        seconds: Number(seconds.toFixed(2)),
        offersPerSecond: Math.round(offersPerSecond),
        previous: previous?.info.version ?? null,
      },
      `model ${info.name} version ${info.version} in service (${offers} offers indexed in ${seconds.toFixed(1)} s)`,
    );
    return { status: 'swapped', version: info.version, offers, seconds, offersPerSecond };
  }

  private acquire(): Served {
    const served = this.served;
    if (!served) throw new NoModelError();
    served.inFlight += 1;
    return served;
  }

  private release(served: Served): void {
    served.inFlight -= 1;
    if (served.retired && served.inFlight === 0)
      void served.recommender.close().catch(() => undefined);
  }

  /** The best `first` offers for a profile (never the excluded ones), scored and explained. */
  async recommend(
    profile: CandidateProfile,
    options: { first: number; excludeIds?: Iterable<string> },
  ): Promise<{ recommendations: Recommendation[]; version: string }> {
    const served = this.acquire();
    const end = this.gauges?.scoring.startTimer({ kind: 'profile' });
    try {
      const recommendations = await served.recommender.scoreProfile(profile, {
        first: options.first,
        excludeIds: options.excludeIds ?? [],
      });
      return { recommendations, version: served.info.version };
    } finally {
      end?.();
      this.release(served);
    }
  }

  /** Offers like an indexed offer (empty when the offer is not active). */
  async similar(offerId: string, first: number): Promise<Recommendation[]> {
    if (!this.views.has(offerId)) return [];
    const served = this.acquire();
    const end = this.gauges?.scoring.startTimer({ kind: 'similar' });
    try {
      return await served.recommender.similarOffers(offerId, first);
    } finally {
      end?.();
      this.release(served);
    }
  }

  /** Stops serving: closes the model (after its requests). */
  async close(): Promise<void> {
    await this.swapChain;
    const served = this.served;
    this.served = null;
    if (served) {
      served.retired = true;
      if (served.inFlight === 0) await served.recommender.close().catch(() => undefined);
    }
  }
}
