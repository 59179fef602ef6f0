// Walking a strided view in row-major order. Every js kernel reads its inputs through these, so
// views (transposes, broadcasts, slices) never need a copy before a kernel.

import type { View } from '../backend.ts';

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** True when the view reads its storage front to back with no gaps. */
export function isContiguous(v: View): boolean {
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    if (v.shape[i] !== 1 && v.strides[i] !== expected) return false;
    expected *= v.shape[i];
  }
  return true;
}

/** Storage index of each element in row-major order (an odometer over the dims). */
export function offsetsOf(v: View): Int32Array {
  const n = size(v.shape);
  const out = new Int32Array(n);
  const nd = v.shape.length;
  if (nd === 0) {
    if (n) out[0] = v.offset;
    return out;
  }
  const idx = new Array<number>(nd).fill(0);
  let pos = v.offset;
  const last = nd - 1;
  const lastSize = v.shape[last];
  const lastStride = v.strides[last];
  for (let i = 0; i < n; ) {
    for (let j = 0; j < lastSize; j++) out[i++] = pos + j * lastStride;
    // carry into the outer dims
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      pos += v.strides[d];
      if (idx[d] < v.shape[d]) break;
      pos -= idx[d] * v.strides[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Reads a view into a plain index→value accessor: identity offsets when contiguous. */
export function reader(v: View): (i: number) => number {
  const d = v.data;
  if (isContiguous(v)) {
    const o = v.offset;
    return (i) => d[o + i];
  }
  const offs = offsetsOf(v);
  return (i) => d[offs[i]];
}

export { size as numelOf };
