// Elementwise kernels of the wasm backend: float32 unary math and broadcast binary arithmetic in
// wasm; plain copies as typed-array set/fill/slice where the layout allows. Anything else
// (comparisons, integer and float64 math, unusual broadcasts) is the js kernel's.

import type { CoreKernels, View, UnaryOp, BinaryOp } from '../backend.ts';
import { allocate, type DType, type TypedArray } from '../../tensor/dtype.ts';
import { isContiguous } from '../js/strided.ts';
import { numel, isF32, packInto } from './arena.ts';
import type { WasmContext } from './context.ts';

// Op codes of assembly/elementwise.ts.
const BINARY: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };
const COMPARE: Partial<Record<BinaryOp, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };
const UNARY: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sqrt: 2, relu: 3, exp: 4, log: 5, sigmoid: 6, tanh: 7, reciprocal: 8, rsqrt: 9, floor: 10, ceil: 11, round: 12, erf: 13,
};

/** The typed array a dtype's storage uses, to tell whether a view already holds that dtype. */
const sameType = (data: TypedArray, dtype: DType): boolean => data.constructor === allocate(dtype, 0).constructor;

/**
 * A broadcast operand as its distinct elements (a view to pack) and its strides over the full
 * shape in packed elements, 0 along broadcast dims.
 */
function compact(v: View, shape: readonly number[]): { view: View; strides: number[] } {
  const keep = shape.map((_, d) => d).filter((d) => shape[d] > 1 && v.strides[d] !== 0);
  const view = { data: v.data, offset: v.offset, shape: keep.map((d) => shape[d]), strides: keep.map((d) => v.strides[d]) };
  const strides = shape.map(() => 0);
  for (let i = keep.length - 1, s = 1; i >= 0; s *= shape[keep[i]], i--) strides[keep[i]] = s;
  return { view, strides };
}

/** Drops size-1 dims and merges neighbours every operand steps through as one run; ≤ 3 dims or null. */
function merge(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } | null {
  const dims = shape.map((_, d) => d).filter((d) => shape[d] > 1);
  const outShape: number[] = [], out: number[][] = strides.map(() => []);
  for (const d of dims) {
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, i) => out[i][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, i) => { out[i][last] = s[d]; });
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, i) => out[i].push(s[d]));
    }
  }
  if (outShape.length > 3) return null;
  while (outShape.length < 3) {
    outShape.unshift(1);
    out.forEach((s) => s.unshift(0));
  }
  return { shape: outShape, strides: out };
}

export function elementwiseKernels({ k, arena, js }: WasmContext): Pick<CoreKernels, 'copy' | 'copyInto' | 'unary' | 'binary' | 'where'> {
  return {
    copy(x, dtype) {
      if (!sameType(x.data, dtype)) return js.copy(x, dtype);
      // Inside a scope a float32 copy (contiguous(), a reshape that must copy) lives in wasm memory too.
      const resident = dtype === 'float32' ? arena.result(numel(x.shape)) : null;
      if (resident) {
        packInto(resident, 0, x);
        return resident;
      }
      if (isContiguous(x)) return x.data.slice(x.offset, x.offset + numel(x.shape));
      const out = allocate(dtype, numel(x.shape));
      packInto(out, 0, x);
      return out;
    },

    copyInto(dst, src) {
      if (!isContiguous(dst) || dst.data.constructor !== src.data.constructor) return js.copyInto(dst, src);
      const n = numel(dst.shape);
      if (n > 0 && src.strides.every((s) => s === 0)) dst.data.fill(src.data[src.offset], dst.offset, dst.offset + n);
      else packInto(dst.data, dst.offset, src);
    },

    unary(op, x, dtype) {
      const code = UNARY[op];
      if (code === undefined || dtype !== 'float32' || !isF32(x)) return js.unary(op, x, dtype);
      const n = numel(x.shape);
      const y = arena.result(n);
      const at = arena.layout(arena.need(x), y ? 0 : 4 * n);
      if (!at) return js.unary(op, x, dtype);
      const py = y ? y.byteOffset : at[1];
      k.unary(code, arena.input(x, at[0]), py, n);
      return y ?? arena.read(py, n);
    },

    binary(op, a, b, shape, dtype) {
      // Arithmetic into float32, or comparisons of float32 into bool. bool operands (masks) convert
      // exactly; int32 ones could lose digits in float32, so they stay js.
      const compare = dtype === 'bool' && isF32(a) && isF32(b);
      const code = compare ? COMPARE[op] : BINARY[op];
      const ok = (v: View) => isF32(v) || v.data instanceof Uint8Array;
      if (code === undefined || !(compare || (dtype === 'float32' && ok(a) && ok(b)))) return js.binary(op, a, b, shape, dtype);
      const n = numel(shape);
      if (n === 0) return allocate(dtype, 0);
      const ca = compact(a, shape), cb = compact(b, shape);
      const m = merge(shape, [ca.strides, cb.strides]);
      if (!m) return js.binary(op, a, b, shape, dtype);
      const y = compare ? null : arena.result(n);
      const at = arena.layout(arena.need(ca.view), arena.need(cb.view), y ? 0 : (compare ? 1 : 4) * n);
      if (!at) return js.binary(op, a, b, shape, dtype);
      const [sa, sb] = m.strides;
      const pa = arena.input(ca.view, at[0]), pb = arena.input(cb.view, at[1]), py = y ? y.byteOffset : at[2];
      (compare ? k.compare : k.binary)(code, pa, pb, py, m.shape[0], m.shape[1], m.shape[2], sa[0], sa[1], sa[2], sb[0], sb[1], sb[2]);
      return y ?? (compare ? arena.u8.slice(py, py + n) : arena.read(py, n));
    },

    where(cond, a, b, shape, dtype) {
      // A bool mask choosing between float32 values (masked_fill, attention masks); else js.
      if (dtype !== 'float32' || !(cond.data instanceof Uint8Array) || !isF32(a) || !isF32(b)) return js.where(cond, a, b, shape, dtype);
      const n = numel(shape);
      if (n === 0) return allocate(dtype, 0);
      const cc = compact(cond, shape), ca = compact(a, shape), cb = compact(b, shape);
      const m = merge(shape, [cc.strides, ca.strides, cb.strides]);
      if (!m) return js.where(cond, a, b, shape, dtype);
      const y = arena.result(n);
      const at = arena.layout(numel(cc.view.shape), arena.need(ca.view), arena.need(cb.view), y ? 0 : 4 * n);
      if (!at) return js.where(cond, a, b, shape, dtype);
      packInto(arena.u8, at[0], cc.view);
      const [sc, sa, sb] = m.strides;
      const pa = arena.input(ca.view, at[1]), pb = arena.input(cb.view, at[2]), py = y ? y.byteOffset : at[3];
      k.where(at[0], pa, pb, py, m.shape[0], m.shape[1], m.shape[2], sc[0], sc[1], sc[2], sa[0], sa[1], sa[2], sb[0], sb[1], sb[2]);
      return y ?? arena.read(py, n);
    },
  };
}
