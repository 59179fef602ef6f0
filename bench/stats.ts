// The statistics of one figure: the median of its samples, with the smallest and largest sample.

export interface Summary { value: number; min: number; max: number }

export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median: no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  if (!samples.length) throw new Error('summarize: no samples');
  if (samples.some((x) => !(x > 0) || !Number.isFinite(x))) throw new Error(`summarize: samples must be positive and finite, got ${samples.join(', ')}`);
  return { value: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}
