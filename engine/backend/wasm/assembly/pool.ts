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
