// The playground's 2-D datasets, drawn from their own seeded generator (not the engine's RNG, so the
// points of a seed never depend on how much training ran), the train/test split and the feature map.
// Points live in the square [−1, 1]²; labels are class indices (0, 1, … as floats) or, for the
// regression sets, the target value in [−1, 1].

import type { DatasetName, FeatureName } from './settings.ts';

export interface Points {
  /** x₁, x₂ interleaved: point i is (xy[2i], xy[2i+1]). */
  xy: Float32Array;
  /** A class index, or the regression target. */
  labels: Float32Array;
}

export interface Split {
  train: Points;
  test: Points;
}

/** The view: the data square plus a margin for points that noise pushed out. */
export const EXTENT = 1.2;

/** mulberry32: a small, fast 32-bit generator; good enough to scatter points. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller; 1 − u keeps the log finite). */
export const normal = (u: () => number): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

type Draw = (u: () => number, i: number) => [number, number, number];

/** The two regression surfaces: a tilted plane, and two bumps up and two down at (±0.5, ±0.5). */
export const planeTarget = (x: number, y: number): number => (x + y) / 2;
export function bumpsTarget(x: number, y: number): number {
  let t = 0;
  for (const [cx, cy, sign] of [[0.5, 0.5, 1], [-0.5, -0.5, 1], [-0.5, 0.5, -1], [0.5, -0.5, -1]] as const) {
    t += sign * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 0.25 ** 2));
  }
  return t;
}

const draws: Record<Exclude<DatasetName, 'custom'>, Draw> = {
  // Label 1 inside radius 0.5, label 0 on the ring 0.7–1.0 (a gap the boundary can sit in).
  circles: (u, i) => {
    const inner = i % 2 === 0;
    const r = inner ? 0.5 * u() : 0.7 + 0.3 * u();
    const a = 2 * Math.PI * u();
    return [r * Math.cos(a), r * Math.sin(a), inner ? 1 : 0];
  },
  // Label 1 where x₁ and x₂ share a sign; points kept 0.05 off the axes, as TensorFlow Playground does.
  xor: (u) => {
    const pad = (v: number) => (v > 0 ? v + 0.05 : v - 0.05);
    const x = pad(1.9 * u() - 0.95), y = pad(1.9 * u() - 0.95);
    return [x, y, x * y > 0 ? 1 : 0];
  },
  // Two arms winding 1.75 turns out from the centre, the second the first turned by π.
  spirals: (u, i) => {
    const arm = i % 2;
    const t = u();
    const r = 0.05 + 0.9 * t, a = 1.75 * 2 * Math.PI * t + arm * Math.PI;
    return [r * Math.cos(a), r * Math.sin(a), arm];
  },
  // Two round clouds (std 0.15) centred at (0.4, 0.4) (label 1) and (−0.4, −0.4) (label 0).
  gaussians: (u, i) => {
    const c = i % 2 === 0 ? 0.4 : -0.4;
    return [c + 0.15 * normal(u), c + 0.15 * normal(u), i % 2 === 0 ? 1 : 0];
  },
  // Four classes: clouds (std 0.18) at the centres of the four quadrants, class k in quadrant k + 1.
  blobs: (u, i) => {
    const k = i % 4;
    const cx = k === 0 || k === 3 ? 0.5 : -0.5, cy = k < 2 ? 0.5 : -0.5;
    return [cx + 0.18 * normal(u), cy + 0.18 * normal(u), k];
  },
  // Three arms winding one turn out from the centre, 120° apart.
  spiral3: (u, i) => {
    const arm = i % 3;
    const t = u();
    const r = 0.05 + 0.9 * t, a = 2 * Math.PI * t + (arm * 2 * Math.PI) / 3;
    return [r * Math.cos(a), r * Math.sin(a), arm];
  },
  plane: (u) => {
    const x = 2 * u() - 1, y = 2 * u() - 1;
    return [x, y, planeTarget(x, y)];
  },
  bumps: (u) => {
    const x = 2 * u() - 1, y = 2 * u() - 1;
    return [x, y, bumpsTarget(x, y)];
  },
};

/** n points of a dataset with Gaussian jitter of std `noise` on each coordinate (a regression target is the clean point's). */
export function makeDataset(name: Exclude<DatasetName, 'custom'>, n: number, noise: number, seed: number): Points {
  const u = rng(seed);
  const xy = new Float32Array(2 * n), labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y, label] = draws[name](u, i);
    xy[2 * i] = x + noise * normal(u);
    xy[2 * i + 1] = y + noise * normal(u);
    labels[i] = label;
  }
  return { xy, labels };
}

/** A seeded shuffle, then the first round(n·testFraction) points are the test set. */
export function split(points: Points, testFraction: number, seed: number): Split {
  const n = points.labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const u = rng(seed ^ 0x5bd1e995);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nTest = Math.round(n * testFraction);
  const take = (idx: number[]): Points => ({
    xy: Float32Array.from(idx.flatMap((i) => [points.xy[2 * i]!, points.xy[2 * i + 1]!])),
    labels: Float32Array.from(idx.map((i) => points.labels[i]!)),
  });
  return { test: take(order.slice(0, nTest)), train: take(order.slice(nTest)) };
}

/**
 * Your own points: each point's part comes from a hash of its index and the seed, so adding or
 * clearing points never moves the others between the training and the test set.
 */
export function splitStable(points: Points, testFraction: number, seed: number): Split {
  const test: number[] = [], train: number[] = [];
  for (let i = 0; i < points.labels.length; i++) (rng(Math.imul(i + 1, 0x9e3779b1) ^ seed)() < testFraction ? test : train).push(i);
  const take = (idx: number[]): Points => ({
    xy: Float32Array.from(idx.flatMap((i) => [points.xy[2 * i]!, points.xy[2 * i + 1]!])),
    labels: Float32Array.from(idx.map((i) => points.labels[i]!)),
  });
  return { test: take(test), train: take(train) };
}

const featureFns: Record<FeatureName, (x: number, y: number) => number> = {
  x1: (x) => x,
  x2: (_, y) => y,
  x1sq: (x) => x * x,
  x2sq: (_, y) => y * y,
  x1x2: (x, y) => x * y,
  sinx1: (x) => Math.sin(Math.PI * x),
  sinx2: (_, y) => Math.sin(Math.PI * y),
};

/** The (N, F) feature matrix, row-major, of the points in xy (interleaved x₁, x₂). */
export function featurize(xy: Float32Array, features: readonly FeatureName[]): Float32Array {
  const n = xy.length / 2, f = features.length;
  const out = new Float32Array(n * f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) out[i * f + j] = featureFns[features[j]!](xy[2 * i]!, xy[2 * i + 1]!);
  }
  return out;
}

/** The centres of a res × res grid over [−extent, extent]², row 0 at the top (x₂ = +extent), interleaved. */
export function gridPoints(res: number, extent: number): Float32Array {
  const xy = new Float32Array(2 * res * res);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const k = r * res + c;
      xy[2 * k] = -extent + (2 * extent * (c + 0.5)) / res;
      xy[2 * k + 1] = extent - (2 * extent * (r + 0.5)) / res;
    }
  }
  return xy;
}
