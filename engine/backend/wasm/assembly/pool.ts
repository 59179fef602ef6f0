// @ts-nocheck — AssemblyScript (compiled to wasm by scripts/build-wasm.mjs), not TypeScript.
// Max pooling over 3 spatial dims, forward (values and argmax) and backward (scatter-add to the
// argmax), with the js kernel's rules: the first maximum wins ties, a NaN always wins, −1 marks
// a window of padding only.

function word(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
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
  for (let p = 0; p < planes; p++, x += plane) {
    for (let od = 0; od < oD; od++) for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++) {
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
      values += 4;
      indices += 4;
    }
  }
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
