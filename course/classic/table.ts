// The shape the classic methods take their data in: n rows of d numbers, row-major, with one class
// index per row. Checked once at the door so the algorithms can index without guards.

export interface Table {
  /** n·d values, row i's feature j at x[i * d + j]. */
  x: ArrayLike<number>;
  n: number;
  d: number;
}

export interface LabelledTable extends Table {
  /** n class indices in 0..classes−1. */
  y: ArrayLike<number>;
  classes: number;
}

/** Throws, naming `where` and the problem, unless the table's sizes and labels fit together. */
export function checkTable(where: string, t: Table | LabelledTable): void {
  if (!Number.isInteger(t.n) || t.n < 1 || !Number.isInteger(t.d) || t.d < 1) throw new Error(`${where}: n and d must be positive integers, got n=${t.n}, d=${t.d}`);
  if (t.x.length !== t.n * t.d) throw new Error(`${where}: x has ${t.x.length} values, expected n·d = ${t.n}·${t.d} = ${t.n * t.d}`);
  for (let i = 0; i < t.x.length; i++) if (!Number.isFinite(t.x[i]!)) throw new Error(`${where}: x[${i}] (row ${Math.floor(i / t.d)}, feature ${i % t.d}) is ${t.x[i]}`);
  if (!('y' in t)) return;
  if (!Number.isInteger(t.classes) || t.classes < 2) throw new Error(`${where}: classes must be an integer ≥ 2, got ${t.classes}`);
  if (t.y.length !== t.n) throw new Error(`${where}: y has ${t.y.length} labels for ${t.n} rows`);
  for (let i = 0; i < t.n; i++) {
    const c = t.y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= t.classes) throw new Error(`${where}: label ${i} is ${c}, expected a class index in 0..${t.classes - 1}`);
  }
}
