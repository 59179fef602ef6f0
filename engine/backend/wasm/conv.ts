// Float32 convolution on the wasm kernels: each image (and group) is one im2col + sgemm, forward
// and in both gradients; threads take whole images. The weight gradient sums per-chunk partials.

import type { View } from '../backend.ts';
import type { NnKernels, WindowGeometry } from '../nn-kernels.ts';
import { numel, isF32 } from './arena.ts';
import { parallel, threadCount, MAX_CHUNKS } from './threads.ts';
import type { WasmContext } from './context.ts';

const TASK_CONV = 1, TASK_INPUT_GRAD = 2, TASK_WEIGHT_GRAD = 3;
const X = 22, Y = 25; // descriptor words moved per group of images (see assembly/conv.ts)
const WEIGHT_GRAD_CHUNKS = 8;

export function convKernels({ k, arena, js, gemmWorkspace }: WasmContext): Pick<NnKernels, 'conv' | 'convInputGrad' | 'convWeightGrad'> {
  /**
   * Lays out a conv task: x (N, C, D, H, W) · w (O, C/groups, kD, kH, kW) → y (N, O, oD, oH, oW),
   * plus `extra` bytes per chunk (bias, or one partial dw per chunk of the n a weight gradient
   * uses); `at` gives the addresses of x, w and y where they already live in wasm memory (inputs
   * read in place, a resident result), the rest get scratch. Returns the addresses, or null past
   * the memory limit.
   */
  function plan(xShape: readonly number[], wShape: readonly number[], geo: WindowGeometry, groups: number, extra: number,
    at: { x: number; w: number; y: number }, n = 1) {
    const [N, C, D, H, W] = xShape, [O, Cg] = wShape;
    const taps = numel(geo.kernel), P = numel(geo.outSize), CK = Cg * taps;
    const pointwise = taps === 1 && geo.stride.every((s) => s === 1) && geo.padBefore.every((p) => p === 0) && P === D * H * W;
    const slots = 2 * N * O * CK * P >= 2e6 && N > 1 ? threadCount(k) : 1;
    const wsStride = Math.ceil((gemmWorkspace + (pointwise ? 0 : 4 * CK * P)) / 64) * 64;
    const scratch = (addr: number, bytes: number) => (addr >= 0 ? 0 : bytes);
    const blocks = arena.layout(128, scratch(at.x, 4 * N * C * D * H * W), scratch(at.w, 4 * O * CK), scratch(at.y, 4 * N * O * P),
      slots * wsStride, extra * n);
    if (!blocks) return null;
    const [desc, sx, sw, sy, ws, more] = blocks;
    const x = at.x >= 0 ? at.x : sx, w = at.w >= 0 ? at.w : sw, y = at.y >= 0 ? at.y : sy;
    arena.i32.set([N, C, D, H, W, O, groups, ...geo.kernel, ...geo.outSize, ...geo.stride, ...geo.dilation, ...geo.padBefore,
      x, w, 0, y, ws, wsStride, more, Math.ceil(N / n)], desc >> 2);
    return { desc, x, w, y, more, slots, n, imageIn: 4 * C * D * H * W, imageOut: 4 * O * P, size: N * O * P, wSize: O * CK };
  }

  /** Copies an input into its scratch block unless the kernel reads it in place. */
  const fill = (v: View, addr: number) => {
    if (arena.inPlace(v) < 0) arena.write(addr, v);
  };
  const addr = (data: Float32Array | null) => (data ? data.byteOffset : -1);

  // Runs one chunk per image, in tasks of at most MAX_CHUNKS images.
  function perImage(kind: number, p: NonNullable<ReturnType<typeof plan>>, N: number): void {
    const words = arena.i32, d = p.desc >> 2;
    for (let first = 0; first < N; first += MAX_CHUNKS) {
      words[d + X] = p.x + first * p.imageIn;
      words[d + Y] = p.y + first * p.imageOut;
      parallel(kind, p.desc, Math.min(MAX_CHUNKS, N - first), p.slots, k);
    }
  }

  const applies = (dtype: string, ...vs: View[]) => dtype === 'float32' && vs.every((v) => isF32(v) && numel(v.shape) > 0);

  return {
    conv(x, w, bias, geo, groups, dtype) {
      if (!applies(dtype, x, w, ...(bias ? [bias] : [])) || numel(geo.outSize) === 0) return js.conv(x, w, bias, geo, groups, dtype);
      const O = w.shape[0];
      const y = arena.result(x.shape[0] * O * numel(geo.outSize));
      const p = plan(x.shape, w.shape, geo, groups, bias ? 4 * O : 0, { x: arena.inPlace(x), w: arena.inPlace(w), y: addr(y) });
      if (!p) return js.conv(x, w, bias, geo, groups, dtype);
      fill(x, p.x);
      fill(w, p.w);
      if (bias) {
        arena.write(p.more, bias);
        arena.i32[(p.desc >> 2) + 24] = p.more;
      }
      perImage(TASK_CONV, p, x.shape[0]);
      return y ?? arena.read(p.y, p.size);
    },

    convInputGrad(dy, w, inShape, geo, groups, dtype) {
      if (!applies(dtype, dy, w) || numel(inShape) === 0) return js.convInputGrad(dy, w, inShape, geo, groups, dtype);
      const dx = arena.result(numel(inShape));
      const p = plan(inShape, w.shape, geo, groups, 0, { x: addr(dx), w: arena.inPlace(w), y: arena.inPlace(dy) });
      if (!p) return js.convInputGrad(dy, w, inShape, geo, groups, dtype);
      fill(dy, p.y);
      fill(w, p.w);
      perImage(TASK_INPUT_GRAD, p, inShape[0]);
      return dx ?? arena.read(p.x, numel(inShape));
    },

    convWeightGrad(dy, x, geo, groups, dtype) {
      if (!applies(dtype, dy, x) || numel(geo.outSize) === 0) return js.convWeightGrad(dy, x, geo, groups, dtype);
      const wShape = [dy.shape[1], x.shape[1] / groups, ...geo.kernel];
      const N = x.shape[0];
      // Each chunk sums a run of images into its own partial dw. The chunk count depends on N alone,
      // so dw is summed in the same order, bit for bit, whatever the thread count.
      const p = plan(x.shape, wShape, geo, groups, 4 * numel(wShape), { x: arena.inPlace(x), w: -1, y: arena.inPlace(dy) },
        Math.min(N, WEIGHT_GRAD_CHUNKS));
      if (!p) return js.convWeightGrad(dy, x, geo, groups, dtype);
      fill(x, p.x);
      fill(dy, p.y);
      parallel(TASK_WEIGHT_GRAD, p.desc, p.n, p.slots, k);
      if (p.n > 1) k.sumPartials(p.more, p.n, p.wSize, p.more);
      return arena.read(p.more, p.wSize);
    },
  };
}
