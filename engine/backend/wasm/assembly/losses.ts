// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// Softmax cross-entropy over the rows of contiguous (n, c) float32 logits with int32 targets:
// loss = log Σ exp(x − max) − (x[target] − max), and the probabilities kept for the backward,
// dx = (p − onehot(target))·dy. A row whose target is ignoreIndex has loss 0 and gradient 0.

import { exp4, log4 } from './math';

@inline function hmax(v: v128): f32 {
  const h = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.max(h, v128.shuffle<f32>(h, h, 1, 0, 3, 2)), 0);
}

@inline function hsum(v: v128): f32 {
  const h = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(h, v128.shuffle<f32>(h, h, 1, 0, 3, 2)), 0);
}

/** x, probs: n × c floats · target: n int32 → losses: n floats. */
export function softmaxCrossEntropy(x: usize, target: usize, n: i32, c: i32, ignoreIndex: i32, losses: usize, probs: usize): void {
  const rowBytes = <usize>c << 2;
  for (let r = 0; r < n; r++, x += rowBytes, probs += rowBytes) {
    // The row max (NaN wins, as f32x4.max propagates it), subtracted before exp so nothing overflows.
    let vm = f32x4.splat(<f32>-Infinity), j = 0;
    for (; j + 4 <= c; j += 4) vm = f32x4.max(vm, v128.load(x + (<usize>j << 2)));
    let m = hmax(vm);
    for (; j < c; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
    const mv = f32x4.splat(m);
    let vs = f32x4.splat(0);
    for (j = 0; j + 4 <= c; j += 4) {
      const e = exp4(f32x4.sub(v128.load(x + (<usize>j << 2)), mv));
      v128.store(probs + (<usize>j << 2), e);
      vs = f32x4.add(vs, e);
    }
    let s = hsum(vs);
    for (; j < c; j++) {
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(x + (<usize>j << 2)) - m)), 0);
      store<f32>(probs + (<usize>j << 2), e);
      s += e;
    }
    const sv = f32x4.splat(s);
    for (j = 0; j + 4 <= c; j += 4) v128.store(probs + (<usize>j << 2), f32x4.div(v128.load(probs + (<usize>j << 2)), sv));
    for (; j < c; j++) store<f32>(probs + (<usize>j << 2), load<f32>(probs + (<usize>j << 2)) / s);
    const t = load<i32>(target + (<usize>r << 2));
    // log4, not Math.log: the std log's lookup tables would be static data where the arena lives.
    const lse = <f64>f32x4.extract_lane(log4(f32x4.splat(s)), 0);
    const loss = t == ignoreIndex ? 0 : lse - (<f64>load<f32>(x + (<usize>t << 2)) - <f64>m);
    store<f32>(losses + (<usize>r << 2), <f32>loss);
  }
}

/** probs: n × c floats · target: n int32 · dy: n floats → dx: n × c floats. */
export function softmaxCrossEntropyBackward(probs: usize, target: usize, dy: usize, n: i32, c: i32, ignoreIndex: i32, dx: usize): void {
  const rowBytes = <usize>c << 2;
  for (let r = 0; r < n; r++, probs += rowBytes, dx += rowBytes) {
    const t = load<i32>(target + (<usize>r << 2));
    if (t == ignoreIndex) {
      memory.fill(dx, 0, rowBytes); // an ignored row gets 0 even where dy is ∞ (a mean over no rows)
      continue;
    }
    const g = load<f32>(dy + (<usize>r << 2)), gv = f32x4.splat(g);
    let j = 0;
    for (; j + 4 <= c; j += 4) v128.store(dx + (<usize>j << 2), f32x4.mul(v128.load(probs + (<usize>j << 2)), gv));
    for (; j < c; j++) store<f32>(dx + (<usize>j << 2), load<f32>(probs + (<usize>j << 2)) * g);
    store<f32>(dx + (<usize>t << 2), (load<f32>(probs + (<usize>t << 2)) - 1) * g);
  }
}

/** Softmax (log = 0) or log-softmax (log = 1) of each contiguous row: x, y: rows × len floats. */
export function softmaxRows(x: usize, rows: i32, len: i32, log: i32, y: usize): void {
  const rowBytes = <usize>len << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, y += rowBytes) {
    let vm = f32x4.splat(<f32>-Infinity), j = 0;
    for (; j + 4 <= len; j += 4) vm = f32x4.max(vm, v128.load(x + (<usize>j << 2)));
    let m = hmax(vm);
    for (; j < len; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
    const mv = f32x4.splat(m);
    // y ← exp(x − m), summed as it goes.
    let vs = f32x4.splat(0);
    for (j = 0; j + 4 <= len; j += 4) {
      const e = exp4(f32x4.sub(v128.load(x + (<usize>j << 2)), mv));
      v128.store(y + (<usize>j << 2), e);
      vs = f32x4.add(vs, e);
    }
    let s = hsum(vs);
    for (; j < len; j++) {
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(x + (<usize>j << 2)) - m)), 0);
      store<f32>(y + (<usize>j << 2), e);
      s += e;
    }
    if (log) {
      // (x − m) − log Σ, from x again (not from the rounded exponentials); m comes off first, so
      // logits of ±1000 keep their small differences.
      const lv = log4(f32x4.splat(s)), ls = f32x4.extract_lane(lv, 0);
      for (j = 0; j + 4 <= len; j += 4) v128.store(y + (<usize>j << 2), f32x4.sub(f32x4.sub(v128.load(x + (<usize>j << 2)), mv), lv));
      for (; j < len; j++) store<f32>(y + (<usize>j << 2), (load<f32>(x + (<usize>j << 2)) - m) - ls);
    } else {
      const sv = f32x4.splat(s);
      for (j = 0; j + 4 <= len; j += 4) v128.store(y + (<usize>j << 2), f32x4.div(v128.load(y + (<usize>j << 2)), sv));
      for (; j < len; j++) store<f32>(y + (<usize>j << 2), load<f32>(y + (<usize>j << 2)) / s);
    }
  }
}
