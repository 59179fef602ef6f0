// Small helpers claims and cards use to read a run's metrics and summarize them over seeds.

import type { ExperimentResult } from './types.ts';

/** A run's metric, or an error naming the key and the metrics the run did report. */
export function metric(result: Pick<ExperimentResult, 'metrics'>, key: string): number {
  const v = result.metrics[key];
  if (v === undefined) throw new Error(`needs metric '${key}', which the run did not report (it has: ${Object.keys(result.metrics).join(', ')})`);
  return v;
}

/** One metric from each seed's run, in seed order. */
export const metricPerRun = (results: readonly ExperimentResult[], key: string): number[] => results.map((r) => metric(r, key));

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export const fmt = (x: number, digits = 3): string =>
  Number.isInteger(x) ? String(x) : Math.abs(x) >= 1000 || Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toPrecision(digits);

/** "seed 1: 0.91, seed 2: 0.93, …" for a claim's detail line. */
export const perSeed = (seeds: readonly number[], values: readonly number[]): string =>
  values.map((v, i) => `seed ${seeds[i]}: ${fmt(v)}`).join(', ');
