/**
 * The learned ranker: a linear model over the ranking features, fitted by L2-regularised pairwise
 * logistic regression (RankNet with a linear scorer) with Newton's method, which is exact and
 * deterministic for a handful of features. The bias is then fitted pointwise (relevant vs not) so
 * sigmoid(w·x + b) reads as a match probability; it does not change the order.
 */
export interface PairSet {
  /** Feature rows, row-major, `dim` columns. */
  features: Float64Array;
  dim: number;
  /** (better, worse, weight) triples of row indices. */
  pairs: Array<[number, number, number]>;
  /** Pointwise label of each row (1 relevant, 0 not) for the bias. */
  labels: Uint8Array;
}

function solve(matrix: Float64Array, vector: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r * n + col] as number) > Math.abs(a[pivot * n + col] as number)) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k] as number;
        a[col * n + k] = a[pivot * n + k] as number;
        a[pivot * n + k] = t;
      }
      const t = b[col] as number;
      b[col] = b[pivot] as number;
      b[pivot] = t;
    }
    const d = a[col * n + col] as number;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const f = (a[r * n + col] as number) / d;
      if (f === 0) continue;
      for (let k = col; k < n; k++)
        a[r * n + k] = (a[r * n + k] as number) - f * (a[col * n + k] as number);
      b[r] = (b[r] as number) - f * (b[col] as number);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let acc = b[r] as number;
    for (let k = r + 1; k < n; k++) acc -= (a[r * n + k] as number) * (x[k] as number);
    const d = a[r * n + r] as number;
    x[r] = Math.abs(d) < 1e-12 ? 0 : acc / d;
  }
  return x;
}

export interface RankerFit {
  weights: Float64Array;
  bias: number;
  loss: number;
  iterations: number;
}

export function fitPairwiseRanker(
  set: PairSet,
  options: {
    l2: number;
    iterations?: number;
    onIteration?: (iteration: number, loss: number) => void;
  },
): RankerFit {
  const d = set.dim;
  const w = new Float64Array(d);
  const diff = new Float64Array(d);
  const totalWeight = set.pairs.reduce((acc, p) => acc + p[2], 0) || 1;
  let loss = 0;
  let iteration = 0;
  const maxIterations = options.iterations ?? 25;
  for (; iteration < maxIterations; iteration++) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    loss = 0;
    for (const [i, j, weight] of set.pairs) {
      let margin = 0;
      for (let k = 0; k < d; k++) {
        diff[k] = (set.features[i * d + k] as number) - (set.features[j * d + k] as number);
        margin += (w[k] as number) * (diff[k] as number);
      }
      const p = 1 / (1 + Math.exp(-margin));
      loss += weight * (margin > 30 ? Math.exp(-margin) : Math.log1p(Math.exp(-margin)));
      const g = weight * (p - 1);
      const h = weight * p * (1 - p);
      for (let k = 0; k < d; k++) {
        grad[k] = (grad[k] as number) + g * (diff[k] as number);
        if (h === 0) continue;
        for (let l = 0; l <= k; l++)
          hess[k * d + l] =
            (hess[k * d + l] as number) + h * (diff[k] as number) * (diff[l] as number);
      }
    }
    loss /= totalWeight;
    for (let k = 0; k < d; k++) {
      grad[k] = (grad[k] as number) / totalWeight + options.l2 * (w[k] as number);
      for (let l = 0; l <= k; l++) {
        const v = (hess[k * d + l] as number) / totalWeight + (k === l ? options.l2 : 0);
        hess[k * d + l] = v;
        hess[l * d + k] = v;
      }
    }
    let wnorm = 0;
    for (let k = 0; k < d; k++) wnorm += (w[k] as number) ** 2;
    loss += 0.5 * options.l2 * wnorm;
    options.onIteration?.(iteration + 1, loss);
    const step = solve(hess, grad, d);
    let change = 0;
    for (let k = 0; k < d; k++) {
      w[k] = (w[k] as number) - (step[k] as number);
      change = Math.max(change, Math.abs(step[k] as number));
    }
    if (change < 1e-7) {
      iteration++;
      break;
    }
  }
  // Pointwise bias: 1-D Newton on the logistic loss of (w·x + b) against the labels.
  const n = set.labels.length;
  const base = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let acc = 0;
    for (let k = 0; k < d; k++) acc += (w[k] as number) * (set.features[r * d + k] as number);
    base[r] = acc;
  }
  let bias = 0;
  for (let it = 0; it < 30; it++) {
    let g = 0;
    let h = 1e-9;
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-((base[r] as number) + bias)));
      g += p - (set.labels[r] as number);
      h += p * (1 - p);
    }
    // Damped: when every prediction saturates, h is ~0 and a raw Newton step runs off to
    // ±1e13; the loss is convex, so clamped steps still converge.
    const step = Math.max(-4, Math.min(4, g / h));
    bias -= step;
    if (Math.abs(step) < 1e-9) break;
  }
  return { weights: w, bias, loss, iterations: iteration };
}
