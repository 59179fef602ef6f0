// The 1-D functions the width experiment fits, the best any one-unit network can do on them (for
// ReLU a floor no trained unit can beat, up to the search's resolution), and the best straight line.

import { activations, type ActivationName } from './activations.ts';

export const targetNames = ['sine', 'step', 'abs'] as const;
export type TargetName = (typeof targetNames)[number];

export const targets: Readonly<Record<TargetName, (x: number) => number>> = {
  sine: Math.sin,
  step: (x) => (x < 0 ? -1 : 1),
  abs: Math.abs,
};

/**
 * Smallest mean squared error of c + a·act(w·(x − k)) against ys over a grid of slopes w and
 * centres k, with a and c solved exactly by least squares. xs must be evenly spaced: centres sit
 * on every 5th point, so act(w·(xᵢ − k)) depends only on the index offset and one table per slope
 * holds every value needed. For ReLU the slope scales out (it folds into a) but the direction
 * matters, so w = ±1; tanh and sigmoid are odd up to a shift, so only positive slopes are searched,
 * from 0.1 to 100 (a steeper unit can do better on the step).
 */
export function oneUnitFloor(xs: readonly number[], ys: readonly number[], activation: ActivationName): number {
  const act = activations[activation].f;
  const slopes = activation === 'relu' ? [1, -1] : Array.from({ length: 31 }, (_, i) => 10 ** (-1 + (3 * i) / 30));
  const n = xs.length;
  const dx = (xs[n - 1]! - xs[0]!) / (n - 1);
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  const syy = ys.reduce((s, y) => s + (y - meanY) ** 2, 0);
  let best = syy / n; // a = 0: the constant fit
  const table = new Float64Array(2 * n - 1); // table[d + n − 1] = act(w·d·dx), d = i − centre index
  for (const w of slopes) {
    for (let d = 1 - n; d < n; d++) table[d + n - 1] = act(w * d * dx);
    for (let c = 0; c < n; c += 5) {
      const h = table.subarray(n - 1 - c, 2 * n - 1 - c); // h[i] = act(w·(xᵢ − x_c))
      let meanH = 0;
      for (let i = 0; i < n; i++) meanH += h[i]!;
      meanH /= n;
      let shh = 0, shy = 0;
      for (let i = 0; i < n; i++) {
        shh += (h[i]! - meanH) ** 2;
        shy += (h[i]! - meanH) * (ys[i]! - meanY);
      }
      if (shh < 1e-12) continue;
      // With a and c at their least-squares values the squared error left is Syy − Shy²/Shh.
      best = Math.min(best, (syy - (shy * shy) / shh) / n);
    }
  }
  return best;
}

/**
 * Smallest mean squared error of a straight line c + a·x against ys: all a network without
 * activations can draw, however wide or deep, since stacked linear layers are one linear layer.
 */
export function lineFloor(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    syy += (ys[i]! - my) ** 2;
  }
  return (syy - (sxy * sxy) / sxx) / n;
}

/** Spearman rank correlation (no ties expected among real-valued errors; ties share ranks). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a), rb = ranks(b);
  const m = (ra.length + 1) / 2;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - m) * (rb[i]! - m);
    da += (ra[i]! - m) ** 2;
    db += (rb[i]! - m) ** 2;
  }
  return da && db ? num / Math.sqrt(da * db) : 0;
}
