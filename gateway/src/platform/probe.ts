/**
 * What `platformHealth` reports: the gateway itself, each subgraph's /readyz (status, latency,
 * failing checks) and the read-model consumers' lag the subgraphs report there. Answers are
 * cached for a couple of seconds, so a burst of health queries does not fan out to every subgraph.
 */

export interface ServiceHealthValue {
  name: string;
  /** `up` (ready), `degraded` (answers but not ready), `down` (unreachable). */
  status: 'up' | 'degraded' | 'down';
  url: string | null;
  latencyMs: number | null;
  message: string | null;
}

export interface ConsumerLagValue {
  service: string;
  group: string;
  topic: string;
  lag: number;
}

export interface JobRunValue {
  job: string;
  runId: string | null;
  status: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  summary: string | null;
}

export interface PlatformHealthValue {
  gateway: ServiceHealthValue;
  subgraphs: ServiceHealthValue[];
  consumers: ConsumerLagValue[];
  lastRuns: JobRunValue[];
}

interface ReadyAnswer {
  status?: string;
  checks?: Record<string, { ok?: boolean; error?: string; detail?: Record<string, unknown> }>;
}

export interface PlatformProbeOptions {
  subgraphs: readonly { name: string; url: string }[];
  /** Show subgraph URLs (internal addresses) in answers; development only. */
  showUrls?: boolean;
  timeoutMs?: number;
  cacheMs?: number;
}

export class PlatformProbe {
  private readonly startedAt = Date.now();
  private cached: { at: number; value: Promise<PlatformHealthValue> } | undefined;

  constructor(private readonly options: PlatformProbeOptions) {}

  health(): Promise<PlatformHealthValue> {
    const cacheMs = this.options.cacheMs ?? 2_000;
    if (!this.cached || Date.now() - this.cached.at > cacheMs) {
      this.cached = { at: Date.now(), value: this.measure() };
    }
    return this.cached.value;
  }

  private async measure(): Promise<PlatformHealthValue> {
    const probes = await Promise.all(
      this.options.subgraphs.map((subgraph) => this.probe(subgraph)),
    );
    return {
      gateway: {
        name: 'gateway',
        status: 'up',
        url: null,
        latencyMs: 0,
        message: `up for ${Math.round((Date.now() - this.startedAt) / 1000)} s`,
      },
      subgraphs: probes.map((probe) => probe.health),
      consumers: probes.flatMap((probe) => probe.consumers),
      lastRuns: [],
    };
  }

  private async probe({ name, url }: { name: string; url: string }) {
    const readyz = new URL('/readyz', url);
    const shownUrl = this.options.showUrls ? readyz.origin : null;
    const started = performance.now();
    try {
      const response = await fetch(readyz, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 1_500),
      });
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const answer = (await response.json().catch(() => ({}))) as ReadyAnswer;
      const checks = Object.entries(answer.checks ?? {});
      const failing = checks
        .filter(([, check]) => !check.ok)
        .map(([check, { error }]) => `${check}: ${error ?? 'failing'}`);
      const consumers = checks
        .map(([, check]) => check.detail)
        .filter((detail): detail is Record<string, unknown> => typeof detail?.lag === 'number')
        .map((detail) => ({
          service: `subgraph-${name}`,
          group: typeof detail.group === 'string' ? detail.group : `subgraph-${name}`,
          topic: typeof detail.topic === 'string' ? detail.topic : 'jobmarket.offers.curated.v1',
          lag: detail.lag as number,
        }));
      return {
        health: {
          name,
          status: response.ok ? ('up' as const) : ('degraded' as const),
          url: shownUrl,
          latencyMs,
          message: failing.length ? failing.join('; ') : null,
        },
        consumers,
      };
    } catch (error) {
      return {
        health: {
          name,
          status: 'down' as const,
          url: shownUrl,
          latencyMs: null,
          message:
            error instanceof Error && error.name === 'TimeoutError'
              ? 'no answer in time'
              : 'unreachable',
        },
        consumers: [],
      };
    }
  }
}
