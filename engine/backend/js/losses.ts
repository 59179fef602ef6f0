// The fused softmax cross-entropy of the js backend, row by row in float64: the row max comes off
// before exp (so logits of ±1000 stay finite), and the probabilities are kept for the backward.

import type { NnKernels } from '../nn-kernels.ts';
import { allocate } from '../../tensor/dtype.ts';
import { reader } from './strided.ts';

export const lossKernels: Pick<NnKernels, 'softmaxCrossEntropy' | 'softmaxCrossEntropyBackward'> = {
  softmaxCrossEntropy(logits, target, ignoreIndex, dtype) {
    const [N, C] = logits.shape, [sN, sC] = logits.strides, xd = logits.data;
    const t = reader(target);
    const losses = allocate(dtype, N), probs = allocate(dtype, N * C);
    const e = new Float64Array(C);
    for (let n = 0; n < N; n++) {
      const row = logits.offset + n * sN;
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, xd[row + c * sC]); // NaN wins
      let s = 0;
      for (let c = 0; c < C; c++) s += (e[c] = Math.exp(xd[row + c * sC] - m));
      for (let c = 0; c < C; c++) probs[n * C + c] = e[c] / s;
      const k = t(n);
      // log Σ exp(x − m) − (x[k] − m): both terms stay small whatever the logits' size.
      losses[n] = k === ignoreIndex ? 0 : Math.log(s) - (xd[row + k * sC] - m);
    }
    return { losses, probs };
  },

  softmaxCrossEntropyBackward(probs, target, dy, ignoreIndex, dtype) {
    const [N, C] = probs.shape;
    const p = reader(probs), t = reader(target), g = reader(dy);
    const dx = allocate(dtype, N * C);
    for (let n = 0; n < N; n++) {
      const k = t(n);
      if (k === ignoreIndex) continue; // stays 0, even where dy is ∞ (a mean over no counted rows)
      const gn = g(n);
      for (let c = 0; c < C; c++) dx[n * C + c] = (p(n * C + c) - (c === k ? 1 : 0)) * gn;
    }
    return dx;
  },
};
