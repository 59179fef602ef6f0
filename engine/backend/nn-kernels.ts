// Kernels for neural-network layers: convolution, pooling, embedding, the fused softmax
// cross-entropy and the LSTM recurrence, forward and backward.
// Window kernels always see 3 spatial dims (depth, height, width): 1-D and 2-D ops pass size-1 dims
// in front, so one loop nest serves every rank. Results are fresh contiguous arrays.

import type { DType, TypedArray } from '../tensor/dtype.ts';
import type { View } from './backend.ts';

/** Where the windows of a conv or a pool sit, per spatial dim, always [depth, height, width]. */
export interface WindowGeometry {
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  /** Padding before the first element (zeros for conv, −∞ for max pool, skipped by avg pool)… */
  readonly padBefore: readonly number[];
  /** …and after the last; outSize already reflects it, only avg pool's count-include-pad divisor reads it. */
  readonly padAfter: readonly number[];
  readonly outSize: readonly number[];
}

export interface NnKernels {
  /** x: (N, C_in, D, H, W) · w: (C_out, C_in/groups, kD, kH, kW) (+ bias: (C_out)) → y: (N, C_out, oD, oH, oW). */
  conv(x: View, w: View, bias: View | null, geo: WindowGeometry, groups: number, dtype: DType): TypedArray;
  /** dy: (N, C_out, oD, oH, oW) · w → dx of shape inShape (N, C_in, D, H, W): conv transposed in x. */
  convInputGrad(dy: View, w: View, inShape: readonly number[], geo: WindowGeometry, groups: number, dtype: DType): TypedArray;
  /** dy: (N, C_out, oD, oH, oW) · x: (N, C_in, D, H, W) → dw: (C_out, C_in/groups, kD, kH, kW): conv transposed in w. */
  convWeightGrad(dy: View, x: View, geo: WindowGeometry, groups: number, dtype: DType): TypedArray;
  /**
   * x: (N, C, D, H, W) → the max of each window and where it was, as a flat index into its D·H·W
   * plane (the first maximum on ties; NaN wins; −1 for a window made only of padding).
   */
  maxPool(x: View, geo: WindowGeometry, dtype: DType): { values: TypedArray; indices: Int32Array };
  /** dy, indices: (N, C, …out) → dx: (N, C, …in) with inPlane elements per plane; each dy adds into its argmax. */
  maxPoolBackward(dy: View, indices: View, inPlane: number, dtype: DType): TypedArray;
  /** x: (N, C, …in), indices: (N, C, …out) → each plane of x read at the indices (the adjoint of maxPoolBackward). */
  maxPoolGather(x: View, indices: View, dtype: DType): TypedArray;
  /** x: (N, C, D, H, W) → window means; divisorOverride 0 means none. */
  avgPool(x: View, geo: WindowGeometry, countIncludePad: boolean, divisorOverride: number, dtype: DType): TypedArray;
  /** dy: (N, C, oD, oH, oW) → dx of shape inShape: each dy spread over its window as dy/divisor. */
  avgPoolBackward(dy: View, inShape: readonly number[], geo: WindowGeometry, countIncludePad: boolean, divisorOverride: number, dtype: DType): TypedArray;
  /** weight: (R, E), int32 indices: (…) → (…, E), the rows; indices must already be checked in 0..R-1. */
  embedding(weight: View, indices: View, dtype: DType): TypedArray;
  /** dy: (…, E), indices: (…) → dw: (numRows, E), rows summed per index; row paddingIdx (−1: none) stays zero. */
  embeddingBackward(dy: View, indices: View, numRows: number, paddingIdx: number, dtype: DType): TypedArray;
  /**
   * logits: (N, C), int32 target: (N) → per-row loss logsumexp(row) − row[target] (0 where the
   * target is ignoreIndex), computed stably, and the softmax probabilities (N, C) for the backward.
   * Targets must already be checked (each in 0..C-1 or ignoreIndex).
   */
  softmaxCrossEntropy(logits: View, target: View, ignoreIndex: number, dtype: DType): { losses: TypedArray; probs: TypedArray };
  /** probs: (N, C), target, dy: (N) → dlogits: (N, C) = (probs − onehot(target))·dy per row, 0 for ignored rows. */
  softmaxCrossEntropyBackward(probs: View, target: View, dy: View, ignoreIndex: number, dtype: DType): TypedArray;
  /** x → softmax (or logSoftmax when `log`) along `dim`, computed stably; contiguous, x's shape. */
  softmax(x: View, dim: number, log: boolean, dtype: DType): TypedArray;
  /** x: (R, L) → each row standardized, y = (x − mean)·rstd with rstd = 1/√(var + eps) (biased variance), and each row's mean and rstd. */
  standardize(x: View, eps: number, dtype: DType): { y: TypedArray; mean: TypedArray; rstd: TypedArray };
  /** dy, y: (R, L), rstd: (R) → dx = rstd·(dy − mean(dy) − y·mean(dy ⊙ y)) per row: standardize's gradient. */
  standardizeBackward(dy: View, y: View, rstd: View, dtype: DType): TypedArray;
  /**
   * An LSTM layer's recurrence over a whole sequence. xz: (L, N, 4H) input projections with both
   * biases added · wHh: (4H, H) · h0, c0: (N, H). Each step t (from L − 1 down when reverse):
   * z = xz[t] + h·wHhᵀ; gates i, f, g, o = σ, σ, tanh, σ of z's four H-wide blocks;
   * c ← f⊙c + i⊙g; h ← o⊙tanh(c). Returns y: (2, L, N, H), every step's h (y[0]) and c (y[1]),
   * and the gates after their nonlinearities, (L, N, 4H), which the backward reads.
   */
  lstm(xz: View, h0: View, c0: View, wHh: View, reverse: boolean, dtype: DType): { y: TypedArray; gates: TypedArray };
  /**
   * Backpropagation through the recurrence lstm() ran. dhs, dcs: (L, N, H) gradients reaching each
   * step's h and c from outside it → dz: (L, N, 4H), the gradient of every step's pre-activations
   * z (so of xz; dwHh = Σ_t dz[t]ᵀ·h_prev is left to the caller), and dh0, dc0: (N, H).
   */
  /** x → GELU, x·Φ(x) with Φ the standard normal CDF; contiguous, x's shape. */
  gelu(x: View, dtype: DType): TypedArray;
  /** dy, x (same shape) → dx = dy·(Φ(x) + x·φ(x)), GELU's gradient. */
  geluBackward(dy: View, x: View, dtype: DType): TypedArray;
  lstmBackward(gates: View, cs: View, c0: View, wHh: View, dhs: View, dcs: View, reverse: boolean, dtype: DType): { dz: TypedArray; dh0: TypedArray; dc0: TypedArray };
}
