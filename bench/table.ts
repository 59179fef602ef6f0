// Presents results: a Markdown table (each figure beside its ratio to PyTorch on one thread, a
// threaded engine's ratio to its own one-thread figure, and ratios to tfjs-wasm and gradschool-js
// on the same workload) with numbered error and skip notes, and the --json document.

import { WORKLOADS, type EngineName } from './config.ts';
import type { Result } from './runner.ts';

/** Three significant figures, thousands grouped: 0.523, 24.1, 3,512. */
export function fmtNumber(x: number): string {
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 100) return x.toFixed(0);
  return x.toPrecision(3);
}

export const fmtRatio = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)) + '×';

/** value ÷ the reference engine's value on the same workload, or null where either is missing. */
export function ratio(results: readonly Result[], r: Result, reference: EngineName): number | null {
  const ref = results.find((x) => x.workload === r.workload && x.engine === reference);
  return r.value !== undefined && ref?.value !== undefined ? r.value / ref.value : null;
}

/** A threaded engine's one-thread self, for the "2 threads ÷ 1 thread" column. */
const ONE_THREAD: Partial<Record<EngineName, EngineName>> = { 'gradschool-wasm-mt': 'gradschool-wasm-1t', 'gradschool-wasm-dp': 'gradschool-wasm-1t', 'pytorch-2t': 'pytorch-1t' };

export function formatTable(results: readonly Result[]): string {
  const rows: string[][] = [];
  // One note per engine and message: an engine that cannot load fails every workload the same way.
  const errors = new Map<string, { engine: string; workloads: string[]; message: string }>();
  const ordered = [...results].sort((a, b) => WORKLOADS.indexOf(a.workload) - WORKLOADS.indexOf(b.workload));
  for (const r of ordered) {
    const rel = (ref: EngineName): string => {
      const x = ratio(results, r, ref);
      return x === null ? '—' : fmtRatio(x);
    };
    if (r.error !== undefined) {
      const key = `${r.engine}\n${r.error}`;
      if (!errors.has(key)) errors.set(key, { engine: r.engine, workloads: [], message: r.error });
      errors.get(key)!.workloads.push(r.workload);
      const what = r.skipped ? 'skipped' : 'error';
      rows.push([r.workload, r.engine, String(r.threads), `${what} [${[...errors.keys()].indexOf(key) + 1}]`, '', r.unit, '—', '—', '—', '—']);
    } else {
      const self = ONE_THREAD[r.engine];
      rows.push([r.workload, r.engine, String(r.threads), fmtNumber(r.value!), `${fmtNumber(r.min!)}–${fmtNumber(r.max!)}`, r.unit,
        rel('pytorch-1t'), self ? rel(self) : '', rel('tfjs-wasm'), rel('gradschool-js')]);
    }
  }
  const head = ['workload', 'engine', 'threads', 'median', 'min–max', 'unit', '× pytorch-1t', '× 1 thread', '× tfjs-wasm', '× gradschool-js'];
  const right = [false, false, true, true, true, false, true, true, true, true];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    '| ' + cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, i) => (right[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  const notes = [...errors.values()].map((e, i) => `[${i + 1}] ${e.engine} on ${e.workloads.join(', ')}: ${e.message}`);
  // What the ratio columns mean, under the table, whenever one of them has a figure.
  const legend = '× pytorch-1t: this figure ÷ PyTorch\'s on one thread (> 1: faster than PyTorch); × 1 thread: a threaded engine ÷ its one-thread figure';
  return [line(head), rule, ...rows.map(line), '', legend, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export interface JsonResult {
  workload: string;
  engine: string;
  threads: number;
  unit: string;
  value?: number;
  min?: number;
  max?: number;
  error?: string;
  skipped?: boolean;
}

/** The --json document: every figure, or its error in place of value/min/max; `meta` says how it was measured. */
export function toJson(results: readonly Result[], meta: Record<string, unknown>): { meta: Record<string, unknown>; results: JsonResult[] } {
  return {
    meta,
    results: results.map((r) => r.error !== undefined
      ? { workload: r.workload, engine: r.engine, threads: r.threads, unit: r.unit, error: r.error, ...(r.skipped ? { skipped: true } : {}) }
      : { workload: r.workload, engine: r.engine, threads: r.threads, value: r.value!, unit: r.unit, min: r.min!, max: r.max! }),
  };
}
