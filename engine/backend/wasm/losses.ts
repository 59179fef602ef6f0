// Row softmax / logSoftmax and the fused softmax cross-entropy on the wasm kernels (float32; float64
// goes to js): each row's max, exp and sum in SIMD lanes, the probabilities kept for the backward.

import type { NnKernels } from '../nn-kernels.ts';
import { isF32, numel } from './arena.ts';
import type { WasmContext } from './context.ts';

export function lossKernels({ k, arena, js }: WasmContext): Pick<NnKernels, 'softmax' | 'softmaxCrossEntropy' | 'softmaxCrossEntropyBackward'> {
  return {
    // Rows along the last dim in wasm; softmax along another dim (rare) is the js kernel's.
    softmax(x, dim, log, dtype) {
      const len = x.shape[dim], n = numel(x.shape);
      if (dtype !== 'float32' || !isF32(x) || dim !== x.shape.length - 1 || n === 0) return js.softmax(x, dim, log, dtype);
      const y = arena.result(n);
      const at = arena.layout(arena.need(x), y ? 0 : 4 * n);
      if (!at) return js.softmax(x, dim, log, dtype);
      const py = y ? y.byteOffset : at[1];
      k.softmaxRows(arena.input(x, at[0]), n / len, len, log ? 1 : 0, py);
      return y ?? arena.read(py, n);
    },

    softmaxCrossEntropy(logits, target, ignoreIndex, dtype) {
      const [N, C] = logits.shape;
      const ok = dtype === 'float32' && isF32(logits) && target.data instanceof Int32Array && N * C > 0;
      const probs = ok ? arena.result(N * C) : null;
      const at = ok ? arena.layout(arena.need(logits), 4 * N, 4 * N, probs ? 0 : 4 * N * C) : null;
      if (!at) return js.softmaxCrossEntropy(logits, target, ignoreIndex, dtype);
      const [, pt, pl, scratchP] = at, pp = probs ? probs.byteOffset : scratchP;
      arena.writeI32(pt, target);
      k.softmaxCrossEntropy(arena.input(logits, at[0]), pt, N, C, ignoreIndex, pl, pp);
      return { losses: arena.read(pl, N), probs: probs ?? arena.read(pp, N * C) };
    },

    softmaxCrossEntropyBackward(probs, target, dy, ignoreIndex, dtype) {
      const [N, C] = probs.shape;
      const ok = dtype === 'float32' && isF32(probs) && isF32(dy) && target.data instanceof Int32Array && N * C > 0;
      const dx = ok ? arena.result(N * C) : null;
      const at = ok ? arena.layout(arena.need(probs), 4 * N, arena.need(dy), dx ? 0 : 4 * N * C) : null;
      if (!at) return js.softmaxCrossEntropyBackward(probs, target, dy, ignoreIndex, dtype);
      const [, pt, , scratchX] = at, px = dx ? dx.byteOffset : scratchX;
      arena.writeI32(pt, target);
      k.softmaxCrossEntropyBackward(arena.input(probs, at[0]), pt, arena.input(dy, at[2]), N, C, ignoreIndex, px);
      return dx ?? arena.read(px, N * C);
    },
  };
}
