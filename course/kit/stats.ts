// Small helpers claims use to summarize numbers over seeds.

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export const fmt = (x: number, digits = 3): string =>
  Number.isInteger(x) ? String(x) : Math.abs(x) >= 1000 || Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toPrecision(digits);

/** "seed 1: 0.91, seed 2: 0.93, …" for a claim's detail line. */
export const perSeed = (seeds: readonly number[], values: readonly number[]): string =>
  values.map((v, i) => `seed ${seeds[i]}: ${fmt(v)}`).join(', ');
