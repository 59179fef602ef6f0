// Turning progress events and figure series into the column-aligned data uPlot draws (one shared,
// sorted x column; a null where a series has no point) and into tables; and downsampling progress
// so a saved run carries at most a few thousand events.

import type { ProgressEvent, Series } from '../../course/kit/index.ts';

export type Cell = number | null;

/** x column plus one y column per series, aligned on the union of x values. */
export interface Aligned {
  names: string[];
  xs: number[];
  ys: Cell[][];
}

const finite = (v: number | null | undefined): Cell => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Aligns series given as [x, y] point lists on their union of x values. */
export function alignSeries(series: ReadonlyArray<{ name: string; points: ReadonlyArray<readonly [Cell, Cell]> }>): Aligned {
  const xset = new Set<number>();
  for (const s of series) for (const [x] of s.points) if (x !== null && Number.isFinite(x)) xset.add(x);
  const xs = [...xset].sort((a, b) => a - b);
  const row = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const col: Cell[] = new Array(xs.length).fill(null);
    for (const [x, y] of s.points) if (x !== null && row.has(x)) col[row.get(x)!] = finite(y);
    return col;
  });
  return { names: series.map((s) => s.name), xs, ys };
}

/**
 * Live progress, one chart per metric and one line per series, gathered event by event. Plain
 * (non-reactive) storage: the page redraws from it at most once per animation frame.
 */
export class ProgressLog {
  readonly events: ProgressEvent[] = [];
  /** metric → series → points, both in order of first appearance. */
  readonly #byMetric = new Map<string, Map<string, Array<[number, Cell]>>>();
  /** series → latest step and expected total, for the progress bar. */
  readonly #extent = new Map<string, { step: number; total?: number }>();

  add(e: ProgressEvent): void {
    this.events.push(e);
    for (const [metric, value] of Object.entries(e.metrics)) {
      let bySeries = this.#byMetric.get(metric);
      if (!bySeries) this.#byMetric.set(metric, (bySeries = new Map()));
      let points = bySeries.get(e.series);
      if (!points) bySeries.set(e.series, (points = []));
      points.push([e.step, finite(value)]);
    }
    const ext = this.#extent.get(e.series);
    this.#extent.set(e.series, { step: Math.max(e.step, ext?.step ?? 0), total: e.totalSteps ?? ext?.total });
  }

  get metrics(): string[] {
    return [...this.#byMetric.keys()];
  }

  aligned(metric: string): Aligned {
    const bySeries = this.#byMetric.get(metric) ?? new Map();
    return alignSeries([...bySeries].map(([name, points]) => ({ name, points })));
  }

  /** Fraction done over the series seen so far (those that announced a total), or null if none did. */
  fraction(): number | null {
    let done = 0;
    let total = 0;
    for (const { step, total: t } of this.#extent.values()) {
      if (!t) continue;
      done += Math.min(step, t);
      total += t;
    }
    return total > 0 ? done / total : null;
  }

  static from(events: readonly ProgressEvent[]): ProgressLog {
    const log = new ProgressLog();
    for (const e of events) log.add(e);
    return log;
  }
}

/**
 * At most `max` events, each series thinned evenly in proportion to its share and always keeping
 * its first and last event (so a chart of the saved run spans the same steps).
 */
export function downsampleProgress(events: readonly ProgressEvent[], max = 2000): ProgressEvent[] {
  if (events.length <= max) return [...events];
  const bySeries = new Map<string, number[]>();
  events.forEach((e, i) => {
    let idx = bySeries.get(e.series);
    if (!idx) bySeries.set(e.series, (idx = []));
    idx.push(i);
  });
  const keep = new Set<number>();
  // Each series gets at least two slots; the rest are shared in proportion to its length.
  const budget = Math.max(0, max - 2 * bySeries.size);
  for (const idx of bySeries.values()) {
    const quota = Math.min(idx.length, 2 + Math.floor((budget * idx.length) / events.length));
    if (quota >= idx.length) {
      for (const i of idx) keep.add(i);
      continue;
    }
    for (let k = 0; k < quota; k++) keep.add(idx[Math.round((k * (idx.length - 1)) / Math.max(1, quota - 1))]!);
  }
  const out = [...keep].sort((a, b) => a - b).map((i) => events[i]!);
  return out.length <= max ? out : out.slice(0, max); // only when there are more than max/2 series
}

/** Long-form rows (series, x, y) for scatter figures, whose x values rarely line up. */
export function longRows(series: readonly Series[]): Array<[string, Cell, Cell]> {
  return series.flatMap((s) => s.points.map(([x, y]) => [s.name, finite(x), finite(y)] as [string, Cell, Cell]));
}

/** A number for people: up to 4 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
