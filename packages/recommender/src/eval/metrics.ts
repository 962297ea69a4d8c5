import { Rng } from '../random.js';

export const METRICS = ['ndcg@10', 'recall@50', 'mrr'] as const;
export type MetricName = (typeof METRICS)[number];

/** Per-query metrics of a ranking (candidate ids best first) against graded gains (> 0 = relevant). */
export function queryMetrics(
  ranking: string[],
  gains: Map<string, number>,
): Record<MetricName, number> {
  let dcg = 0;
  for (let i = 0; i < Math.min(10, ranking.length); i++)
    dcg += (gains.get(ranking[i] as string) ?? 0) / Math.log2(i + 2);
  const ideal = [...gains.values()].sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(10, ideal.length); i++)
    idcg += (ideal[i] as number) / Math.log2(i + 2);
  let hits = 0;
  for (let i = 0; i < Math.min(50, ranking.length); i++)
    if (gains.has(ranking[i] as string)) hits++;
  let rr = 0;
  for (let i = 0; i < ranking.length; i++) {
    if (gains.has(ranking[i] as string)) {
      rr = 1 / (i + 1);
      break;
    }
  }
  return {
    'ndcg@10': idcg > 0 ? dcg / idcg : 0,
    'recall@50': gains.size > 0 ? hits / gains.size : 0,
    mrr: rr,
  };
}

export interface Estimate {
  mean: number;
  ci: [number, number];
}

function percentile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** Mean with a percentile bootstrap 95 % CI over queries (seeded resampling). */
export function bootstrap(values: number[], resamples = 1000, seed = 7): Estimate {
  const n = values.length;
  if (n === 0) return { mean: 0, ci: [0, 0] };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const rng = new Rng(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += values[rng.int(n)] as number;
    means[r] = acc / n;
  }
  means.sort();
  return { mean, ci: [percentile(means, 0.025), percentile(means, 0.975)] };
}

/** Paired bootstrap of a difference (a − b) over the same queries: same resamples for both. */
export function pairedBootstrap(a: number[], b: number[], resamples = 1000, seed = 7): Estimate {
  return bootstrap(
    a.map((x, i) => x - (b[i] as number)),
    resamples,
    seed,
  );
}
