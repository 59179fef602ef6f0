// Sliding-window bookkeeping shared by convolution and pooling: per-dim options, PyTorch's
// output-size rule, and lifting 1-D/2-D tensors to the 3 spatial dims the kernels expect.

import type { View } from '../backend/index.ts';
import type { WindowGeometry } from '../backend/nn-kernels.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

/** Window placement per spatial dim (1 to 3 entries), fully resolved: what the ops record. */
export interface WindowAttrs {
  stride: number[];
  dilation: number[];
  padBefore: number[];
  padAfter: number[];
}

/** A per-dim option as PyTorch takes it: one integer for every spatial dim, or one per dim. */
export function perDim(op: string, name: string, v: number | readonly number[], nd: number, min: number): number[] {
  const list = typeof v === 'number' ? new Array<number>(nd).fill(v) : [...v];
  if (list.length !== nd || list.some((x) => !Number.isInteger(x) || x < min)) {
    throw new ValueError(`${op}: ${name} must be an integer ≥ ${min} or a list of ${nd} of them, got ${JSON.stringify(v)}`);
  }
  return list;
}

/**
 * Output length along one dim: ⌊(n + padding − dilation·(k−1) − 1) / stride⌋ + 1, or ⌈…⌉ with
 * ceilMode — but then the last window must still start inside the input or the left padding.
 */
export function windowOutSize(n: number, k: number, s: number, d: number, pb: number, pa: number, ceilMode = false): number {
  const span = n + pb + pa - d * (k - 1) - 1;
  if (span < 0) return 0;
  let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceilMode && (out - 1) * s >= n + pb) out--;
  return out;
}

/** The output's spatial sizes, or a ShapeError naming the op, input, window and padding when one is empty. */
export function outSizes(op: string, xShape: readonly number[], kernel: readonly number[], a: WindowAttrs, ceilMode = false, what = ''): number[] {
  const spatial = xShape.slice(2);
  const out = spatial.map((n, i) => windowOutSize(n, kernel[i], a.stride[i], a.dilation[i], a.padBefore[i], a.padAfter[i], ceilMode));
  if (out.some((o) => o < 1)) {
    const padded = spatial.map((n, i) => n + a.padBefore[i] + a.padAfter[i]);
    const span = kernel.map((k, i) => a.dilation[i] * (k - 1) + 1);
    throw new ShapeError(
      `${op}: the window ${fmtShape(span)} (kernel ${fmtShape(kernel)}, dilation ${fmtShape(a.dilation)}) is larger than the padded input ${fmtShape(padded)}` +
        ` (x ${fmtShape(xShape)}${what}, padding ${fmtShape(a.padBefore)}${a.padAfter.some((p, i) => p !== a.padBefore[i]) ? `+${fmtShape(a.padAfter)}` : ''})`,
    );
  }
  return out;
}

const lead = <T>(list: readonly T[], fill: T): T[] => [...new Array<T>(3 - list.length).fill(fill), ...list];

/** The kernels' geometry: every per-dim list padded in front to 3 spatial dims. */
export function geometry(a: WindowAttrs, kernel: readonly number[], outSize: readonly number[]): WindowGeometry {
  return {
    kernel: lead(kernel, 1), stride: lead(a.stride, 1), dilation: lead(a.dilation, 1),
    padBefore: lead(a.padBefore, 0), padAfter: lead(a.padAfter, 0), outSize: lead(outSize, 1),
  };
}

/** A shape (N, C, …spatial) with size-1 spatial dims in front, so it has 3 of them. */
export const liftShape = (shape: readonly number[]): number[] => [...shape.slice(0, 2), ...new Array<number>(5 - shape.length).fill(1), ...shape.slice(2)];

/** A view lifted the same way (the new dims get stride 0: they are never stepped along). */
export function lift(t: View): View {
  const strides = [...t.strides.slice(0, 2), ...new Array<number>(5 - t.shape.length).fill(0), ...t.strides.slice(2)];
  return { data: t.data, offset: t.offset, shape: liftShape(t.shape), strides };
}
