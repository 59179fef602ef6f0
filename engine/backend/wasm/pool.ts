// Float32 max pooling on the wasm kernels, forward and backward; average pooling and the
// double-backward gather stay with the js kernels.

import type { NnKernels } from '../nn-kernels.ts';
import { numel, isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

export function poolKernels({ k, arena, js }: WasmContext): Pick<NnKernels, 'maxPool' | 'maxPoolBackward'> {
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
  };
}
