// Elementwise kernels: unary math, broadcast binary ops, where, and strided copies.
// Each op is the scalar formula it computes; the loops around them are shared.

import type { CoreKernels, UnaryOp, BinaryOp, View } from '../backend.ts';
import { allocate } from '../../tensor/dtype.ts';
import { isContiguous, offsetsOf, numelOf } from './strided.ts';

// erf to ~1e-15: the Maclaurin series where it converges quickly (|x| < 3), and erfc's continued
// fraction beyond (evaluated bottom-up with a fixed depth), where erf is within 2e-5 of ±1.
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (!Number.isFinite(ax)) return Number.isNaN(x) ? NaN : Math.sign(x);
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f));
}

// Python's a // b: the quotient of the exact remainder, (a − fmod(a, b)) / b, which is an integer up
// to rounding, nudged down when the remainder's sign differs from b's and then snapped to the nearest
// integer. floor(a / b) would be wrong where a / b rounds up to an integer (1 // 0.1 is 9, not 10).
function floorDivide(a: number, b: number): number {
  if (b === 0) return a / b; // ±∞ or NaN, as IEEE division (ints are rejected before the kernel)
  const mod = a % b;
  let q = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) q -= 1;
  if (q === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0; // a zero quotient keeps the sign of a / b
  const f = Math.floor(q);
  return q - f > 0.5 ? f + 1 : f;
}

// Round half to even, as torch.round and ONNX Round.
const roundHalfEven = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

export const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x, abs: Math.abs, exp: Math.exp, log: Math.log, sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x), sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin,
  acos: Math.acos, atan: Math.atan, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  // Split by sign so exp never overflows: for x < 0, e^x/(1+e^x).
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x) => (x <= 0 ? 0 : x), erf, sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // relu keeps NaN, as torch
  floor: Math.floor, ceil: Math.ceil, round: roundHalfEven, trunc: Math.trunc, reciprocal: (x) => 1 / x,
  logicalNot: (x) => (x ? 0 : 1), isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isinf: (x) => (x === Infinity || x === -Infinity ? 1 : 0), expm1: Math.expm1, log1p: Math.log1p,
};

export const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
  pow: Math.pow, maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  fmod: (a, b) => a % b, // sign of the dividend (C fmod)
  remainder: (a, b) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; }, // sign of the divisor (Python %)
  floorDivide,
  atan2: Math.atan2,
  eq: (a, b) => +(a === b), ne: (a, b) => +(a !== b), lt: (a, b) => +(a < b), le: (a, b) => +(a <= b),
  gt: (a, b) => +(a > b), ge: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(!!a && !!b), logicalOr: (a, b) => +(!!a || !!b), logicalXor: (a, b) => +(!!a !== !!b),
  bitwiseAnd: (a, b) => a & b, bitwiseOr: (a, b) => a | b, bitwiseXor: (a, b) => a ^ b,
  shiftLeft: (a, b) => a << b, shiftRight: (a, b) => a >>> b,
};

// Storing into bool means "is it non-zero" (NaN counts as true, as in PyTorch); a Uint8Array
// alone would keep 2 as 2 and truncate 0.5 to 0.
const asBool = <F extends (...xs: number[]) => number>(f: F, dtype: string): F =>
  (dtype === 'bool' ? (((...xs: number[]) => (f(...xs) !== 0 ? 1 : 0)) as F) : f);
const identity = (x: number): number => x;

function readAll(v: View): Int32Array | null {
  return isContiguous(v) ? null : offsetsOf(v);
}

export const elementwiseKernels: Pick<CoreKernels, 'copy' | 'copyInto' | 'unary' | 'binary' | 'where'> = {
  copy(x, dtype) {
    const n = numelOf(x.shape);
    const out = allocate(dtype, n);
    const offs = readAll(x);
    const d = x.data;
    if (dtype === 'bool') {
      const f = asBool(identity, dtype);
      for (let i = 0; i < n; i++) out[i] = f(d[offs ? offs[i] : x.offset + i]);
    } else if (offs) for (let i = 0; i < n; i++) out[i] = d[offs[i]];
    else for (let i = 0; i < n; i++) out[i] = d[x.offset + i];
    return out;
  },

  copyInto(dst, src) {
    const n = numelOf(dst.shape);
    const od = offsetsOf(dst);
    const os = offsetsOf(src);
    for (let i = 0; i < n; i++) dst.data[od[i]] = src.data[os[i]];
  },

  unary(op, x, dtype) {
    const f = asBool(UNARY[op], dtype);
    const n = numelOf(x.shape);
    const out = allocate(dtype, n);
    const offs = readAll(x);
    const d = x.data;
    if (offs) for (let i = 0; i < n; i++) out[i] = f(d[offs[i]]);
    else for (let i = 0, o = x.offset; i < n; i++) out[i] = f(d[o + i]);
    return out;
  },

  binary(op, a, b, shape, dtype) {
    const f = asBool(BINARY[op], dtype);
    const n = numelOf(shape);
    const out = allocate(dtype, n);
    const da = a.data;
    const db = b.data;
    const scalarB = b.strides.every((s) => s === 0);
    // Fast paths for the common cases: same-shape contiguous operands, and tensor ∘ scalar.
    if (isContiguous(a) && (scalarB || isContiguous(b))) {
      const oa = a.offset;
      const ob = b.offset;
      if (scalarB) for (let i = 0, v = db[ob]; i < n; i++) out[i] = f(da[oa + i], v);
      else for (let i = 0; i < n; i++) out[i] = f(da[oa + i], db[ob + i]);
      return out;
    }
    const oa = offsetsOf(a);
    const ob = offsetsOf(b);
    for (let i = 0; i < n; i++) out[i] = f(da[oa[i]], db[ob[i]]);
    return out;
  },

  where(cond, a, b, shape, dtype) {
    const n = numelOf(shape);
    const out = allocate(dtype, n);
    const oc = offsetsOf(cond);
    const oa = offsetsOf(a);
    const ob = offsetsOf(b);
    for (let i = 0; i < n; i++) out[i] = cond.data[oc[i]] ? a.data[oa[i]] : b.data[ob[i]];
    return out;
  },
};
