// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// Elementwise float32 kernels: unary math, and binary ops over operands broadcast to a shape of
// up to 3 dims, each operand's stride per dim being 0 (broadcast) or its own packed stride.
// Op codes are shared with engine/backend/wasm/elementwise.ts.

import { exp4, log4, tanh4, erf4 } from './math';

// Binary: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum.
@inline function vbin(op: i32, a: v128, b: v128): v128 {
  if (op == 0) return f32x4.add(a, b);
  if (op == 1) return f32x4.sub(a, b);
  if (op == 2) return f32x4.mul(a, b);
  if (op == 3) return f32x4.div(a, b);
  if (op == 4) return f32x4.max(a, b); // NaN-propagating, as torch.maximum
  return f32x4.min(a, b);
}

// out[j] = a[j·sa] ∘ b[j·sb] for j < len; sa, sb ∈ {0, 1}. The lane loop keeps the tail scalar.
@inline function line(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, len: i32): void {
  let j = 0;
  if (sa == 1 && sb == 1) {
    for (; j + 4 <= len; j += 4) v128.store(out + (<usize>j << 2), vbin(op, v128.load(a + (<usize>j << 2)), v128.load(b + (<usize>j << 2))));
  } else if (sa == 1) {
    const vb = v128.load32_splat(b);
    for (; j + 4 <= len; j += 4) v128.store(out + (<usize>j << 2), vbin(op, v128.load(a + (<usize>j << 2)), vb));
  } else if (sb == 1) {
    const va = v128.load32_splat(a);
    for (; j + 4 <= len; j += 4) v128.store(out + (<usize>j << 2), vbin(op, va, v128.load(b + (<usize>j << 2))));
  }
  for (; j < len; j++) {
    const x = vbin(op, v128.load32_zero(a + <usize>(j * sa) * 4), v128.load32_zero(b + <usize>(j * sb) * 4));
    store<f32>(out + (<usize>j << 2), f32x4.extract_lane(x, 0));
  }
}

@inline function binaryOp(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, sa0: i32, sa1: i32, sa2: i32, sb0: i32, sb1: i32, sb2: i32): void {
  for (let i = 0; i < d0; i++) {
    for (let k = 0; k < d1; k++) {
      const pa = a + (<usize>(i * sa0 + k * sa1) << 2), pb = b + (<usize>(i * sb0 + k * sb1) << 2);
      line(op, pa, sa2, pb, sb2, out, d2);
      out += <usize>d2 << 2;
    }
  }
}

/** out (d0×d1×d2, contiguous) = a ∘ b, with a[i,k,j] at a + (i·sa0 + k·sa1 + j·sa2) floats (b alike). */
export function binary(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, sa0: i32, sa1: i32, sa2: i32, sb0: i32, sb1: i32, sb2: i32): void {
  switch (op) {
    case 0: binaryOp(0, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 1: binaryOp(1, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 2: binaryOp(2, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 3: binaryOp(3, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 4: binaryOp(4, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    default: binaryOp(5, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2);
  }
}

// Unary: 0 neg, 1 abs, 2 sqrt, 3 relu, 4 exp, 5 log, 6 sigmoid, 7 tanh, 8 reciprocal, 9 rsqrt,
// 10 floor, 11 ceil, 12 round (half to even), 13 erf.
@inline function vun(op: i32, x: v128): v128 {
  if (op == 0) return f32x4.neg(x);
  if (op == 1) return f32x4.abs(x);
  if (op == 2) return f32x4.sqrt(x);
  if (op == 3) return v128.andnot(x, f32x4.le(x, f32x4.splat(0))); // x ≤ 0 ? +0 : x, so NaN stays NaN (torch.relu)
  if (op == 4) return exp4(x);
  if (op == 5) return log4(x);
  if (op == 6) return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
  if (op == 7) return tanh4(x);
  if (op == 8) return f32x4.div(f32x4.splat(1), x);
  if (op == 9) return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
  if (op == 10) return f32x4.floor(x);
  if (op == 11) return f32x4.ceil(x);
  if (op == 12) return f32x4.nearest(x);
  return erf4(x);
}

@inline function unaryOp(op: i32, x: usize, out: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), vun(op, v128.load(x + (<usize>j << 2))));
  for (; j < n; j++) store<f32>(out + (<usize>j << 2), f32x4.extract_lane(vun(op, v128.load32_zero(x + (<usize>j << 2))), 0));
}

/** out[j] = f(x[j]) for j < n. */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case 0: unaryOp(0, x, out, n); break;
    case 1: unaryOp(1, x, out, n); break;
    case 2: unaryOp(2, x, out, n); break;
    case 3: unaryOp(3, x, out, n); break;
    case 4: unaryOp(4, x, out, n); break;
    case 5: unaryOp(5, x, out, n); break;
    case 6: unaryOp(6, x, out, n); break;
    case 7: unaryOp(7, x, out, n); break;
    case 8: unaryOp(8, x, out, n); break;
    case 9: unaryOp(9, x, out, n); break;
    case 10: unaryOp(10, x, out, n); break;
    case 11: unaryOp(11, x, out, n); break;
    case 12: unaryOp(12, x, out, n); break;
    default: unaryOp(13, x, out, n);
  }
}

// Comparisons: 0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge; all-ones lanes where true (NaN compares unequal).
@inline function vcmp(op: i32, a: v128, b: v128): v128 {
  if (op == 0) return f32x4.eq(a, b);
  if (op == 1) return f32x4.ne(a, b);
  if (op == 2) return f32x4.lt(a, b);
  if (op == 3) return f32x4.le(a, b);
  if (op == 4) return f32x4.gt(a, b);
  return f32x4.ge(a, b);
}

// Loads 4 lanes of an operand: a vector when it steps (s = 1), its one value splat when broadcast.
@inline function lanes4(p: usize, s: i32, j: i32): v128 {
  return s == 1 ? v128.load(p + (<usize>j << 2)) : v128.load32_splat(p);
}

// out[j] = a[j·sa] ∘ b[j·sb] as bytes 0/1: 16 results are narrowed from 4 masks into one store.
@inline function compareLine(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, len: i32): void {
  let j = 0;
  const one = i8x16.splat(1);
  for (; j + 16 <= len; j += 16) {
    const m0 = vcmp(op, lanes4(a, sa, j), lanes4(b, sb, j)), m1 = vcmp(op, lanes4(a, sa, j + 4), lanes4(b, sb, j + 4));
    const m2 = vcmp(op, lanes4(a, sa, j + 8), lanes4(b, sb, j + 8)), m3 = vcmp(op, lanes4(a, sa, j + 12), lanes4(b, sb, j + 12));
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
    v128.store(out + <usize>j, v128.and(bytes, one));
  }
  for (; j < len; j++) {
    const m = vcmp(op, v128.load32_zero(a + <usize>(j * sa) * 4), v128.load32_zero(b + <usize>(j * sb) * 4));
    store<u8>(out + <usize>j, <u8>(i32x4.extract_lane(m, 0) & 1));
  }
}

@inline function compareOp(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, sa0: i32, sa1: i32, sa2: i32, sb0: i32, sb1: i32, sb2: i32): void {
  for (let i = 0; i < d0; i++) {
    for (let k = 0; k < d1; k++) {
      compareLine(op, a + (<usize>(i * sa0 + k * sa1) << 2), sa2, b + (<usize>(i * sb0 + k * sb1) << 2), sb2, out, d2);
      out += <usize>d2;
    }
  }
}

/** out (d0×d1×d2 bytes, contiguous) = a ∘ b as 0/1, operands addressed as in binary(). */
export function compare(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, sa0: i32, sa1: i32, sa2: i32, sb0: i32, sb1: i32, sb2: i32): void {
  switch (op) {
    case 0: compareOp(0, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 1: compareOp(1, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 2: compareOp(2, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 3: compareOp(3, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    case 4: compareOp(4, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2); break;
    default: compareOp(5, a, b, out, d0, d1, d2, sa0, sa1, sa2, sb0, sb1, sb2);
  }
}

/**
 * out (d0×d1×d2, contiguous) = cond ? a : b, cond as bytes; each operand addressed by its own
 * strides per dim in elements (0 where broadcast), as in binary(). A stride-1 row of all three
 * selects four lanes at once.
 */
export function where(cond: usize, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32,
  sc0: i32, sc1: i32, sc2: i32, sa0: i32, sa1: i32, sa2: i32, sb0: i32, sb1: i32, sb2: i32): void {
  for (let i = 0; i < d0; i++) {
    for (let k = 0; k < d1; k++) {
      const pc = cond + <usize>(i * sc0 + k * sc1), pa = a + (<usize>(i * sa0 + k * sa1) << 2), pb = b + (<usize>(i * sb0 + k * sb1) << 2);
      let j = 0;
      if (sc2 == 1 && sa2 <= 1 && sb2 <= 1) {
        for (; j + 4 <= d2; j += 4) {
          // 4 mask bytes widened to 4 all-ones-or-zero lanes.
          const m = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(pc + <usize>j))), i32x4.splat(0));
          v128.store(out + (<usize>j << 2), v128.bitselect(lanes4(pa + (<usize>(j * sa2) << 2), sa2, 0), lanes4(pb + (<usize>(j * sb2) << 2), sb2, 0), m));
        }
      }
      for (; j < d2; j++) {
        store<f32>(out + (<usize>j << 2), load<u8>(pc + <usize>(j * sc2)) != 0 ? load<f32>(pa + (<usize>(j * sa2) << 2)) : load<f32>(pb + (<usize>(j * sb2) << 2)));
      }
      out += <usize>d2 << 2;
    }
  }
}
