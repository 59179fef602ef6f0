// Gradient clipping, as torch.nn.utils: by global norm (all gradients scaled by one factor, so
// the update keeps its direction) and by value (each element clamped, which can turn it).

import { Tensor } from '../tensor/tensor.ts';
import { scalar } from '../tensor/creation.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { ValueError } from '../errors.ts';
import { flatOf } from './optimizer.ts';
import { bindArgs } from '../ops/reduce-args.ts';
import '../ops/index.ts'; // installs mul_/copy_/clamp on Tensor

export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2; Infinity for the largest |g|). */
  normType?: number;
  /** Throw when the total norm is NaN or ±∞ instead of scaling every gradient by NaN or 0. */
  errorIfNonfinite?: boolean;
}

const asList = (params: Tensor | Iterable<Tensor>): Tensor[] => (params instanceof Tensor ? [params] : [...params]);

/** The gradient of p as a tensor we may write into (a graph-carrying grad is detached first, as under no_grad). */
function writableGrad(p: Tensor): Tensor | null {
  if (p.grad && p.grad.gradFn) p.grad = p.grad.detach();
  return p.grad;
}

// Indexed loops, not for…of: a gradient has ~10⁵ elements and the iterator was most of clipping's
// cost. For p = 2, v·v is exactly |v|² (a float32 square fits a double), so nothing changes but speed.
function pNorm(values: ArrayLike<number>, p: number): number {
  let acc = 0;
  if (p === Infinity) {
    for (let i = 0; i < values.length; i++) acc = Math.max(acc, Math.abs(values[i]));
    return acc;
  }
  if (p === 2) for (let i = 0; i < values.length; i++) acc += values[i] * values[i];
  else for (let i = 0; i < values.length; i++) acc += Math.abs(values[i]) ** p;
  return acc ** (1 / p);
}

/**
 * Scales all gradients together so that their joint p-norm is at most maxNorm (factor
 * maxNorm/(total + 1e-6) when larger, as PyTorch). Returns the total norm before clipping.
 * clipGradNorm_(params, 1), (params, 1, Infinity), (params, 1, 2, {errorIfNonfinite}), (params, 1, {normType, errorIfNonfinite}).
 */
export function clipGradNorm_(params: Tensor | Iterable<Tensor>, maxNorm: number, ...args: [normType?: number, opts?: Omit<ClipGradNormOptions, 'normType'>] | [opts: ClipGradNormOptions]): Tensor {
  const a = bindArgs('clipGradNorm_', args, ['normType'], ['errorIfNonfinite'], { foreach: 'foreach is not an option here (one implementation)' });
  const normType = (a.normType ?? 2) as number;
  const opts = a as ClipGradNormOptions;
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new ValueError(`clipGradNorm_: maxNorm must be a number ≥ 0, got ${String(maxNorm)}`);
  if (typeof normType !== 'number' || !(normType > 0)) throw new ValueError(`clipGradNorm_: normType must be a number > 0 or Infinity, got ${String(normType)}`);
  const grads = asList(params).map(writableGrad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return scalar(0);
  // Norm of the per-tensor norms = the norm of all elements together (PyTorch computes it this way).
  const total = pNorm(grads.map((g) => pNorm(flatOf(g), normType)), normType);
  if (opts.errorIfNonfinite && !Number.isFinite(total)) {
    throw new ValueError(`clipGradNorm_: the total norm of order ${normType} of the gradients is ${total}, so they cannot be clipped (errorIfNonfinite is on)`);
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  noGrad(() => grads.forEach((g) => g.mul_(coef)));
  return scalar(total, { dtype: grads[0].dtype });
}

/** Clamps every gradient element into [−clipValue, clipValue], in place. */
export function clipGradValue_(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(`clipGradValue_: clipValue must be a number ≥ 0, got ${String(clipValue)}`);
  for (const p of asList(params)) {
    const g = writableGrad(p);
    if (g) noGrad(() => g.copy_(g.clamp(-clipValue, clipValue)));
  }
}
