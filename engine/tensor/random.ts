// The one seeded random source behind rand, randn, randint, dropout and shuffling. Pure integer
// arithmetic (xoshiro128**), so a seed gives the same numbers in Node and in the browser.

let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
let spareNormal: number | null = null;

// splitmix32 spreads a small seed over the 128-bit state.
function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Makes every random function deterministic from here on, like torch.manual_seed. */
export function manualSeed(seed: number): void {
  const next = splitmix32(Math.floor(seed) | 0);
  s0 = next(); s1 = next(); s2 = next(); s3 = next();
  spareNormal = null;
}

manualSeed(Date.now());

/** Next raw 32-bit unsigned integer. */
export function nextUint32(): number {
  const result = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  return result;
}

/** Uniform in [0, 1) with 53 random bits. */
export function nextUniform(): number {
  const hi = nextUint32() >>> 5; // 27 bits
  const lo = nextUint32() >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
export function nextNormal(): number {
  if (spareNormal !== null) {
    const v = spareNormal;
    spareNormal = null;
    return v;
  }
  let u = 0;
  while (u === 0) u = nextUniform(); // log(0) would be -Infinity
  const v = nextUniform();
  const r = Math.sqrt(-2 * Math.log(u));
  spareNormal = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** Uniform integer in [low, high). */
export function nextInt(low: number, high: number): number {
  return low + Math.floor(nextUniform() * (high - low));
}

/** The generator's whole state, so a run can be resumed bit for bit. */
export function getRngState(): number[] {
  return [s0, s1, s2, s3, spareNormal ?? NaN];
}

export function setRngState(state: readonly number[]): void {
  [s0, s1, s2, s3] = state;
  spareNormal = Number.isNaN(state[4]) ? null : state[4];
}
