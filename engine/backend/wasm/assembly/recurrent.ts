// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// The LSTM cell's pointwise part, forward and backward, four lanes at a time. The recurrent matmul
// is sgemm's; engine/backend/wasm/recurrent.ts runs the steps. Rows are (N, 4H) gates i, f, g, o.

import { exp4, tanh4 } from './math';

@inline function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
}

// Lanes j..j+3 of one row, or one lane (the tail when H is not a multiple of 4).
@inline function ld(p: usize, j: i32, one: bool): v128 {
  return one ? v128.load32_zero(p + (<usize>j << 2)) : v128.load(p + (<usize>j << 2));
}
@inline function st(p: usize, j: i32, v: v128, one: bool): void {
  if (one) store<f32>(p + (<usize>j << 2), f32x4.extract_lane(v, 0));
  else v128.store(p + (<usize>j << 2), v);
}

/**
 * One step: z (N×4H pre-activations) becomes the gates σ(i), σ(f), tanh(g), σ(o) in place;
 * c = f⊙cPrev + i⊙g and h = o⊙tanh(c) are written to c and h (N×H each).
 */
export function lstmCell(z: usize, cPrev: usize, c: usize, h: usize, n: i32, hid: i32): void {
  const row = <usize>hid << 2;
  for (let r = 0; r < n; r++) {
    const zi = z + <usize>r * 4 * row, cp = cPrev + <usize>r * row, cr = c + <usize>r * row, hr = h + <usize>r * row;
    let j = 0;
    for (; j + 4 <= hid; j += 4) cellLanes(zi, row, cp, cr, hr, j, false);
    for (; j < hid; j++) cellLanes(zi, row, cp, cr, hr, j, true);
  }
}

@inline function cellLanes(zi: usize, row: usize, cp: usize, cr: usize, hr: usize, q: i32, one: bool): void {
  const zf = zi + row, zg = zf + row, zo = zg + row;
  const i = sigmoid4(ld(zi, q, one)), f = sigmoid4(ld(zf, q, one)), g = tanh4(ld(zg, q, one)), o = sigmoid4(ld(zo, q, one));
  const cn = f32x4.add(f32x4.mul(f, ld(cp, q, one)), f32x4.mul(i, g));
  st(zi, q, i, one); st(zf, q, f, one); st(zg, q, g, one); st(zo, q, o, one);
  st(cr, q, cn, one);
  st(hr, q, f32x4.mul(o, tanh4(cn)), one);
}

/**
 * One step back: with dh = dhOut + dhRec and dc = dcOut + dcRec + dh⊙o⊙(1 − tanh²c), writes the
 * pre-activation gradients dz (N×4H) and overwrites dcRec with dc⊙f, the gradient of cPrev.
 */
export function lstmCellBackward(gates: usize, c: usize, cPrev: usize, dhOut: usize, dhRec: usize, dcOut: usize, dcRec: usize, dz: usize, n: i32, hid: i32): void {
  const row = <usize>hid << 2;
  for (let r = 0; r < n; r++) {
    const g = gates + <usize>r * 4 * row, d = dz + <usize>r * 4 * row, off = <usize>r * row;
    let j = 0;
    for (; j + 4 <= hid; j += 4) cellBackLanes(g, d, row, c + off, cPrev + off, dhOut + off, dhRec + off, dcOut + off, dcRec + off, j, false);
    for (; j < hid; j++) cellBackLanes(g, d, row, c + off, cPrev + off, dhOut + off, dhRec + off, dcOut + off, dcRec + off, j, true);
  }
}

@inline function cellBackLanes(gi: usize, di: usize, row: usize, c: usize, cPrev: usize, dhOut: usize, dhRec: usize, dcOut: usize, dcRec: usize, q: i32, one: bool): void {
  const one4 = f32x4.splat(1);
  const i = ld(gi, q, one), f = ld(gi + row, q, one), g = ld(gi + 2 * row, q, one), o = ld(gi + 3 * row, q, one);
  const tc = tanh4(ld(c, q, one));
  const dh = f32x4.add(ld(dhOut, q, one), ld(dhRec, q, one));
  const dc = f32x4.add(f32x4.add(ld(dcOut, q, one), ld(dcRec, q, one)), f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one4, f32x4.mul(tc, tc))));
  st(di, q, f32x4.mul(f32x4.mul(dc, g), f32x4.mul(i, f32x4.sub(one4, i))), one);
  st(di + row, q, f32x4.mul(f32x4.mul(dc, ld(cPrev, q, one)), f32x4.mul(f, f32x4.sub(one4, f))), one);
  st(di + 2 * row, q, f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one4, f32x4.mul(g, g))), one);
  st(di + 3 * row, q, f32x4.mul(f32x4.mul(dh, tc), f32x4.mul(o, f32x4.sub(one4, o))), one);
  st(dcRec, q, f32x4.mul(dc, f), one);
}
