// Comparing runs: their settings and metrics side by side with the rows that differ marked, and
// their progress curves overlaid (each series renamed after its run, so lines stay apart).

import type { ProgressEvent } from '../../course/kit/index.ts';

export interface ComparableRun {
  id: number;
  seed: number;
  quick: boolean;
  config: Record<string, unknown>;
  metrics: Record<string, number>;
}

export interface CompareRow {
  key: string;
  /** One cell per run, in the runs' order; null where a run lacks the key. */
  values: Array<string | number | boolean | null>;
  differs: boolean;
}

function rows(keys: Iterable<string>, get: (key: string) => Array<string | number | boolean | null>): CompareRow[] {
  return [...new Set(keys)].map((key) => {
    const values = get(key);
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}

/** Settings (seed and variant first, then every config key) and metrics of the runs, as rows. */
export function compareRuns(runs: readonly ComparableRun[]): { settings: CompareRow[]; metrics: CompareRow[] } {
  const settings = [
    ...rows(['seed'], () => runs.map((r) => r.seed)),
    ...rows(['variant'], () => runs.map((r) => (r.quick ? 'quick' : 'full'))),
    ...rows(runs.flatMap((r) => Object.keys(r.config)), (k) => runs.map((r) => (r.config[k] ?? null) as string | number | boolean | null)),
  ];
  const metrics = rows(runs.flatMap((r) => Object.keys(r.metrics)), (k) => runs.map((r) => r.metrics[k] ?? null));
  return { settings, metrics };
}

/** A run's progress events with each series named after the run ("run #12 · cross-entropy"). */
export function labelledEvents(events: readonly ProgressEvent[], label: string): ProgressEvent[] {
  return events.map((e) => ({ ...e, series: `${label} · ${e.series}` }));
}

/** The series the runs reported, each once, in the order they first appear. */
export function seriesNames(runs: ReadonlyArray<{ progress: readonly ProgressEvent[] }>): string[] {
  return [...new Set(runs.flatMap((r) => r.progress.map((e) => e.series)))];
}
