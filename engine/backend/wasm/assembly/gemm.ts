// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// sgemm: C (m×n) = A (m×k) · B (k×n) [+ C], row-major float32 with leading dims, either operand
// transposed by a flag. Goto/BLIS blocking: B is packed in k×8 panels, A in 4×k panels, and a 4×8
// register tile of eight f32x4 accumulators runs the inner loop.

const MR: i32 = 4; // rows of the register tile
const NR: i32 = 8; // columns of the register tile (two f32x4)
const KC: i32 = 256; // depth of a packed block: one A panel + one B panel stay in L1
const MC: i32 = 128; // rows of A packed at once (L2)
const NC: i32 = 2048; // columns of B packed at once
/** Bytes of scratch one sgemm call needs: packed A block, packed B block, one edge tile. */
export const GEMM_WORKSPACE: i32 = (MC * KC + KC * NC + MR * NR) * 4;

/** 4×4 block transpose: rows at src + r·ld (4 floats each) become columns at dst + c·step. */
@inline function transpose4(src: usize, ld: usize, dst: usize, step: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + ld), r2 = v128.load(src + 2 * ld), r3 = v128.load(src + 3 * ld);
  const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i64>(t0, t2, 0, 2));
  v128.store(dst + step, v128.shuffle<i64>(t0, t2, 1, 3));
  v128.store(dst + 2 * step, v128.shuffle<i64>(t1, t3, 0, 2));
  v128.store(dst + 3 * step, v128.shuffle<i64>(t1, t3, 1, 3));
}

// A(i, p) lives at a[i·lda + p], or at a[p·lda + i] when transposed. Panels hold MR rows per p.
function packA(a: usize, lda: i32, trans: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const ld = <usize>lda << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    if (trans) {
      let src = a + (<usize>(p0 * lda + i0 + ir) << 2);
      if (rows == MR) {
        for (let p = 0; p < kc; p++, src += ld, dst += 16) v128.store(dst, v128.load(src));
      } else {
        for (let p = 0; p < kc; p++, src += ld, dst += 16) {
          for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
        }
      }
    } else {
      const row = a + (<usize>((i0 + ir) * lda + p0) << 2);
      let p = 0;
      // Rows of A become the lanes of each packed step: 4×4 transposes, then the tail one by one.
      if (rows == MR) for (; p + 4 <= kc; p += 4, dst += 64) transpose4(row + (<usize>p << 2), ld, dst, 16);
      for (; p < kc; p++, dst += 16) {
        const s = row + (<usize>p << 2);
        for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(s + <usize>r * ld) : 0);
      }
    }
  }
}

// B(p, j) lives at b[p·ldb + j], or at b[j·ldb + p] when transposed. Panels hold NR columns per p.
function packB(b: usize, ldb: i32, trans: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const ld = <usize>ldb << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    if (!trans) {
      let src = b + (<usize>(p0 * ldb + j0 + jr) << 2);
      if (cols == NR) {
        for (let p = 0; p < kc; p++, src += ld, dst += 32) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++, src += ld, dst += 32) {
          for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(src + (<usize>j << 2)) : 0);
        }
      }
    } else {
      const col = b + (<usize>((j0 + jr) * ldb + p0) << 2);
      let p = 0;
      if (cols == NR) {
        for (; p + 4 <= kc; p += 4, dst += 128) {
          transpose4(col + (<usize>p << 2), ld, dst, 32);
          transpose4(col + 4 * ld + (<usize>p << 2), ld, dst + 16, 32);
        }
      }
      for (; p < kc; p++, dst += 32) {
        const s = col + (<usize>p << 2);
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(s + <usize>j * ld) : 0);
      }
    }
  }
}

/**
 * c + x·b. The relaxed build (ASC_FEATURE_RELAXED_SIMD, a compile-time constant) fuses it into one
 * multiply-add with one rounding where the host has FMA: fewer instructions in an issue-bound loop,
 * and results that differ from the portable build's in the last bits. The portable build is unchanged.
 */
@inline function madd(c: v128, x: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, b, c);
  return f32x4.add(c, f32x4.mul(x, b));
}

// The 4×8 tile: c[r][0..8] (+)= Σ_p a[p][r] · b[p][0..8] over packed panels.
function micro(a: usize, b: usize, kc: i32, c: usize, ldc: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // The A pointer is the loop counter: one add fewer per step in a loop that is issue-bound.
  for (const end = a + (<usize>kc << 4); a < end; ) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = madd(c00, x, b0);
    c01 = madd(c01, x, b1);
    x = v128.load32_splat(a, 4);
    c10 = madd(c10, x, b0);
    c11 = madd(c11, x, b1);
    x = v128.load32_splat(a, 8);
    c20 = madd(c20, x, b0);
    c21 = madd(c21, x, b1);
    x = v128.load32_splat(a, 12);
    c30 = madd(c30, x, b0);
    c31 = madd(c31, x, b1);
    a += 16;
    b += 32;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc)); c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc)); c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc)); c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** The block size ≤ most that cuts n into equal blocks, rounded up to a multiple of `unit`. */
function balanced(n: i32, most: i32, unit: i32): i32 {
  const blocks = (n + most - 1) / most;
  const size = (n + blocks - 1) / blocks;
  return min(most, (size + unit - 1) / unit * unit);
}

/**
 * C = A·B (accumulate: C += A·B). lda/ldb/ldc are row pitches in elements of the matrices as
 * stored (a transposed A is stored k×m). ws: GEMM_WORKSPACE bytes of 16-byte-aligned scratch.
 */
export function sgemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, lda: i32, ldb: i32, ldc: i32, transA: bool, transB: bool, accumulate: bool, ws: usize): void {
  blocked(a, b, c, m, n, k, lda, ldb, ldc, transA, transB, accumulate, ws, 0);
}

/** Bytes packBWhole writes for a k×n B: every block of NC columns padded to whole panels. */
export function packedBBytes(k: i32, n: i32): i32 {
  let bytes = 0;
  for (let jc = 0; jc < n; jc += NC) bytes += (min(NC, n - jc) + NR - 1) / NR * NR * k * 4;
  return bytes;
}

/**
 * Packs all of B (k×n, as sgemm reads it) into dst, block by block in the order sgemm visits them,
 * so a B used by many products (an LSTM's recurrent weight, once per time step) is packed once.
 */
export function packBWhole(b: usize, ldb: i32, transB: bool, k: i32, n: i32, dst: usize): void {
  const kb = balanced(k, KC, 4);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc), panels = <usize>((nc + NR - 1) / NR * NR);
    for (let pc = 0; pc < k; pc += kb) {
      const kc = min(kb, k - pc);
      packB(b, ldb, transB, pc, kc, jc, nc, dst);
      dst += panels * <usize>kc << 2;
    }
  }
}

/** sgemm with B already packed by packBWhole(…, k, n, packed): the same arithmetic, the same bits. */
export function sgemmPackedB(a: usize, packed: usize, c: usize, m: i32, n: i32, k: i32, lda: i32, ldc: i32, transA: bool, accumulate: bool, ws: usize): void {
  blocked(a, 0, c, m, n, k, lda, 0, ldc, transA, false, accumulate, ws, packed);
}

// The blocked loops; B is packed per block into ws, or read from `packed` (packBWhole's layout).
function blocked(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, lda: i32, ldb: i32, ldc: i32, transA: bool, transB: bool, accumulate: bool, ws: usize, packed: usize): void {
  const ldcb = <usize>ldc << 2;
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcb, 0, <usize>n << 2);
    return;
  }
  const pa = ws, tile = ws + (<usize>(MC * KC + KC * NC) << 2);
  let pb = ws + (<usize>(MC * KC) << 2);
  // Blocks of equal size (k = 784 is 4 × 196, not 3 × 256 + 16): a thin last block would pay
  // the tile's loads and stores of C for little arithmetic.
  const kb = balanced(k, KC, 4), mb = balanced(m, MC, MR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kb) {
      const kc = min(kb, k - pc);
      if (packed) {
        pb = packed;
        packed += <usize>((nc + NR - 1) / NR * NR) * <usize>kc << 2;
      } else {
        packB(b, ldb, transB, pc, kc, jc, nc, pb);
      }
      const acc = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += mb) {
        const mc = min(mb, m - ic);
        packA(a, lda, transA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = pb + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const ap = pa + (<usize>(ir * kc) << 2);
            const cp = c + <usize>(ic + ir) * ldcb + (<usize>(jc + jr) << 2);
            if (rows == MR && cols == NR) {
              micro(ap, bp, kc, cp, ldcb, acc);
            } else {
              // An edge tile: compute the whole 4×8 into scratch, keep the part inside C.
              micro(ap, bp, kc, tile, NR << 2, false);
              for (let r = 0; r < rows; r++) {
                for (let j = 0; j < cols; j++) {
                  const at = cp + <usize>r * ldcb + (<usize>j << 2);
                  const v = load<f32>(tile + (<usize>(r * NR + j) << 2));
                  store<f32>(at, acc ? load<f32>(at) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

/**
 * One chunk of a batched sgemm described by i32 words at `desc`: m, n, k, lda, ldb, ldc, flags
 * (1 transA, 2 transB, 4 accumulate), workspace base, workspace bytes per thread, chunks per
 * matrix, split (0: by rows, 1: by columns), rows or columns per chunk, and the address of the
 * (a, b, c) address triples, one per matrix. Chunks of one matrix write disjoint parts of C, so
 * threads never race.
 */
export function gemmTask(desc: usize, chunk: i32, thread: i32): void {
  const m = load<i32>(desc), n = load<i32>(desc, 4), k = load<i32>(desc, 8);
  const lda = load<i32>(desc, 12), ldb = load<i32>(desc, 16), ldc = load<i32>(desc, 20), flags = load<i32>(desc, 24);
  const ws = <usize>load<i32>(desc, 28) + <usize>thread * <usize>load<i32>(desc, 32);
  const per = load<i32>(desc, 36), byCols = load<i32>(desc, 40) != 0, size = load<i32>(desc, 44);
  const mat = chunk / per, part = chunk - mat * per;
  const ptrs = <usize>load<i32>(desc, 48) + <usize>mat * 12;
  let a = <usize>load<i32>(ptrs), b = <usize>load<i32>(ptrs, 4), c = <usize>load<i32>(ptrs, 8);
  const transA = (flags & 1) != 0, transB = (flags & 2) != 0, acc = (flags & 4) != 0;
  const start = part * size;
  if (byCols) {
    const cols = min(size, n - start);
    if (cols <= 0) return;
    b += <usize>(transB ? start * ldb : start) << 2;
    c += <usize>start << 2;
    sgemm(a, b, c, m, cols, k, lda, ldb, ldc, transA, transB, acc, ws);
  } else {
    const rows = min(size, m - start);
    if (rows <= 0) return;
    a += <usize>(transA ? start : start * lda) << 2;
    c += <usize>(start * ldc) << 2;
    sgemm(a, b, c, rows, n, k, lda, ldb, ldc, transA, transB, acc, ws);
  }
}
