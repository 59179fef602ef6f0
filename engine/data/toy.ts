// 2-D toy classification sets for the playground (sklearn's make_moons, make_circles, make_blobs,
// plus the spiral and XOR of TensorFlow Playground). Seeded through the engine RNG; pure TS.

import type { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { nextNormal, nextUniform, nextInt } from '../tensor/random.ts';
import { ValueError } from '../errors.ts';
import { withRandom, type RandomOptions } from './generator.ts';
import { checkOptions } from '../options.ts';

export interface ToySet {
  /** (n, 2) float32 points. */
  x: Tensor;
  /** (n) int32 labels. */
  y: Tensor;
}

export interface ToyOptions extends RandomOptions {
  /** Std of Gaussian noise added to each coordinate. */
  noise?: number;
  /** Shuffle the samples (default true); otherwise they come grouped by class. */
  shuffle?: boolean;
}

function checkN(op: string, n: number, noise: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op}: n must be a non-negative integer, got ${n}`);
  if (!(noise >= 0)) throw new ValueError(`${op}: noise must be non-negative, got ${noise}`);
}

/** Sizes of k groups that share n samples as evenly as possible, the first groups taking the remainder. */
const groups = (n: number, k: number): number[] => Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));

// Builds the set from a point generator (class, index within class, class size), adds noise, shuffles.
function build(n: number, sizes: number[], point: (cls: number, i: number, m: number) => [number, number], opts: ToyOptions): ToySet {
  const { noise = 0, shuffle = true } = opts;
  return withRandom(opts, () => {
    const x = new Float32Array(n * 2), y = new Int32Array(n);
    let at = 0;
    sizes.forEach((m, cls) => {
      for (let i = 0; i < m; i++, at++) {
        const [px, py] = point(cls, i, m);
        x[2 * at] = px + (noise ? noise * nextNormal() : 0);
        x[2 * at + 1] = py + (noise ? noise * nextNormal() : 0);
        y[at] = cls;
      }
    });
    if (shuffle) {
      for (let i = n - 1; i > 0; i--) {
        const j = nextInt(0, i + 1);
        [y[i], y[j]] = [y[j], y[i]];
        [x[2 * i], x[2 * j]] = [x[2 * j], x[2 * i]];
        [x[2 * i + 1], x[2 * j + 1]] = [x[2 * j + 1], x[2 * i + 1]];
      }
    }
    return { x: fromTypedArray(x, [n, 2]), y: fromTypedArray(y, [n]) };
  });
}

const TOY_KEYS = ['noise', 'shuffle', 'seed', 'generator'];
const TOY_HINTS = { random_state: 'write seed', randomState: 'write seed', nSamples: 'the count is the first argument, n' };

// evenly spaced over [0, 1] including both ends (numpy.linspace)
const frac = (i: number, m: number): number => (m > 1 ? i / (m - 1) : 0);

/** Two interleaved half circles: class 0 the upper arc, class 1 the lower one shifted right. */
export function makeMoons(n: number, opts: ToyOptions = {}): ToySet {
  checkOptions('makeMoons', opts, TOY_KEYS, TOY_HINTS);
  checkN('makeMoons', n, opts.noise ?? 0);
  const sizes = [Math.floor(n / 2), n - Math.floor(n / 2)];
  return build(n, sizes, (cls, i, m) => {
    const t = Math.PI * frac(i, m);
    return cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  }, opts);
}

/** Two concentric circles: class 0 of radius 1, class 1 of radius `factor` (default 0.8). */
export function makeCircles(n: number, opts: ToyOptions & { factor?: number } = {}): ToySet {
  checkOptions('makeCircles', opts, [...TOY_KEYS, 'factor'], TOY_HINTS);
  const { factor = 0.8 } = opts;
  checkN('makeCircles', n, opts.noise ?? 0);
  if (!(factor >= 0 && factor < 1)) throw new ValueError(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const sizes = [Math.floor(n / 2), n - Math.floor(n / 2)];
  return build(n, sizes, (cls, i, m) => {
    const t = (2 * Math.PI * i) / m, r = cls === 0 ? 1 : factor; // endpoint excluded: no duplicate at 2π
    return [r * Math.cos(t), r * Math.sin(t)];
  }, opts);
}

/** `classes` interleaved spiral arms (default 2) growing from the origin to radius 1. */
export function makeSpiral(n: number, opts: ToyOptions & { classes?: number } = {}): ToySet {
  checkOptions('makeSpiral', opts, [...TOY_KEYS, 'classes'], TOY_HINTS);
  const { classes = 2 } = opts;
  checkN('makeSpiral', n, opts.noise ?? 0);
  if (!Number.isInteger(classes) || classes < 1) throw new ValueError(`makeSpiral: classes must be a positive integer, got ${classes}`);
  return build(n, groups(n, classes), (cls, i, m) => {
    const r = frac(i, m), t = 1.75 * 2 * Math.PI * r + (2 * Math.PI * cls) / classes; // 1¾ turns per arm
    return [r * Math.sin(t), r * Math.cos(t)];
  }, opts);
}

/** Points uniform in [-1, 1]²; class 1 where the coordinates' signs differ (XOR of the signs). */
export function makeXor(n: number, opts: ToyOptions = {}): ToySet {
  checkOptions('makeXor', opts, TOY_KEYS, TOY_HINTS);
  checkN('makeXor', n, opts.noise ?? 0);
  // Draw a point inside the quadrant pair of its class, so the classes are balanced by construction.
  return build(n, [Math.floor(n / 2), n - Math.floor(n / 2)], (cls) => {
    const a = nextUniform(), b = nextUniform(), s = nextUniform() < 0.5 ? 1 : -1;
    return cls === 0 ? [s * a, s * b] : [s * a, -s * b];
  }, opts);
}

export interface BlobOptions extends RandomOptions {
  /** Number of centres drawn uniformly in [-10, 10]², or the centres themselves (default 3). */
  centers?: number | readonly (readonly [number, number])[];
  /** Std of each blob (default 1). */
  std?: number;
  shuffle?: boolean;
}

/** Gaussian blobs around `centers`, n shared evenly; also returns the centres used. */
export function makeBlobs(n: number, opts: BlobOptions = {}): ToySet & { centers: [number, number][] } {
  checkOptions('makeBlobs', opts, ['centers', 'std', 'shuffle', 'seed', 'generator'], { ...TOY_HINTS, clusterStd: 'write std', cluster_std: 'write std' });
  const { centers = 3, std = 1 } = opts;
  checkN('makeBlobs', n, std);
  if (typeof centers === 'number' && !(Number.isInteger(centers) && centers >= 1)) throw new ValueError(`makeBlobs: centers must be a positive integer or a list of points, got ${centers}`);
  return withRandom(opts, () => {
    const cs: [number, number][] = typeof centers === 'number'
      ? Array.from({ length: centers }, () => [-10 + 20 * nextUniform(), -10 + 20 * nextUniform()])
      : centers.map(([a, b]) => [a, b]);
    const set = build(n, groups(n, cs.length), (cls) => cs[cls], { noise: std, shuffle: opts.shuffle });
    return { ...set, centers: cs };
  });
}
