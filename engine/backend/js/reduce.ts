// Reductions (sum, prod, max, min, argmax, argmin), cumulative sums and products, and batched matmul.

import type { CoreKernels, View } from '../backend.ts';
import { allocate, type DType, type TypedArray } from '../../tensor/dtype.ts';
import { offsetsOf, numelOf } from './strided.ts';

/** Reorders a view so the kept dims come first and the reduced dims last: each output reads one run of R offsets. */
function keptThenReduced(x: View, dims: readonly number[]): { view: View; groups: number; r: number } {
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const order = [...kept, ...dims];
  const view: View = { data: x.data, offset: x.offset, shape: order.map((i) => x.shape[i]), strides: order.map((i) => x.strides[i]) };
  const r = numelOf(dims.map((d) => x.shape[d]));
  return { view, groups: numelOf(kept.map((d) => x.shape[d])), r };
}

/** Runs of `dim` folded with `step` from `init` (cumsum, cumprod); `exclusive` leaves out the element itself. */
function scan(x: View, dim: number, dtype: DType, init: number, step: (acc: number, v: number) => number, exclusive: boolean, reverse: boolean): TypedArray {
  const n = numelOf(x.shape);
  const out = allocate(dtype, n);
  const offs = offsetsOf(x);
  const len = x.shape[dim] ?? 1; // a 0-dim tensor is one run of length 1
  const inner = numelOf(x.shape.slice(dim + 1));
  const outer = n / Math.max(len * inner, 1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = init;
      for (let k = 0; k < len; k++) {
        const j = reverse ? len - 1 - k : k;
        const at = (o * len + j) * inner + i;
        const v = x.data[offs[at]];
        if (exclusive) { out[at] = acc; acc = step(acc, v); } else { acc = step(acc, v); out[at] = acc; }
      }
    }
  }
  return out;
}

export const reduceKernels: Pick<CoreKernels, 'reduce' | 'cumsum' | 'cumprod' | 'matmul'> = {
  reduce(op, x, dims, dtype) {
    const { view, groups, r } = keptThenReduced(x, dims);
    const offs = offsetsOf(view);
    const d = x.data;
    const out = allocate(dtype, groups);
    for (let g = 0; g < groups; g++) {
      const base = g * r;
      if (op === 'sum') {
        let s = 0;
        for (let j = 0; j < r; j++) s += d[offs[base + j]];
        out[g] = s;
      } else if (op === 'prod') {
        let p = 1;
        for (let j = 0; j < r; j++) p *= d[offs[base + j]];
        out[g] = p;
      } else if (r === 0) {
        // An empty block has no extreme: give the identity (ONNX's rule); ops reject this case first.
        out[g] = op === 'max' ? -Infinity : op === 'min' ? Infinity : 0;
      } else {
        // max/min propagate NaN, as PyTorch; arg* return the first extreme (or the first NaN).
        const wantMax = op === 'max' || op === 'argmax';
        let best = d[offs[base]];
        let at = 0;
        for (let j = 1; j < r && best === best; j++) {
          const v = d[offs[base + j]];
          if (v !== v || (wantMax ? v > best : v < best)) { best = v; at = j; }
        }
        out[g] = op === 'max' || op === 'min' ? best : at;
      }
    }
    return out;
  },

  cumsum: (x, dim, dtype, exclusive, reverse) => scan(x, dim, dtype, 0, (s, v) => s + v, exclusive, reverse),
  cumprod: (x, dim, dtype) => scan(x, dim, dtype, 1, (p, v) => p * v, false, false),

  matmul(a, b, dtype) {
    // a: (…, M, K) · b: (…, K, N) → (…, M, N), batch dims already broadcast to the same shape.
    // The i-k-j loop order streams rows of b and of the output.
    const nd = a.shape.length;
    const [m, k] = a.shape.slice(nd - 2);
    const n = b.shape[nd - 1];
    const batchShape = a.shape.slice(0, nd - 2);
    const aBatch = offsetsOf({ data: a.data, shape: batchShape, strides: a.strides.slice(0, nd - 2), offset: a.offset });
    const bBatch = offsetsOf({ data: b.data, shape: batchShape, strides: b.strides.slice(0, nd - 2), offset: b.offset });
    const [sam, sak] = a.strides.slice(nd - 2);
    const [sbk, sbn] = b.strides.slice(nd - 2);
    const out = allocate(dtype, aBatch.length * m * n);
    const da = a.data;
    const db = b.data;
    const row = new Float64Array(n);
    for (let p = 0; p < aBatch.length; p++) {
      for (let i = 0; i < m; i++) {
        row.fill(0);
        for (let q = 0; q < k; q++) {
          const av = da[aBatch[p] + i * sam + q * sak];
          const bo = bBatch[p] + q * sbk;
          for (let j = 0; j < n; j++) row[j] += av * db[bo + j * sbn];
        }
        out.set(row, (p * m + i) * n);
      }
    }
    return out;
  },
};
