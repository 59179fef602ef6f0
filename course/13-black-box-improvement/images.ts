// The input side, by hand: 28×28 digits as row-major Float32Arrays in [0, 1], resampled bilinearly
// through an affine map; the shifts (translation, rotation, salt-and-pepper noise) and the fixes
// (centering by centre of mass, deskewing by second moments, a 3×3 median filter). No tensors here.

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
/** The geometric centre of the 28×28 grid (pixel centres at 0 … 27). */
export const MID = (SIDE - 1) / 2;

/** An inverse map: output pixel (x, y) reads the input at (a·x + b·y + c, d·x + e·y + f). */
export interface Affine {
  a: number; b: number; c: number;
  d: number; e: number; f: number;
}

export const identity = (): Affine => ({ a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 });

/** The input image at a real position (x right, y down), bilinear between the four pixels around it; zero outside. */
export function sample(img: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= SIDE || y0 >= SIDE) return 0;
  const fx = x - x0, fy = y - y0;
  const inX0 = x0 >= 0, inX1 = x0 + 1 < SIDE, inY0 = y0 >= 0, inY1 = y0 + 1 < SIDE;
  const r0 = y0 * SIDE, r1 = r0 + SIDE;
  const v00 = inX0 && inY0 ? img[r0 + x0]! : 0, v10 = inX1 && inY0 ? img[r0 + x0 + 1]! : 0;
  const v01 = inX0 && inY1 ? img[r1 + x0]! : 0, v11 = inX1 && inY1 ? img[r1 + x0 + 1]! : 0;
  const top = v00 + fx * (v10 - v00), bottom = v01 + fx * (v11 - v01);
  return top + fy * (bottom - top);
}

/** Resamples one image through an inverse affine map. */
export function warp(img: Float32Array, m: Affine): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < SIDE; y++) {
    let sx = m.b * y + m.c, sy = m.e * y + m.f;
    for (let x = 0; x < SIDE; x++, sx += m.a, sy += m.d) out[y * SIDE + x] = sample(img, sx, sy);
  }
  return out;
}

/** The map that moves the content by (dx, dy) pixels: output (x, y) reads input (x − dx, y − dy). */
export const translation = (dx: number, dy: number): Affine => ({ a: 1, b: 0, c: -dx, d: 0, e: 1, f: -dy });

/** The map that turns the content by `deg` degrees (counter-clockwise on screen) about the grid's centre. */
export function rotation(deg: number): Affine {
  const t = (deg * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  return { a: cos, b: -sin, c: MID - cos * MID + sin * MID, d: sin, e: cos, f: MID - sin * MID - cos * MID };
}

export interface Moments {
  mass: number;
  cx: number;
  cy: number;
  /** Central second moments: var x, var y, cov(x, y), intensity-weighted. */
  xx: number;
  yy: number;
  xy: number;
}

export function moments(img: Float32Array): Moments {
  let mass = 0, sx = 0, sy = 0;
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
    const v = img[y * SIDE + x]!;
    mass += v; sx += v * x; sy += v * y;
  }
  if (mass <= 0) return { mass: 0, cx: MID, cy: MID, xx: 0, yy: 0, xy: 0 };
  const cx = sx / mass, cy = sy / mass;
  let xx = 0, yy = 0, xy = 0;
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
    const v = img[y * SIDE + x]!;
    xx += v * (x - cx) ** 2; yy += v * (y - cy) ** 2; xy += v * (x - cx) * (y - cy);
  }
  return { mass, cx, cy, xx: xx / mass, yy: yy / mass, xy: xy / mass };
}

/** Moves the image's centre of mass to (tx, ty): how MNIST itself was centred in its 28×28 field. */
export function center(img: Float32Array, tx = MID, ty = MID): Float32Array {
  const m = moments(img);
  return warp(img, translation(tx - m.cx, ty - m.cy));
}

/**
 * The classic deskew: centre the mass at (tx, ty) and shear along x so that x no longer drifts with y
 * (slant α = cov(x, y) / var(y) becomes 0). Output (x, y) reads input (x + α(y − ty) + cx − tx, y + cy − ty).
 */
export function deskew(img: Float32Array, tx = MID, ty = MID): Float32Array {
  const m = moments(img);
  const alpha = m.yy > 1e-9 ? m.xy / m.yy : 0;
  return warp(img, { a: 1, b: alpha, c: m.cx - tx - alpha * ty, d: 0, e: 1, f: m.cy - ty });
}

/** The slant α = cov(x, y) / var(y): how far the ink moves right per pixel down. */
export const slant = (img: Float32Array): number => {
  const m = moments(img);
  return m.yy > 1e-9 ? m.xy / m.yy : 0;
};

/** 3×3 median filter (zero outside the image): a lone flipped pixel never survives it. */
export function median3(img: Float32Array): Float32Array {
  const out = new Float32Array(PIXELS);
  const w = new Float64Array(9);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
    let k = 0;
    for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) {
      const xi = x + i, yi = y + j;
      w[k++] = xi < 0 || yi < 0 || xi >= SIDE || yi >= SIDE ? 0 : img[yi * SIDE + xi]!;
    }
    // Insertion sort of nine values: the fifth is the median.
    for (let a = 1; a < 9; a++) {
      const v = w[a]!;
      let b = a - 1;
      while (b >= 0 && w[b]! > v) { w[b + 1] = w[b]!; b--; }
      w[b + 1] = v;
    }
    out[y * SIDE + x] = w[4]!;
  }
  return out;
}

/** A small seeded generator (mulberry32) for the shifts' random draws, independent of the engine's RNG. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type ShiftKind = 'clean' | 'translate' | 'rotate' | 'noise';
export const SHIFTS: readonly ShiftKind[] = ['clean', 'translate', 'rotate', 'noise'];

export interface ShiftSettings {
  /** Translation: every digit moved by exactly this many pixels, in a direction drawn uniformly. */
  shiftPx: number;
  /** Rotation: every digit turned by exactly this many degrees, clockwise or counter-clockwise at random. */
  rotateDeg: number;
  /** Salt and pepper: each pixel, with this probability, set to 0 or 1 (a fair coin). */
  noise: number;
}

/** One seeded shift of a stack of images (n × 784): each image drawn its own direction, sign or noise mask. */
export function shiftImages(x: Float32Array, n: number, kind: ShiftKind, s: ShiftSettings, seed: number): Float32Array {
  if (kind === 'clean') return x;
  const r = rng(seed);
  const out = new Float32Array(n * PIXELS);
  for (let i = 0; i < n; i++) {
    const img = x.subarray(i * PIXELS, (i + 1) * PIXELS);
    let moved: Float32Array;
    if (kind === 'translate') {
      const t = 2 * Math.PI * r();
      moved = warp(img, translation(s.shiftPx * Math.cos(t), s.shiftPx * Math.sin(t)));
    } else if (kind === 'rotate') {
      moved = warp(img, rotation(r() < 0.5 ? -s.rotateDeg : s.rotateDeg));
    } else {
      moved = Float32Array.from(img);
      for (let p = 0; p < PIXELS; p++) if (r() < s.noise) moved[p] = r() < 0.5 ? 0 : 1;
    }
    out.set(moved, i * PIXELS);
  }
  return out;
}

/** Applies a per-image function to every image of a stack. */
export function mapImages(x: Float32Array, n: number, f: (img: Float32Array) => Float32Array): Float32Array {
  const out = new Float32Array(n * PIXELS);
  for (let i = 0; i < n; i++) out.set(f(x.subarray(i * PIXELS, (i + 1) * PIXELS)), i * PIXELS);
  return out;
}
