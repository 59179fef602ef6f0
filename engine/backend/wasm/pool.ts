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
   * `src` (packed from view `from`) and `dstFloats` floats of result (+ an f64 scratch of
   * `scratchDoubles`); returns the result's address, or null past the memory limit.
   */
  function avgPlan(inShape: readonly number[], geo: WindowGeometry, countIncludePad: boolean, divisorOverride: number,
    from: View, dstFloats: number, scratchDoubles: number): number | null {
    const b = boxesOf(inShape.slice(2), geo);
    const at = arena.layout(4 * 18, ...b.map((t) => 4 * t.length), 4 * numel(from.shape), 4 * dstFloats, 8 * scratchDoubles);
    if (!at) return null;
    const [desc, bD, bH, bW, src, dst, scratch] = at;
    arena.i32.set([inShape[0] * inShape[1], ...inShape.slice(2), ...geo.outSize, geo.kernel[2], geo.stride[2], geo.padBefore[2],
      divisorOverride, countIncludePad ? 1 : 0, bD, bH, bW, src, dst, scratch], desc >> 2);
    b.forEach((t, i) => arena.i32.set(t, at[1 + i] >> 2));
    arena.write(src, from);
    return desc;
  }

  return {
    maxPool(x, geo, dtype) {
      const planes = x.shape[0] * x.shape[1], outSize = planes * numel(geo.outSize);
      if (dtype !== 'float32' || !isF32(x) || outSize === 0) return js.maxPool(x, geo, dtype);
      const at = arena.layout(4 * 22, 4 * numel(x.shape), 4 * outSize, 4 * outSize);
      if (!at) return js.maxPool(x, geo, dtype);
      const [desc, px, pv, pi] = at;
      arena.i32.set([planes, ...x.shape.slice(2), ...geo.kernel, ...geo.outSize, ...geo.stride, ...geo.dilation, ...geo.padBefore, px, pv, pi], desc >> 2);
      arena.write(px, x);
      k.maxPool(desc);
      return { values: arena.read(pv, outSize), indices: arena.i32.slice(pi >> 2, (pi >> 2) + outSize) };
    },

    maxPoolBackward(dy, indices, inPlane, dtype) {
      const planes = dy.shape[0] * dy.shape[1], outPlane = numel(dy.shape.slice(2));
      if (dtype !== 'float32' || !isF32(dy) || !(indices.data instanceof Int32Array) || planes * inPlane === 0) {
        return js.maxPoolBackward(dy, indices, inPlane, dtype);
      }
      const at = arena.layout(4 * planes * outPlane, 4 * planes * outPlane, 4 * planes * inPlane);
      if (!at) return js.maxPoolBackward(dy, indices, inPlane, dtype);
      const [py, pi, px] = at;
      arena.write(py, dy);
      arena.writeI32(pi, indices);
      k.maxPoolBackward(py, pi, planes, outPlane, inPlane, px);
      return arena.read(px, planes * inPlane);
    },

    avgPool(x, geo, countIncludePad, divisorOverride, dtype) {
      const outSize = x.shape[0] * x.shape[1] * numel(geo.outSize);
      if (dtype !== 'float32' || !isF32(x) || outSize === 0) return js.avgPool(x, geo, countIncludePad, divisorOverride, dtype);
      const desc = avgPlan(x.shape, geo, countIncludePad, divisorOverride, x, outSize, 0);
      if (desc === null) return js.avgPool(x, geo, countIncludePad, divisorOverride, dtype);
      k.avgPool(desc);
      return arena.read(arena.i32[(desc >> 2) + 16], outSize);
    },

    avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype) {
      const inSize = numel(inShape);
      if (dtype !== 'float32' || !isF32(dy) || inSize === 0 || numel(dy.shape) === 0) {
        return js.avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype);
      }
      const desc = avgPlan(inShape, geo, countIncludePad, divisorOverride, dy, inSize, inSize);
      if (desc === null) return js.avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype);
      k.avgPoolBackward(desc);
      return arena.read(arena.i32[(desc >> 2) + 16], inSize);
    },
  };
}
