// Standardizing rows (under every normalization layer) on the wasm kernels, float32; float64 goes
// to the js kernels.

import type { NnKernels } from '../nn-kernels.ts';
import { isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

export function normKernels({ k, arena, js }: WasmContext): Pick<NnKernels, 'standardize' | 'standardizeBackward'> {
  return {
    standardize(x, eps, dtype) {
      const [R, L] = x.shape;
      const y = dtype === 'float32' && isF32(x) && R * L > 0 ? arena.result(R * L) : null;
      const at = dtype === 'float32' && isF32(x) && R * L > 0 ? arena.layout(arena.need(x), y ? 0 : 4 * R * L, 4 * R, 4 * R) : null;
      if (!at) return js.standardize(x, eps, dtype);
      const [sx, sy, pm, pr] = at, py = y ? y.byteOffset : sy;
      k.standardizeRows(arena.input(x, sx), R, L, eps, py, pm, pr);
      return { y: y ?? arena.read(py, R * L), mean: arena.read(pm, R), rstd: arena.read(pr, R) };
    },

    standardizeBackward(dy, y, rstd, dtype) {
      const [R, L] = y.shape;
      const ok = dtype === 'float32' && isF32(dy) && isF32(y) && isF32(rstd) && R * L > 0;
      const dx = ok ? arena.result(R * L) : null;
      const at = ok ? arena.layout(arena.need(dy), arena.need(y), arena.need(rstd), dx ? 0 : 4 * R * L) : null;
      if (!at) return js.standardizeBackward(dy, y, rstd, dtype);
      const px = dx ? dx.byteOffset : at[3];
      k.standardizeRowsBackward(arena.input(dy, at[0]), arena.input(y, at[1]), arena.input(rstd, at[2]), R, L, px);
      return dx ?? arena.read(px, R * L);
    },
  };
}
