// sum / max / min of float32 tensors on the wasm kernels. The reduced dims, once size-1 dims are
// dropped and neighbours merged, become runs; each pass reduces the last run of an
// (outer, len, inner) block, so any pattern of dims takes as many passes as it has runs.

import type { CoreKernels } from '../backend.ts';
import { numel, isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

const CODES: Record<string, number> = { sum: 0, max: 1, min: 2 };

/** Merged (size, reduced) runs of a shape, size-1 dims dropped. */
function runs(shape: readonly number[], dims: readonly number[]): { size: number; reduced: boolean }[] {
  const out: { size: number; reduced: boolean }[] = [];
  shape.forEach((size, d) => {
    if (size === 1) return;
    const reduced = dims.includes(d), last = out[out.length - 1];
    if (last && last.reduced === reduced) last.size *= size;
    else out.push({ size, reduced });
  });
  return out;
}

export function reduceKernels({ k, arena, js }: WasmContext): Pick<CoreKernels, 'reduce'> {
  return {
    reduce(op, x, dims, dtype) {
      const code = CODES[op];
      const n = numel(x.shape), r = numel(dims.map((d) => x.shape[d]));
      if (code === undefined || dtype !== 'float32' || !isF32(x) || n === 0 || r === 0) return js.reduce(op, x, dims, dtype);
      const half = Math.ceil(n / 2);
      const at = arena.layout(arena.need(x), 4 * half, 4 * half);
      if (!at) return js.reduce(op, x, dims, dtype);
      let rs = runs(x.shape, dims), src = arena.input(x, at[0]), flip = 1;
      let last = rs.map((q) => q.reduced).lastIndexOf(true);
      if (last < 0) return arena.read(src, n); // only size-1 dims reduced: the values themselves
      while (last >= 0) {
        const outer = numel(rs.slice(0, last).map((q) => q.size)), inner = numel(rs.slice(last + 1).map((q) => q.size));
        const dst = at[flip];
        k.reduce(code, src, outer, rs[last].size, inner, dst);
        src = dst;
        flip = 3 - flip;
        // Drop the reduced run; the kept runs on either side of it merge.
        rs = rs.filter((_, i) => i !== last);
        if (last > 0 && last < rs.length && !rs[last - 1].reduced && !rs[last].reduced) {
          rs[last - 1] = { size: rs[last - 1].size * rs[last].size, reduced: false };
          rs.splice(last, 1);
        }
        last = rs.map((q) => q.reduced).lastIndexOf(true);
      }
      return arena.read(src, n / r);
    },
  };
}
