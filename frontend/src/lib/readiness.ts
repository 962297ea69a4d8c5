/** The gateway's own readiness (/readyz): which subgraphs it reaches, fetched on the same origin. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
  latencyMs: number | null;
}

export interface Readiness {
  reachable: boolean;
  ready: boolean;
  status: string;
  checks: ReadinessCheck[];
  latencyMs: number;
}

/** Reads the kit's /readyz body: `{ status, service, checks: { name: { ok, ... } | ... } }`. */
export function parseReadiness(body: unknown, httpOk: boolean, latencyMs: number): Readiness {
  const value = (body ?? {}) as { status?: unknown; checks?: unknown };
  const checks: ReadinessCheck[] = [];
  if (value.checks && typeof value.checks === 'object') {
    for (const [name, raw] of Object.entries(value.checks as Record<string, unknown>)) {
      const check = (raw ?? {}) as Record<string, unknown>;
      const ok =
        check.ok === true || check.status === 'ok' || (check.ok === undefined && !check.error);
      const extra = (check.detail ?? {}) as Record<string, unknown>;
      const detail =
        typeof check.error === 'string'
          ? check.error
          : typeof extra.url === 'string'
            ? extra.url
            : typeof check.url === 'string'
              ? check.url
              : '';
      const ms =
        typeof check.latencyMs === 'number'
          ? check.latencyMs
          : typeof check.ms === 'number'
            ? check.ms
            : null;
      checks.push({ name, ok, detail, latencyMs: ms });
    }
  }
  return {
    reachable: true,
    ready: httpOk,
    status: typeof value.status === 'string' ? value.status : httpOk ? 'ready' : 'not ready',
    checks,
    latencyMs,
  };
}

export async function fetchReadiness(): Promise<Readiness> {
  const started = performance.now();
  try {
    const response = await fetch('/readyz', {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
    const latency = performance.now() - started;
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return parseReadiness(body, response.ok, latency);
  } catch {
    return {
      reachable: false,
      ready: false,
      status: 'unreachable',
      checks: [],
      latencyMs: performance.now() - started,
    };
  }
}
