// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// Convolution as matrix products: im2col lays each image's receptive fields out as the columns of
// a (C_in/groups · kD·kH·kW) × (oD·oH·oW) matrix, so the forward pass and both gradients are one
// sgemm each per (image, group); col2im adds such a matrix back onto an image for the input grad.

import { sgemm, GEMM_WORKSPACE } from './gemm';

// The i32 words of a conv descriptor (see tasks in engine/backend/wasm/conv.ts, which writes them).
const N = 0, C = 1, D = 2, H = 3, W = 4, O = 5, GROUPS = 6, KD = 7, KH = 8, KW = 9, OD = 10, OH = 11, OW = 12;
const SD = 13, SH = 14, SW = 15, DD = 16, DH = 17, DW = 18, PD = 19, PH = 20, PW = 21;
const X = 22, WT = 23, BIAS = 24, Y = 25, WS = 26, WS_STRIDE = 27, PARTIAL = 28, PER_CHUNK = 29;

function word(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

/** Output positions [first, end) along one dim whose tap t (input o·s − p + t·d) lands inside [0, n). */
function first(n: i32, s: i32, d: i32, p: i32, t: i32): i32 {
  const shift = t * d - p;
  return shift >= 0 ? 0 : (s - 1 - shift) / s;
}
function end(n: i32, s: i32, d: i32, p: i32, t: i32, out: i32): i32 {
  const last = n - 1 - (t * d - p);
  return last < 0 ? 0 : min(out, last / s + 1);
}

/** True when the conv is a plain per-pixel matrix product (1×1×1 kernel, stride 1, output = input size). */
function pointwise(desc: usize): bool {
  return word(desc, KD) == 1 && word(desc, KH) == 1 && word(desc, KW) == 1 && word(desc, SD) == 1 && word(desc, SH) == 1
    && word(desc, SW) == 1 && word(desc, PD) == 0 && word(desc, PH) == 0 && word(desc, PW) == 0
    && word(desc, OD) == word(desc, D) && word(desc, OH) == word(desc, H) && word(desc, OW) == word(desc, W);
}

/**
 * Forward (add = false): col[row = (c, kd, kh, kw)][(od, oh, ow)] = x[c][id][ih][iw], 0 in padding.
 * Backward (add = true): x[c][id][ih][iw] += col[…] over the same pairs (col2im).
 * Per tap, the output rows that read padding are known up front, so the inner work is one
 * short copy per output row and block fills for the rest.
 */
function unfold(desc: usize, x: usize, cg: i32, col: usize, add: bool): void {
  const d = word(desc, D), h = word(desc, H), w = word(desc, W);
  const kD = word(desc, KD), kH = word(desc, KH), kW = word(desc, KW);
  const oD = word(desc, OD), oH = word(desc, OH), oW = word(desc, OW);
  const sD = word(desc, SD), sH = word(desc, SH), sW = word(desc, SW);
  const dD = word(desc, DD), dH = word(desc, DH), dW = word(desc, DW);
  const pD = word(desc, PD), pH = word(desc, PH), pW = word(desc, PW);
  const plane = <usize>(d * h * w) << 2, lineBytes = <usize>oW << 2, step = <usize>sW << 2;
  let line = col;
  for (let c = 0; c < cg; c++) {
    const xc = x + <usize>c * plane;
    for (let kd = 0; kd < kD; kd++) {
      const odLo = min(first(d, sD, dD, pD, kd), oD), odHi = max(odLo, end(d, sD, dD, pD, kd, oD));
      for (let kh = 0; kh < kH; kh++) {
        const ohLo = min(first(h, sH, dH, pH, kh), oH), ohHi = max(ohLo, end(h, sH, dH, pH, kh, oH));
        for (let kw = 0; kw < kW; kw++) {
          const lo = min(first(w, sW, dW, pW, kw), oW), hi = max(lo, end(w, sW, dW, pW, kw, oW)), len = hi - lo;
          for (let od = 0; od < oD; od++) {
            if (od < odLo || od >= odHi || ohLo == ohHi || len == 0) {
              if (!add) zero(line, oH * oW);
              line += <usize>(oH * oW) << 2;
              continue;
            }
            if (!add) zero(line, ohLo * oW);
            line += <usize>(ohLo * oW) << 2;
            const id = od * sD - pD + kd * dD;
            let src = xc + (<usize>((id * h + ohLo * sH - pH + kh * dH) * w + lo * sW - pW + kw * dW) << 2);
            const srcStep = <usize>(sH * w) << 2;
            for (let oh = ohLo; oh < ohHi; oh++, line += lineBytes, src += srcStep) {
              const dst = line + (<usize>lo << 2);
              if (add) addStrided(src, step, dst, len);
              else {
                for (let j = 0; j < lo; j++) store<f32>(line + (<usize>j << 2), 0);
                copyStrided(src, step, dst, len);
                for (let j = hi; j < oW; j++) store<f32>(line + (<usize>j << 2), 0);
              }
            }
            if (!add) zero(line, (oH - ohHi) * oW);
            line += <usize>((oH - ohHi) * oW) << 2;
          }
        }
      }
    }
  }
}

// The runs here are short (a row of the output, often < 32 floats): inline loops beat
// memory.fill / memory.copy, which V8 runs as calls.
@inline function zero(dst: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(dst + (<usize>j << 2), i32x4.splat(0));
  for (; j < n; j++) store<f32>(dst + (<usize>j << 2), 0);
}

// col[j] = x[j·step] for j < len (step in bytes). Unit steps copy 4 at a time, the last 4 overlapping.
@inline function copyStrided(x: usize, step: usize, col: usize, len: i32): void {
  if (step == 4 && len >= 4) {
    let j = 0;
    for (; j + 4 <= len; j += 4) v128.store(col + (<usize>j << 2), v128.load(x + (<usize>j << 2)));
    if (j < len) v128.store(col + (<usize>(len - 4) << 2), v128.load(x + (<usize>(len - 4) << 2)));
  } else {
    for (let j = 0; j < len; j++) store<f32>(col + (<usize>j << 2), load<f32>(x + <usize>j * step));
  }
}

// x[j·step] += col[j] for j < len (step in bytes).
@inline function addStrided(x: usize, step: usize, col: usize, len: i32): void {
  let j = 0;
  if (step == 4) {
    for (; j + 4 <= len; j += 4) {
      const at = x + (<usize>j << 2);
      v128.store(at, f32x4.add(v128.load(at), v128.load(col + (<usize>j << 2))));
    }
  }
  for (; j < len; j++) {
    const at = x + <usize>j * step;
    store<f32>(at, load<f32>(at) + load<f32>(col + (<usize>j << 2)));
  }
}

/** Forward, one image per chunk: y[n, g] = w[g] · im2col(x[n, g]) (+ bias). */
export function convTask(desc: usize, n: i32, thread: i32): void {
  const c = word(desc, C), o = word(desc, O), groups = word(desc, GROUPS);
  const cg = c / groups, og = o / groups, taps = word(desc, KD) * word(desc, KH) * word(desc, KW);
  const ck = cg * taps, plane = word(desc, D) * word(desc, H) * word(desc, W), p = word(desc, OD) * word(desc, OH) * word(desc, OW);
  const ws = <usize>word(desc, WS) + <usize>thread * <usize>word(desc, WS_STRIDE), col = ws + <usize>GEMM_WORKSPACE;
  const bias = <usize>word(desc, BIAS), direct = pointwise(desc);
  for (let g = 0; g < groups; g++) {
    const x = <usize>word(desc, X) + (<usize>((n * c + g * cg) * plane) << 2);
    const y = <usize>word(desc, Y) + (<usize>((n * o + g * og) * p) << 2);
    if (bias) {
      for (let r = 0; r < og; r++) {
        const v = f32x4.splat(load<f32>(bias + (<usize>(g * og + r) << 2)));
        const line = y + (<usize>(r * p) << 2);
        let j = 0;
        for (; j + 4 <= p; j += 4) v128.store(line + (<usize>j << 2), v);
        for (; j < p; j++) store<f32>(line + (<usize>j << 2), f32x4.extract_lane(v, 0));
      }
    }
    if (!direct) unfold(desc, x, cg, col, false);
    const w = <usize>word(desc, WT) + (<usize>(g * og * ck) << 2);
    sgemm(w, direct ? x : col, y, og, p, ck, ck, p, p, false, false, bias != 0, ws);
  }
}

/** Input gradient, one image per chunk: dx[n, g] = col2im(w[g]ᵀ · dy[n, g]). */
export function convInputGradTask(desc: usize, n: i32, thread: i32): void {
  const c = word(desc, C), o = word(desc, O), groups = word(desc, GROUPS);
  const cg = c / groups, og = o / groups, taps = word(desc, KD) * word(desc, KH) * word(desc, KW);
  const ck = cg * taps, plane = word(desc, D) * word(desc, H) * word(desc, W), p = word(desc, OD) * word(desc, OH) * word(desc, OW);
  const ws = <usize>word(desc, WS) + <usize>thread * <usize>word(desc, WS_STRIDE), col = ws + <usize>GEMM_WORKSPACE;
  const direct = pointwise(desc);
  const dx = <usize>word(desc, X) + (<usize>(n * c * plane) << 2);
  if (!direct) memory.fill(dx, 0, <usize>(c * plane) << 2);
  for (let g = 0; g < groups; g++) {
    const dy = <usize>word(desc, Y) + (<usize>((n * o + g * og) * p) << 2);
    const w = <usize>word(desc, WT) + (<usize>(g * og * ck) << 2);
    const xg = dx + (<usize>(g * cg * plane) << 2);
    // w[g] is stored og × ck, so wᵀ is a transposed operand with leading dim ck.
    sgemm(w, dy, direct ? xg : col, ck, p, og, ck, p, p, true, false, false, ws);
    if (!direct) unfold(desc, xg, cg, col, true);
  }
}

/**
 * Weight gradient over a run of images per chunk, into that chunk's own partial sum:
 * dw[g] += dy[n, g] · im2col(x[n, g])ᵀ. The partials are added up afterwards (sumPartials).
 */
export function convWeightGradTask(desc: usize, chunk: i32, thread: i32): void {
  const c = word(desc, C), o = word(desc, O), groups = word(desc, GROUPS), batch = word(desc, N);
  const cg = c / groups, og = o / groups, taps = word(desc, KD) * word(desc, KH) * word(desc, KW);
  const ck = cg * taps, plane = word(desc, D) * word(desc, H) * word(desc, W), p = word(desc, OD) * word(desc, OH) * word(desc, OW);
  const ws = <usize>word(desc, WS) + <usize>thread * <usize>word(desc, WS_STRIDE), col = ws + <usize>GEMM_WORKSPACE;
  const direct = pointwise(desc), per = word(desc, PER_CHUNK);
  const dw = <usize>word(desc, PARTIAL) + (<usize>(chunk * o * ck) << 2);
  const n0 = chunk * per, n1 = min(batch, n0 + per);
  if (n0 >= n1) { memory.fill(dw, 0, <usize>(o * ck) << 2); return; }
  for (let n = n0; n < n1; n++) {
    for (let g = 0; g < groups; g++) {
      const x = <usize>word(desc, X) + (<usize>((n * c + g * cg) * plane) << 2);
      const dy = <usize>word(desc, Y) + (<usize>((n * o + g * og) * p) << 2);
      if (!direct) unfold(desc, x, cg, col, false);
      // im2col(x) is stored ck × p, so its transpose is a transposed operand with leading dim p.
      sgemm(dy, direct ? x : col, dw + (<usize>(g * og * ck) << 2), og, ck, p, p, p, ck, false, true, n > n0, ws);
    }
  }
}

/** dst[i] = Σ_j src[j][i] over `count` arrays of `len` floats laid out back to back (dst may be src[0]). */
export function sumPartials(src: usize, count: i32, len: i32, dst: usize): void {
  const stride = <usize>len << 2;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    let s = v128.load(src + (<usize>i << 2));
    for (let j = 1; j < count; j++) s = f32x4.add(s, v128.load(src + <usize>j * stride + (<usize>i << 2)));
    v128.store(dst + (<usize>i << 2), s);
  }
  for (; i < len; i++) {
    let s = load<f32>(src + (<usize>i << 2));
    for (let j = 1; j < count; j++) s += load<f32>(src + <usize>j * stride + (<usize>i << 2));
    store<f32>(dst + (<usize>i << 2), s);
  }
}
