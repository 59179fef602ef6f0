// The fused softmax cross-entropy on the wasm kernels (float32 logits; float64 goes to js): each
// row's max, exp and sum in SIMD lanes, the probabilities kept for the backward.

import type { NnKernels } from '../nn-kernels.ts';
import { isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

export function lossKernels({ k, arena, js }: WasmContext): Pick<NnKernels, 'softmaxCrossEntropy' | 'softmaxCrossEntropyBackward'> {
  return {
    softmaxCrossEntropy(logits, target, ignoreIndex, dtype) {
      const [N, C] = logits.shape;
      const ok = dtype === 'float32' && isF32(logits) && target.data instanceof Int32Array && N * C > 0;
      const at = ok ? arena.layout(4 * N * C, 4 * N, 4 * N, 4 * N * C) : null;
      if (!at) return js.softmaxCrossEntropy(logits, target, ignoreIndex, dtype);
      const [px, pt, pl, pp] = at;
      arena.write(px, logits);
      arena.writeI32(pt, target);
      k.softmaxCrossEntropy(px, pt, N, C, ignoreIndex, pl, pp);
      return { losses: arena.read(pl, N), probs: arena.read(pp, N * C) };
    },

    softmaxCrossEntropyBackward(probs, target, dy, ignoreIndex, dtype) {
      const [N, C] = probs.shape;
      const ok = dtype === 'float32' && isF32(probs) && isF32(dy) && target.data instanceof Int32Array && N * C > 0;
      const at = ok ? arena.layout(4 * N * C, 4 * N, 4 * N, 4 * N * C) : null;
      if (!at) return js.softmaxCrossEntropyBackward(probs, target, dy, ignoreIndex, dtype);
      const [pp, pt, py, px] = at;
      arena.write(pp, probs);
      arena.writeI32(pt, target);
      arena.write(py, dy);
      k.softmaxCrossEntropyBackward(pp, pt, py, N, C, ignoreIndex, px);
      return arena.read(px, N * C);
    },
  };
}
