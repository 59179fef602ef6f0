// A learned input transform: for each image a rotation θ and a translation (tx, ty), fitted by Adam
// through the frozen black box to make its prediction confident (minimum entropy). No labels are
// used, so it can run on the shifted test images themselves. The bilinear warp is written with
// engine ops, so the gradient reaches θ and t through the interpolation weights; the box's weights
// take no gradient and never change.

import { fromTypedArray, logSoftmax, optim, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { MID, PIXELS, SIDE, moments, warp, type Affine } from './images.ts';
import type { BlackBox } from './black-box.ts';

export interface LearnSettings {
  steps: number;
  /** Adam's step size, in pixels for t and in units of 10° for θ (θ is stored as degrees / 10). */
  lr: number;
  /** Start each image from its centre-of-mass translation (true) or from no change (false). */
  fromCenter: boolean;
}

/** One image's fitted transform: output (x, y) reads input R(θ)(x − M, y − M) + M + t. */
export interface Pose { tx: number; ty: number; deg: number }

export function poseToAffine(p: Pose): Affine {
  const r = (p.deg * Math.PI) / 180, cos = Math.cos(r), sin = Math.sin(r);
  return { a: cos, b: -sin, c: MID - cos * MID + sin * MID + p.tx, d: sin, e: cos, f: MID - sin * MID - cos * MID + p.ty };
}

// Output pixel coordinates relative to the centre, as (1, 784) rows.
const GX = Float32Array.from({ length: PIXELS }, (_, i) => (i % SIDE) - MID);
const GY = Float32Array.from({ length: PIXELS }, (_, i) => Math.floor(i / SIDE) - MID);

/**
 * Bilinear resampling of n images at per-image poses, as a differentiable function of the pose tensors
 * (each (n, 1)): the four neighbours' values and the floor of each position are read as constants
 * (the floor is piecewise constant), the interpolation weights are tensors.
 */
export function warpTensor(x: Float32Array, n: number, tx: Tensor, ty: Tensor, th: Tensor): Tensor {
  const rad = th.mul(Math.PI / 18);
  const gx = fromTypedArray(GX, [1, PIXELS]), gy = fromTypedArray(GY, [1, PIXELS]);
  const cos = rad.cos(), sin = rad.sin();
  const sx = cos.mul(gx).sub(sin.mul(gy)).add(tx).add(MID);
  const sy = sin.mul(gx).add(cos.mul(gy)).add(ty).add(MID);
  const px = sx.toTypedArray() as Float32Array, py = sy.toTypedArray() as Float32Array;
  const fl = new Float32Array(2 * n * PIXELS);
  const v = [0, 1, 2, 3].map(() => new Float32Array(n * PIXELS));
  for (let i = 0; i < n; i++) {
    const img = x.subarray(i * PIXELS, (i + 1) * PIXELS);
    const at = (xi: number, yi: number) => (xi < 0 || yi < 0 || xi >= SIDE || yi >= SIDE ? 0 : img[yi * SIDE + xi]!);
    for (let p = 0; p < PIXELS; p++) {
      const k = i * PIXELS + p;
      const x0 = Math.floor(px[k]!), y0 = Math.floor(py[k]!);
      fl[k] = x0; fl[n * PIXELS + k] = y0;
      v[0]![k] = at(x0, y0); v[1]![k] = at(x0 + 1, y0); v[2]![k] = at(x0, y0 + 1); v[3]![k] = at(x0 + 1, y0 + 1);
    }
  }
  const fx = sx.sub(fromTypedArray(fl.subarray(0, n * PIXELS), [n, PIXELS]));
  const fy = sy.sub(fromTypedArray(fl.subarray(n * PIXELS), [n, PIXELS]));
  const [v00, v10, v01, v11] = v.map((a) => fromTypedArray(a, [n, PIXELS]));
  const top = v00!.add(v10!.sub(v00!).mul(fx)); // (1 − fx)·v00 + fx·v10
  const bottom = v01!.add(v11!.sub(v01!).mul(fx));
  return top.add(bottom.sub(top).mul(fy));
}

/** Fits a pose per image by minimizing the black box's mean prediction entropy; returns the poses. */
export async function learnPoses(box: BlackBox, x: Float32Array, n: number, s: LearnSettings, pace: () => Promise<void>): Promise<Pose[]> {
  const start = Array.from({ length: n }, (_, i) => {
    if (!s.fromCenter) return [0, 0];
    const m = moments(x.subarray(i * PIXELS, (i + 1) * PIXELS));
    return [m.cx - MID, m.cy - MID];
  });
  const tx = fromTypedArray(Float32Array.from(start, (p) => p[0]!), [n, 1]).requiresGrad_();
  const ty = fromTypedArray(Float32Array.from(start, (p) => p[1]!), [n, 1]).requiresGrad_();
  const th = fromTypedArray(new Float32Array(n), [n, 1]).requiresGrad_();
  const opt = new optim.Adam([tx, ty, th], { lr: s.lr });
  const scopes = stepScopes([tx, ty, th, opt]);
  try {
    for (let step = 0; step < s.steps; step++) {
      scopes.step(() => {
        const logp = logSoftmax(box.logits(warpTensor(x, n, tx, ty, th)), 1);
        // Mean entropy −Σ p log p, summed over images so each image's pose gets its own full-size gradient.
        const entropy = logp.exp().mul(logp).sum().neg();
        opt.zeroGrad();
        entropy.backward();
        opt.step();
      });
      await pace();
    }
  } finally {
    scopes.close();
  }
  const [a, b, c] = [tx, ty, th].map((t) => tidy(() => t.toTypedArray() as Float32Array));
  return Array.from({ length: n }, (_, i) => ({ tx: a![i]!, ty: b![i]!, deg: 10 * c![i]! }));
}

/** The images resampled at their learned poses (the same bilinear map as warpTensor, without a graph). */
export function applyPoses(x: Float32Array, poses: readonly Pose[]): Float32Array {
  const out = new Float32Array(poses.length * PIXELS);
  poses.forEach((p, i) => out.set(warp(x.subarray(i * PIXELS, (i + 1) * PIXELS), poseToAffine(p)), i * PIXELS));
  return out;
}
