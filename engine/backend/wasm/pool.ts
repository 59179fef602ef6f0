// Float32 pooling on the wasm kernels: max pooling and average pooling, forward and backward; the
// max-pool double-backward gather and other dtypes stay with the js kernels.

import type { View } from '../backend.ts';
import type { NnKernels, WindowGeometry } from '../nn-kernels.ts';
import { boxesOf } from '../js/pool.ts';
import { numel, isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

type PoolKernels = Pick<NnKernels, 'maxPool' | 'maxPoolBackward' | 'avgPool' | 'avgPoolBackward'>;

export function poolKernels({ k, arena, js }: WasmContext): PoolKernels {
  /**
   * Lays out an avg-pool call: its descriptor (see assembly/pool.ts), the window boxes, the input
   * `from` (read in place or packed into scratch) and `dstFloats` floats of result (resident where
   * possible, + an f64 scratch of `scratchDoubles`). Returns the descriptor's address and the
   * resident result, or null past the memory limit.
   */
  function avgPlan(inShape: readonly number[], geo: WindowGeometry, countIncludePad: boolean, divisorOverride: number,
    from: View, dstFloats: number, scratchDoubles: number): { desc: number; out: Float32Array | null } | null {
    const b = boxesOf(inShape.slice(2), geo);
    const out = arena.result(dstFloats);
    const at = arena.layout(4 * 18, ...b.map((t) => 4 * t.length), arena.need(from), out ? 0 : 4 * dstFloats, 8 * scratchDoubles);
    if (!at) return null;
    const [desc, bD, bH, bW, src, dst, scratch] = at;
    arena.i32.set([inShape[0] * inShape[1], ...inShape.slice(2), ...geo.outSize, geo.kernel[2], geo.stride[2], geo.padBefore[2],
      divisorOverride, countIncludePad ? 1 : 0, bD, bH, bW, arena.input(from, src), out ? out.byteOffset : dst, scratch], desc >> 2);
    b.forEach((t, i) => arena.i32.set(t, at[1 + i] >> 2));
    return { desc, out };
  }

  return {
    maxPool(x, geo, dtype) {
      const planes = x.shape[0] * x.shape[1], outSize = planes * numel(geo.outSize);
      if (dtype !== 'float32' || !isF32(x) || outSize === 0) return js.maxPool(x, geo, dtype);
      const values = arena.result(outSize);
      const at = arena.layout(4 * 22, arena.need(x), values ? 0 : 4 * outSize, 4 * outSize);
      if (!at) return js.maxPool(x, geo, dtype);
      const [desc, sx, sv, pi] = at, pv = values ? values.byteOffset : sv;
      const px = arena.input(x, sx);
      arena.i32.set([planes, ...x.shape.slice(2), ...geo.kernel, ...geo.outSize, ...geo.stride, ...geo.dilation, ...geo.padBefore, px, pv, pi], desc >> 2);
      k.maxPool(desc);
      return { values: values ?? arena.read(pv, outSize), indices: arena.i32.slice(pi >> 2, (pi >> 2) + outSize) };
    },

    maxPoolBackward(dy, indices, inPlane, dtype) {
      const planes = dy.shape[0] * dy.shape[1], outPlane = numel(dy.shape.slice(2));
      if (dtype !== 'float32' || !isF32(dy) || !(indices.data instanceof Int32Array) || planes * inPlane === 0) {
        return js.maxPoolBackward(dy, indices, inPlane, dtype);
      }
      const dx = arena.result(planes * inPlane);
      const at = arena.layout(arena.need(dy), 4 * planes * outPlane, dx ? 0 : 4 * planes * inPlane);
      if (!at) return js.maxPoolBackward(dy, indices, inPlane, dtype);
      const [sy, pi, sx] = at, px = dx ? dx.byteOffset : sx;
      arena.writeI32(pi, indices);
      k.maxPoolBackward(arena.input(dy, sy), pi, planes, outPlane, inPlane, px);
      return dx ?? arena.read(px, planes * inPlane);
    },

    avgPool(x, geo, countIncludePad, divisorOverride, dtype) {
      const outSize = x.shape[0] * x.shape[1] * numel(geo.outSize);
      if (dtype !== 'float32' || !isF32(x) || outSize === 0) return js.avgPool(x, geo, countIncludePad, divisorOverride, dtype);
      const p = avgPlan(x.shape, geo, countIncludePad, divisorOverride, x, outSize, 0);
      if (!p) return js.avgPool(x, geo, countIncludePad, divisorOverride, dtype);
      k.avgPool(p.desc);
      return p.out ?? arena.read(arena.i32[(p.desc >> 2) + 16], outSize);
    },

    avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype) {
      const inSize = numel(inShape);
      if (dtype !== 'float32' || !isF32(dy) || inSize === 0 || numel(dy.shape) === 0) {
        return js.avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype);
      }
      const p = avgPlan(inShape, geo, countIncludePad, divisorOverride, dy, inSize, inSize);
      if (!p) return js.avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype);
      k.avgPoolBackward(p.desc);
      return p.out ?? arena.read(arena.i32[(p.desc >> 2) + 16], inSize);
    },
  };
}
