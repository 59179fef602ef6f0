// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// Standardizing the rows of a contiguous (rows, len) float32 block, and its gradient:
//   y = (x − mean)·rstd, rstd = 1/√(var + eps) (biased variance, two passes: no cancellation);
//   dx = rstd·(dy − mean(dy) − y·mean(dy ⊙ y)).
// Row sums run in float64 lanes: a row's rstd can be large (a nearly constant row), and it
// multiplies every rounding error of the sums.

/** The low and high pairs of four floats, widened to float64. */
@inline function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline function hsum2(lo: v128, hi: v128): f64 {
  const s = f64x2.add(lo, hi);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** x, y: rows × len floats → y, and each row's mean and rstd (rows floats each). */
export function standardizeRows(x: usize, rows: i32, len: i32, eps: f32, y: usize, mean: usize, rstd: usize): void {
  const rowBytes = <usize>len << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, y += rowBytes) {
    let lo = f64x2.splat(0), hi = f64x2.splat(0), j = 0;
    for (; j + 4 <= len; j += 4) {
      const v = v128.load(x + (<usize>j << 2));
      lo = f64x2.add(lo, low(v));
      hi = f64x2.add(hi, high(v));
    }
    let s = hsum2(lo, hi);
    for (; j < len; j++) s += <f64>load<f32>(x + (<usize>j << 2));
    const m = <f32>(s / <f64>len), mv = f32x4.splat(m);
    lo = f64x2.splat(0);
    hi = f64x2.splat(0);
    for (j = 0; j + 4 <= len; j += 4) {
      const d = f32x4.sub(v128.load(x + (<usize>j << 2)), mv), dl = low(d), dh = high(d);
      lo = f64x2.add(lo, f64x2.mul(dl, dl));
      hi = f64x2.add(hi, f64x2.mul(dh, dh));
    }
    let q = hsum2(lo, hi);
    for (; j < len; j++) {
      const d = <f64>(load<f32>(x + (<usize>j << 2)) - m);
      q += d * d;
    }
    const k = <f32>(1 / Math.sqrt(q / <f64>len + <f64>eps)), kv = f32x4.splat(k);
    for (j = 0; j + 4 <= len; j += 4) v128.store(y + (<usize>j << 2), f32x4.mul(f32x4.sub(v128.load(x + (<usize>j << 2)), mv), kv));
    for (; j < len; j++) store<f32>(y + (<usize>j << 2), (load<f32>(x + (<usize>j << 2)) - m) * k);
    store<f32>(mean + (<usize>r << 2), m);
    store<f32>(rstd + (<usize>r << 2), k);
  }
}

/** dy, y, dx: rows × len floats · rstd: rows floats → dx. */
export function standardizeRowsBackward(dy: usize, y: usize, rstd: usize, rows: i32, len: i32, dx: usize): void {
  const rowBytes = <usize>len << 2;
  for (let r = 0; r < rows; r++, dy += rowBytes, y += rowBytes, dx += rowBytes) {
    let alo = f64x2.splat(0), ahi = f64x2.splat(0), blo = f64x2.splat(0), bhi = f64x2.splat(0), j = 0;
    for (; j + 4 <= len; j += 4) {
      const g = v128.load(dy + (<usize>j << 2)), v = v128.load(y + (<usize>j << 2));
      const gl = low(g), gh = high(g);
      alo = f64x2.add(alo, gl);
      ahi = f64x2.add(ahi, gh);
      blo = f64x2.add(blo, f64x2.mul(gl, low(v)));
      bhi = f64x2.add(bhi, f64x2.mul(gh, high(v)));
    }
    let sa = hsum2(alo, ahi), sb = hsum2(blo, bhi);
    for (; j < len; j++) {
      const g = <f64>load<f32>(dy + (<usize>j << 2));
      sa += g;
      sb += g * <f64>load<f32>(y + (<usize>j << 2));
    }
    const a = <f32>(sa / <f64>len), b = <f32>(sb / <f64>len);
    const k = load<f32>(rstd + (<usize>r << 2));
    const av = f32x4.splat(a), bv = f32x4.splat(b), kv = f32x4.splat(k);
    for (j = 0; j + 4 <= len; j += 4) {
      const t = f32x4.sub(f32x4.sub(v128.load(dy + (<usize>j << 2)), av), f32x4.mul(v128.load(y + (<usize>j << 2)), bv));
      v128.store(dx + (<usize>j << 2), f32x4.mul(t, kv));
    }
    for (; j < len; j++) store<f32>(dx + (<usize>j << 2), k * (load<f32>(dy + (<usize>j << 2)) - a - load<f32>(y + (<usize>j << 2)) * b));
  }
}
