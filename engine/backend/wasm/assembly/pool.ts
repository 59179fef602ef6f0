// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// Max pooling over 3 spatial dims, forward (values and argmax) and backward (scatter-add to the
// argmax), with the js kernel's rules: the first maximum wins ties, a NaN always wins, −1 marks
// a window of padding only.

function word(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

// Four lanes x[at], x[at + s], x[at + 2s], x[at + 3s] (float indices; s = 1 and 2 without lane loads).
@inline function gather(x: usize, at: i32, s: i32): v128 {
  const p = x + (<usize>at << 2);
  if (s == 1) return v128.load(p);
  if (s == 2) return v128.shuffle<i32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
  const step = <usize>s << 2;
  let v = v128.load32_zero(p);
  v = v128.load32_lane(p + step, v, 1);
  v = v128.load32_lane(p + 2 * step, v, 2);
  return v128.load32_lane(p + 3 * step, v, 3);
}

/**
 * desc words: planes, D, H, W, kD, kH, kW, oD, oH, oW, sD, sH, sW, dD, dH, dW, pD, pH, pW,
 * then the addresses of x (planes·D·H·W), values and indices (planes·oD·oH·oW each).
 */
export function maxPool(desc: usize): void {
  const planes = word(desc, 0), d = word(desc, 1), h = word(desc, 2), w = word(desc, 3);
  const kD = word(desc, 4), kH = word(desc, 5), kW = word(desc, 6), oD = word(desc, 7), oH = word(desc, 8), oW = word(desc, 9);
  const sD = word(desc, 10), sH = word(desc, 11), sW = word(desc, 12), dD = word(desc, 13), dH = word(desc, 14), dW = word(desc, 15);
  const pD = word(desc, 16), pH = word(desc, 17), pW = word(desc, 18);
  let x = <usize>word(desc, 19), values = <usize>word(desc, 20), indices = <usize>word(desc, 21);
  const plane = <usize>(d * h * w) << 2;
  // Windows wholly inside the input (most of them) run 4 outputs at once with no bounds tests.
  const ohLo = (pH + sH - 1) / sH, ohHi = max(ohLo, min(oH, (h - 1 - (kH - 1) * dH + pH) / sH + 1));
  const owLo = min(oW, (pW + sW - 1) / sW), owHi = max(owLo, min(oW, (w - 1 - (kW - 1) * dW + pW) / sW + 1));
  const lanes = i32x4(0, sW, 2 * sW, 3 * sW);
  for (let p = 0; p < planes; p++, x += plane) {
    for (let od = 0; od < oD; od++) for (let oh = 0; oh < oH; oh++) {
      let ow = 0;
      if (kD == 1 && pD == 0 && oh >= ohLo && oh < ohHi) {
        for (; ow < owLo; ow++, values += 4, indices += 4) window(x, d, h, w, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW, od, oh, ow, values, indices);
        const top = (od * sD * h + oh * sH - pH) * w - pW;
        for (; ow + 4 <= owHi; ow += 4, values += 16, indices += 16) {
          const base = top + ow * sW;
          // The js kernel's scan, per lane: the first maximum wins, a NaN always takes over.
          let best = f32x4.splat(<f32>-Infinity), arg = i32x4.splat(-1);
          for (let kh = 0; kh < kH; kh++) {
            for (let kw = 0; kw < kW; kw++) {
              const at = base + kh * dH * w + kw * dW;
              const v = gather(x, at, sW);
              const take = v128.or(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), i32x4.lt_s(arg, i32x4.splat(0)));
              best = v128.bitselect(v, best, take);
              arg = v128.bitselect(i32x4.add(lanes, i32x4.splat(at)), arg, take);
            }
          }
          v128.store(values, best);
          v128.store(indices, arg);
        }
      }
      for (; ow < oW; ow++, values += 4, indices += 4) window(x, d, h, w, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW, od, oh, ow, values, indices);
    }
  }
}

// One output with bounds tests: the edges of the plane, and the rare layouts the fast path skips.
function window(x: usize, d: i32, h: i32, w: i32, kD: i32, kH: i32, kW: i32, sD: i32, sH: i32, sW: i32, dD: i32, dH: i32, dW: i32,
  pD: i32, pH: i32, pW: i32, od: i32, oh: i32, ow: i32, values: usize, indices: usize): void {
  let best: f32 = -Infinity, arg = -1;
  for (let kd = 0; kd < kD; kd++) {
    const id = od * sD - pD + kd * dD;
    if (id < 0 || id >= d) continue;
    for (let kh = 0; kh < kH; kh++) {
      const ih = oh * sH - pH + kh * dH;
      if (ih < 0 || ih >= h) continue;
      const row = (id * h + ih) * w;
      for (let kw = 0; kw < kW; kw++) {
        const iw = ow * sW - pW + kw * dW;
        if (iw < 0 || iw >= w) continue;
        const v = load<f32>(x + (<usize>(row + iw) << 2));
        if (arg < 0 || v > best || v != v) { best = v; arg = row + iw; }
      }
    }
  }
  store<f32>(values, best);
  store<i32>(indices, arg);
}

/** dx (planes × inPlane, zeroed here) gets each dy added at its plane's argmax; −1 adds nowhere. */
export function maxPoolBackward(dy: usize, indices: usize, planes: i32, outPlane: i32, inPlane: i32, dx: usize): void {
  memory.fill(dx, 0, <usize>(planes * inPlane) << 2);
  for (let p = 0; p < planes; p++, dx += <usize>inPlane << 2) {
    for (let j = 0; j < outPlane; j++, dy += 4, indices += 4) {
      const arg = load<i32>(indices);
      if (arg >= 0) {
        const at = dx + (<usize>arg << 2);
        store<f32>(at, load<f32>(at) + load<f32>(dy));
      }
    }
  }
}

// Average pooling. The js wrapper passes each dim's window boxes (3 words per output: first and
// end input index inside the input, size counting padding), so edges and ceil mode follow the js
// kernel's rules. Sums run in f64 in the js kernel's order (d, then h, then w), so results match
// it bit for bit.

@inline function boxAt(b: usize, o: i32, k: i32): i32 {
  return load<i32>(b + (<usize>(3 * o + k) << 2));
}

/**
 * desc words: planes, D, H, W, oD, oH, oW, kW, sW, pW, divisorOverride (0: none), countIncludePad,
 * then the addresses of the boxes along d, h, w, of x (planes·D·H·W floats) and y (planes·oD·oH·oW).
 */
export function avgPool(desc: usize): void {
  const planes = word(desc, 0), d = word(desc, 1), h = word(desc, 2), w = word(desc, 3);
  const oD = word(desc, 4), oH = word(desc, 5), oW = word(desc, 6), kW = word(desc, 7), sW = word(desc, 8), pW = word(desc, 9);
  const fixedDivisor = word(desc, 10), includePad = word(desc, 11);
  const bD = <usize>word(desc, 12), bH = <usize>word(desc, 13), bW = <usize>word(desc, 14);
  let x = <usize>word(desc, 15), y = <usize>word(desc, 16);
  const plane = <usize>(d * h * w) << 2;
  // Outputs whose w-window lies wholly inside the row share one width and one divisor: 4 at a time.
  const owLo = min(oW, (pW + sW - 1) / sW), owHi = w - kW + pW < 0 ? owLo : max(owLo, min(oW, (w - kW + pW) / sW + 1));
  for (let p = 0; p < planes; p++, x += plane) {
    for (let od = 0; od < oD; od++) for (let oh = 0; oh < oH; oh++) {
      const d0 = boxAt(bD, od, 0), d1 = boxAt(bD, od, 1), h0 = boxAt(bH, oh, 0), h1 = boxAt(bH, oh, 1);
      const face = (d1 - d0) * (h1 - h0);
      let ow = 0;
      if (face > 0) {
        for (; ow < owLo; ow++, y += 4) avgWindow(x, h, w, d0, d1, h0, h1, bW, ow, fixedDivisor, includePad, boxAt(bD, od, 2) * boxAt(bH, oh, 2), y);
        const div = f64x2.splat(<f64>(fixedDivisor ? fixedDivisor : includePad ? boxAt(bD, od, 2) * boxAt(bH, oh, 2) * kW : face * kW));
        for (; ow + 4 <= owHi; ow += 4, y += 16) {
          let lo = f64x2.splat(0), hi = f64x2.splat(0);
          for (let id = d0; id < d1; id++) for (let ih = h0; ih < h1; ih++) {
            const row = (id * h + ih) * w + ow * sW - pW;
            for (let kw = 0; kw < kW; kw++) {
              const v = gather(x, row + kw, sW);
              lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
              hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
            }
          }
          const a = f32x4.demote_f64x2_zero(f64x2.div(lo, div)), b = f32x4.demote_f64x2_zero(f64x2.div(hi, div));
          v128.store(y, v128.shuffle<i32>(a, b, 0, 1, 4, 5));
        }
      }
      for (; ow < oW; ow++, y += 4) avgWindow(x, h, w, d0, d1, h0, h1, bW, ow, fixedDivisor, includePad, boxAt(bD, od, 2) * boxAt(bH, oh, 2), y);
    }
  }
}

// One output the scalar way; a window with no input in it gives 0, as in the js kernel.
function avgWindow(x: usize, h: i32, w: i32, d0: i32, d1: i32, h0: i32, h1: i32, bW: usize, ow: i32,
  fixedDivisor: i32, includePad: i32, paddedFace: i32, y: usize): void {
  const w0 = boxAt(bW, ow, 0), w1 = boxAt(bW, ow, 1);
  const inside = (d1 - d0) * (h1 - h0) * (w1 - w0);
  let s: f64 = 0;
  for (let id = d0; id < d1; id++) for (let ih = h0; ih < h1; ih++) {
    const row = x + (<usize>((id * h + ih) * w) << 2);
    for (let iw = w0; iw < w1; iw++) s += <f64>load<f32>(row + (<usize>iw << 2));
  }
  const divisor = fixedDivisor ? fixedDivisor : includePad ? paddedFace * boxAt(bW, ow, 2) : inside;
  store<f32>(y, inside > 0 ? <f32>(s / <f64>divisor) : 0);
}

/**
 * The same desc with x read as dy (planes·oD·oH·oW) and y as dx (planes·D·H·W), and one more word:
 * an f64 scratch of planes·D·H·W. Each dy/divisor is added over its window in f64, in output
 * order as the js kernel does, then rounded to float32 once.
 */
export function avgPoolBackward(desc: usize): void {
  const planes = word(desc, 0), d = word(desc, 1), h = word(desc, 2), w = word(desc, 3);
  const oD = word(desc, 4), oH = word(desc, 5), oW = word(desc, 6);
  const fixedDivisor = word(desc, 10), includePad = word(desc, 11);
  const bD = <usize>word(desc, 12), bH = <usize>word(desc, 13), bW = <usize>word(desc, 14);
  let dy = <usize>word(desc, 15);
  const dx = <usize>word(desc, 16), acc = <usize>word(desc, 17);
  const size = planes * d * h * w;
  memory.fill(acc, 0, <usize>size << 3);
  for (let p = 0; p < planes; p++) {
    const base = acc + (<usize>(p * d * h * w) << 3);
    for (let od = 0; od < oD; od++) for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++, dy += 4) {
      const d0 = boxAt(bD, od, 0), d1 = boxAt(bD, od, 1), h0 = boxAt(bH, oh, 0), h1 = boxAt(bH, oh, 1);
      const w0 = boxAt(bW, ow, 0), w1 = boxAt(bW, ow, 1);
      const inside = (d1 - d0) * (h1 - h0) * (w1 - w0);
      if (inside <= 0) continue;
      const divisor = fixedDivisor ? fixedDivisor : includePad ? boxAt(bD, od, 2) * boxAt(bH, oh, 2) * boxAt(bW, ow, 2) : inside;
      const g = <f64>load<f32>(dy) / <f64>divisor;
      for (let id = d0; id < d1; id++) for (let ih = h0; ih < h1; ih++) {
        const row = base + (<usize>((id * h + ih) * w) << 3);
        for (let iw = w0; iw < w1; iw++) {
          const at = row + (<usize>iw << 3);
          store<f64>(at, load<f64>(at) + g);
        }
      }
    }
  }
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const a = f32x4.demote_f64x2_zero(v128.load(acc + (<usize>i << 3))), b = f32x4.demote_f64x2_zero(v128.load(acc + (<usize>i << 3), 16));
    v128.store(dx + (<usize>i << 2), v128.shuffle<i32>(a, b, 0, 1, 4, 5));
  }
  for (; i < size; i++) store<f32>(dx + (<usize>i << 2), <f32>load<f64>(acc + (<usize>i << 3)));
}
