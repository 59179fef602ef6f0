// GELU on the wasm kernels, float32 (one pass each way); float64 goes to the js kernels.

import type { NnKernels } from '../nn-kernels.ts';
import { numel, isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

export function activationKernels({ k, arena, js }: WasmContext): Pick<NnKernels, 'gelu' | 'geluBackward'> {
  return {
    gelu(x, dtype) {
      const n = numel(x.shape);
      if (dtype !== 'float32' || !isF32(x) || n === 0) return js.gelu(x, dtype);
      const y = arena.result(n);
      const at = arena.layout(arena.need(x), y ? 0 : 4 * n);
      if (!at) return js.gelu(x, dtype);
      const py = y ? y.byteOffset : at[1];
      k.gelu(arena.input(x, at[0]), py, n);
      return y ?? arena.read(py, n);
    },

    geluBackward(dy, x, dtype) {
      const n = numel(x.shape);
      if (dtype !== 'float32' || !isF32(x) || !isF32(dy) || n === 0) return js.geluBackward(dy, x, dtype);
      const dx = arena.result(n);
      const at = arena.layout(arena.need(dy), arena.need(x), dx ? 0 : 4 * n);
      if (!at) return js.geluBackward(dy, x, dtype);
      const pd = dx ? dx.byteOffset : at[2];
      k.geluBackward(arena.input(dy, at[0]), arena.input(x, at[1]), pd, n);
      return dx ?? arena.read(pd, n);
    },
  };
}
