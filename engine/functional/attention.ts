// Scaled dot-product attention, softmax(q·kᵀ/√E + mask)·v, as PyTorch's
// F.scaled_dot_product_attention, but returning the attention weights too (lessons draw them).
// A composite of matmul, softmax and where: the gradient comes from those ops.

import type { Tensor } from '../tensor/tensor.ts';
import { arange } from '../tensor/creation.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.ts';
import { softmax } from '../ops/softmax.ts';
import { dropout } from './dropout.ts';
import { checkOptions } from '../options.ts';

export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcastable to (…, L, S). A bool mask says which keys each query may attend to (true = takes
   * part, as PyTorch's SDPA); a float mask is added to the scores (−Infinity removes a key).
   */
  attnMask?: Tensor | null;
  /** Query i attends to keys 0..i only (the lower triangle, aligned top-left as PyTorch). */
  isCausal?: boolean;
  /** Dropout on the attention weights. */
  dropoutP?: number;
  /** Apply dropoutP (default true: like PyTorch, a non-zero dropoutP drops unless told otherwise). */
  training?: boolean;
  /** Multiplies q·kᵀ; default 1/√E. */
  scale?: number | null;
}

export interface AttentionResult {
  /** (…, L, Ev) */
  output: Tensor;
  /** (…, L, S): the weights that multiplied v, so after dropout when it applies. */
  weights: Tensor;
}

/**
 * softmax over the last dim that leaves a row where every key is masked (all −∞) as zeros instead
 * of 0/0 = NaN: such a query attends to nothing and its output is 0 (PyTorch ≥ 2.5 does the same).
 */
function softmaxOverKeys(scores: Tensor, maskMayEmptyARow: boolean): Tensor {
  if (scores.shape[scores.ndim - 1] === 0) return scores; // no keys at all: empty weights, zero output
  // Only a mask empties a row (scores of finite q and k are finite): without such a mask, a plain
  // softmax, sparing four passes over the scores forward and two backward.
  if (!maskMayEmptyARow) return softmax(scores, -1);
  const dead = noGrad(() => scores.amax({ dim: -1, keepdim: true }).eq(-Infinity));
  return softmax(scores.maskedFill(dead, 0), -1).maskedFill(dead, 0);
}

/** Whether some row of a mask (over its last dim, the keys) removes every key: all false, or all −∞. */
function removesEveryKey(mask: Tensor): boolean {
  const v = mask.toTypedArray(), S = mask.shape[mask.ndim - 1] ?? 1, gone = mask.dtype === 'bool' ? 0 : -Infinity;
  for (let row = 0; row < v.length; row += S) {
    let all = true;
    for (let j = row; j < row + S && all; j++) all = v[j] === gone;
    if (all) return true;
  }
  return false;
}

/** q: (…, L, E) · k: (…, S, E) · v: (…, S, Ev) → output (…, L, Ev), weights (…, L, S); batch dims broadcast. */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: ScaledDotProductAttentionOptions = {}): AttentionResult {
  checkOptions('scaledDotProductAttention', opts, ['attnMask', 'isCausal', 'dropoutP', 'training', 'scale'], { enable_gqa: 'not supported: repeat k and v over the head groups first' });
  const { attnMask = null, isCausal = false, dropoutP = 0, training = true, scale = null } = opts;
  const shapes = `q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)}`;
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2) throw new ShapeError(`scaledDotProductAttention: q, k and v need at least 2 dims (…, length, features), got ${shapes}`);
  const [L, E] = q.shape.slice(-2);
  const S = k.shape[k.ndim - 2];
  if (k.shape[k.ndim - 1] !== E) throw new ShapeError(`scaledDotProductAttention: q and k must share the feature size E, got ${shapes}`);
  if (v.shape[v.ndim - 2] !== S) throw new ShapeError(`scaledDotProductAttention: k and v must have the same number of keys S, got ${shapes}`);
  if (isCausal && attnMask) throw new ValueError('scaledDotProductAttention: give either attnMask or isCausal, not both (fold the causal mask into attnMask)');

  // q is scaled before the product: L·E multiplications instead of L·S, the same value up to rounding.
  let scores = q.mul(scale ?? 1 / Math.sqrt(E)).matmul(k.mT); // (…, L, S)
  let emptiesARow = false;
  if (attnMask) {
    const target = scores.shape;
    const fits = attnMask.ndim <= target.length && attnMask.shape.every((d, i) => d === 1 || d === target[target.length - attnMask.ndim + i]);
    if (!fits) throw new ShapeError(`scaledDotProductAttention: attnMask ${fmtShape(attnMask.shape)} must broadcast to the scores' shape ${fmtShape(target)} (…, L, S) for ${shapes}`);
    if (attnMask.dtype === 'bool') scores = scores.maskedFill(attnMask.logicalNot(), -Infinity);
    else if (attnMask.dtype === 'float32' || attnMask.dtype === 'float64') scores = scores.add(attnMask);
    else throw new DTypeError(`scaledDotProductAttention: attnMask must be bool or floating point, got ${attnMask.dtype}`);
    // A row of the mask that removes every key (checked on the mask, far smaller than the scores).
    emptiesARow = removesEveryKey(attnMask);
  }
  if (isCausal) scores = scores.maskedFill(arange(S).unsqueeze(0).gt(arange(L).unsqueeze(1)), -Infinity);

  // The causal triangle leaves every query key 0 (top-left aligned), so it never empties a row.
  let weights = softmaxOverKeys(scores, emptiesARow);
  if (dropoutP > 0 && training) weights = dropout(weights, dropoutP, true);
  return { output: weights.matmul(v), weights };
}
