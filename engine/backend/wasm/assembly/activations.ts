// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// GELU forward and backward in one pass each (the composite x·½(1 + erf(x/√2)) takes five forward
// and about ten backward passes). Contiguous float32 arrays of n elements.

import { exp4, phi4 } from './math';

@inline function geluLanes(x: v128): v128 {
  return f32x4.mul(x, phi4(x));
}

// d/dx x·Φ(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
@inline function geluGradLanes(dy: v128, x: v128): v128 {
  const pdf = f32x4.mul(exp4(f32x4.mul(f32x4.mul(x, x), f32x4.splat(-0.5))), f32x4.splat(0.39894228));
  return f32x4.mul(dy, f32x4.add(phi4(x), f32x4.mul(x, pdf)));
}

/** out[j] = x[j]·Φ(x[j]). */
export function gelu(x: usize, out: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), geluLanes(v128.load(x + (<usize>j << 2))));
  for (; j < n; j++) store<f32>(out + (<usize>j << 2), f32x4.extract_lane(geluLanes(v128.load32_zero(x + (<usize>j << 2))), 0));
}

/** out[j] = dy[j]·(Φ(x[j]) + x[j]·φ(x[j])). */
export function geluBackward(dy: usize, x: usize, out: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j << 2;
    v128.store(out + at, geluGradLanes(v128.load(dy + at), v128.load(x + at)));
  }
  for (; j < n; j++) {
    const at = <usize>j << 2;
    store<f32>(out + at, f32x4.extract_lane(geluGradLanes(v128.load32_zero(dy + at), v128.load32_zero(x + at)), 0));
  }
}
