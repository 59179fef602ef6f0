// The two classification losses this lesson compares, written from engine ops so autograd derives
// their gradients, plus the closed-form gradients the text derives, to check autograd against.

import { oneHot, type Tensor } from '../../engine/index.ts';

/**
 * Squared error between softmax probabilities and one-hot targets: Σ_c (p_c − y_c)² per example
 * (the "sum of squared residuals"), averaged over the batch. logits (N, C), target class ids (N).
 */
export function softmaxSquaredError(logits: Tensor, target: Tensor): Tensor {
  const residual = logits.softmax(1).sub(oneHot(target, logits.shape[1]).to(logits.dtype));
  return residual.mul(residual).sum(1).mean();
}

/** (σ(z) − y)² averaged over examples: squared error on a sigmoid output. z and y (N), y in {0, 1}. */
export function sigmoidSquaredError(z: Tensor, y: Tensor): Tensor {
  const residual = z.sigmoid().sub(y);
  return residual.mul(residual).mean();
}

/** ∂CE/∂z for one example: p − y (y one-hot at `target`). */
export function crossEntropyLogitGrad(p: readonly number[], target: number): number[] {
  return p.map((pc, c) => pc - (c === target ? 1 : 0));
}

/**
 * ∂/∂z of Σ_c (p_c − y_c)² for one example: 2·p_i·(r_i − Σ_c p_c·r_c) with r = p − y. The softmax
 * Jacobian p_i(δ_ij − p_j) is what multiplies each residual by a probability and so shrinks it.
 */
export function squaredErrorLogitGrad(p: readonly number[], target: number): number[] {
  const r = p.map((pc, c) => pc - (c === target ? 1 : 0));
  const s = p.reduce((acc, pc, c) => acc + pc * r[c]!, 0);
  return p.map((pc, i) => 2 * pc * (r[i]! - s));
}

export const vectorNorm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2;
  return Math.sqrt(s);
};
