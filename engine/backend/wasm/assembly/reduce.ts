// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// Float32 sum / max / min over the middle dim of a contiguous (outer, len, inner) block:
// inner = 1 reduces rows (lanes run along the row), inner > 1 reduces columns (lanes run across
// the kept inner dim). max/min propagate NaN, as torch.amax does. Op codes: 0 sum, 1 max, 2 min.

@inline function vred(op: i32, a: v128, b: v128): v128 {
  if (op == 0) return f32x4.add(a, b);
  if (op == 1) return f32x4.max(a, b);
  return f32x4.min(a, b);
}

@inline function identity(op: i32): f32 {
  return op == 0 ? 0 : op == 1 ? <f32>-Infinity : <f32>Infinity;
}

// Folds the 4 lanes of v into a scalar with the same op.
@inline function lanes(op: i32, v: v128): f32 {
  const h = vred(op, v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(vred(op, h, v128.shuffle<f32>(h, h, 1, 0, 3, 2)), 0);
}

@inline function rows(op: i32, x: usize, outer: i32, len: i32, out: usize): void {
  const id = f32x4.splat(identity(op));
  for (let r = 0; r < outer; r++, x += <usize>len << 2) {
    // Two accumulators halve the dependency chain of the adds.
    let s0 = id, s1 = id, j = 0;
    for (; j + 8 <= len; j += 8) {
      s0 = vred(op, s0, v128.load(x + (<usize>j << 2)));
      s1 = vred(op, s1, v128.load(x + (<usize>j << 2), 16));
    }
    for (; j + 4 <= len; j += 4) s0 = vred(op, s0, v128.load(x + (<usize>j << 2)));
    let v = vred(op, s0, s1);
    // Tail elements enter one lane for a sum (the others get 0); max/min may see them in every lane.
    for (; j < len; j++) v = vred(op, v, op == 0 ? v128.load32_zero(x + (<usize>j << 2)) : v128.load32_splat(x + (<usize>j << 2)));
    store<f32>(out + (<usize>r << 2), lanes(op, v));
  }
}

@inline function cols(op: i32, x: usize, outer: i32, len: i32, inner: i32, out: usize): void {
  const plane = <usize>(len * inner) << 2, rowBytes = <usize>inner << 2;
  for (let r = 0; r < outer; r++, x += plane, out += rowBytes) {
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      let s = f32x4.splat(identity(op));
      for (let k = 0, p = x + (<usize>j << 2); k < len; k++, p += rowBytes) s = vred(op, s, v128.load(p));
      v128.store(out + (<usize>j << 2), s);
    }
    for (; j < inner; j++) {
      let s = f32x4.splat(identity(op));
      for (let k = 0, p = x + (<usize>j << 2); k < len; k++, p += rowBytes) s = vred(op, s, v128.load32_zero(p));
      store<f32>(out + (<usize>j << 2), f32x4.extract_lane(s, 0));
    }
  }
}

/** out[o, i] = reduce over k of x[o, k, i], for x contiguous (outer, len, inner). */
export function reduce(op: i32, x: usize, outer: i32, len: i32, inner: i32, out: usize): void {
  if (inner == 1) {
    if (op == 0) rows(0, x, outer, len, out);
    else if (op == 1) rows(1, x, outer, len, out);
    else rows(2, x, outer, len, out);
  } else {
    if (op == 0) cols(0, x, outer, len, inner, out);
    else if (op == 1) cols(1, x, outer, len, inner, out);
    else cols(2, x, outer, len, inner, out);
  }
}
