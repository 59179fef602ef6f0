// AssemblyScript (compiled to wasm by scripts/build-wasm.mjs; excluded from tsconfig), not TypeScript.
// exp and log on four float32 lanes at once: range reduction to a small interval, a polynomial
// there, then the power of two put back through the exponent bits. About 1 ulp; NaN, ±∞ and
// denormals behave as Math.exp / Math.log rounded to float32.

const LN2_HI: f32 = 0.693359375; // ln 2 split so n·LN2_HI is exact
const LN2_LO: f32 = -2.12194440e-4;
const LOG2E: f32 = 1.44269504088896341;

/** x·2ⁿ for integer lanes n in [−254, 254]: two factors, each a normal float, applied one at a time. */
@inline function ldexp(x: v128, n: v128): v128 {
  const half = i32x4.shr_s(n, 1);
  const a = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const b = i32x4.shl(i32x4.add(i32x4.sub(n, half), i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(x, a), b);
}

@inline export function exp4(x: v128): v128 {
  // Below −104 (−∞ included: masked attention scores) the result rounds to 0; those lanes compute
  // e⁰ instead and are zeroed at the end, because the clamped path builds denormals, which x86
  // multiplies ~2× slower across a whole softmax row.
  const under = f32x4.lt(x, f32x4.splat(-104));
  x = v128.andnot(x, under);
  // Past 104 the result is ∞ anyway; clamping keeps n in ldexp's range (NaN passes through).
  x = f32x4.min(f32x4.max(x, f32x4.splat(-104)), f32x4.splat(104));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  // e^r on |r| ≤ ln2/2: Taylor-like minimax coefficients (Cephes expf).
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  return v128.andnot(ldexp(p, i32x4.trunc_sat_f32x4_s(n)), under);
}

@inline export function log4(x: v128): v128 {
  // Denormals are scaled up by 2²⁵ first so their exponent bits mean what they say.
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(33554432)), x, tiny);
  let e = i32x4.sub(i32x4.shr_u(xs, 23), i32x4.splat(127));
  e = v128.bitselect(i32x4.sub(e, i32x4.splat(25)), e, tiny);
  // m in [1, 2); fold m > √2 down to [√2/2, √2) so the polynomial sees |m − 1| < 0.42.
  let m = v128.or(v128.and(xs, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.gt(m, f32x4.splat(1.41421356));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = v128.bitselect(i32x4.add(e, i32x4.splat(1)), e, big);
  const f = f32x4.sub(m, f32x4.splat(1));
  const z = f32x4.mul(f, f);
  // log(1+f) = f − f²/2 + f³·P(f)  (Cephes logf).
  let p = f32x4.splat(7.0376836292e-2);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.1514610310e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.1676998740e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.2420140846e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.4249322787e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.6668057665e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(2.0000714765e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-2.4999993993e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, z), f);
  const ef = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(ef, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  y = f32x4.add(f32x4.add(f, y), f32x4.mul(ef, f32x4.splat(0.693359375)));
  // The edges: log 0 = −∞, log of a negative or NaN = NaN, log ∞ = ∞.
  y = v128.bitselect(f32x4.splat(<f32>-Infinity), y, f32x4.eq(x, f32x4.splat(0)));
  y = v128.bitselect(f32x4.splat(<f32>NaN), y, v128.not(f32x4.ge(x, f32x4.splat(0))));
  return v128.bitselect(x, y, f32x4.eq(x, f32x4.splat(<f32>Infinity)));
}

/** tanh: an odd Taylor polynomial near 0 (where 1 − 2/(e²ˣ+1) would cancel), the exp form beyond. */
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(5.9002744e-4); // tanh's Taylor series to x¹⁷: error < 1e-9 for |x| < 0.5
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-1.4558344e-3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(3.5921280e-3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-8.8632355e-3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.1869488e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.3968254e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.3333334e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.3333334e-1));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(p, z), x));
  const e = exp4(f32x4.add(ax, ax));
  const far = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  const signed = v128.or(far, v128.and(x, i32x4.splat(<i32>0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.5)));
}

/**
 * erf: its Maclaurin series in x² for |x| < 1 (terms to x²¹, below 1e-8 there), else 1 − erfc
 * with erfc = t·exp(−x² + a degree-9 polynomial in t = 1/(1 + |x|/2)) (relative error < 1.2e-7).
 * The series keeps tiny |x| exact in relative terms, where 1 − erfc would cancel.
 */
@inline export function erf4(x: v128): v128 {
  const isNear = f32x4.lt(f32x4.abs(x), f32x4.splat(1));
  const near = erfNear4(x);
  if (i32x4.all_true(isNear)) return near; // the far branch (a division and an exp) only when a lane needs it
  const far = v128.or(f32x4.sub(f32x4.splat(1), erfcFar4(x)), v128.and(x, i32x4.splat(<i32>0x80000000)));
  // NaN fails the comparison and takes the far branch, where t and so the result are NaN.
  return v128.bitselect(near, far, isNear);
}

/** erf's series, for |x| < 1. */
@inline function erfNear4(x: v128): v128 {
  const z = f32x4.mul(x, x);
  // 2/√π · (−1)ⁿ / (n!·(2n + 1)), n = 10 down to 0.
  let s = f32x4.splat(1.48071928e-08);
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(-1.63658447e-07));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(1.64621144e-06));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(-1.49256504e-05));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(1.20553330e-04));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(-8.54832702e-04));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(5.22397763e-03));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(-2.68661706e-02));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(1.12837917e-01));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(-3.76126389e-01));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(1.12837917e+00));
  return f32x4.mul(s, x);
}

/** erfc(|x|) for |x| ≥ 1 (any x: it reads |x|): t·exp(−x² + P(t)), t = 1/(1 + |x|/2). */
@inline function erfcFar4(x: v128): v128 {
  const a = f32x4.abs(x); // ∞ gives t = 0 and erfc = 0
  const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), f32x4.mul(a, f32x4.splat(0.5))));
  let p = f32x4.splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.26551223));
  return f32x4.mul(t, exp4(f32x4.sub(p, f32x4.mul(a, a))));
}

/**
 * Φ(x), the standard normal CDF, as ½(1 + erf(x/√2)); below x = −√2 as ½·erfc(|x|/√2) directly,
 * so the far left tail keeps its relative precision (1 + erf would cancel to a few bits).
 */
@inline export function phi4(x: v128): v128 {
  const u = f32x4.mul(x, f32x4.splat(0.70710678));
  const half = f32x4.splat(0.5);
  const isNear = f32x4.lt(f32x4.abs(u), f32x4.splat(1));
  const near = f32x4.mul(half, f32x4.add(f32x4.splat(1), erfNear4(u)));
  if (i32x4.all_true(isNear)) return near; // most activations: the tail's division and exp skipped
  const tail = f32x4.mul(half, erfcFar4(u)); // ½·erfc(|u|) = Φ(−|x|)
  const far = v128.bitselect(tail, f32x4.sub(f32x4.splat(1), tail), f32x4.lt(x, f32x4.splat(0)));
  return v128.bitselect(near, far, isNear);
}
