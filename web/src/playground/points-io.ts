// Your own points: the compact URL form of a clicked or loaded set, and the CSV reader. No engine and
// no DOM here, so Node tests and the page's link parser share it. Points live in [−1, 1]²; labels are
// class indices 0–3.

export interface CustomPoints {
  /** x₁, x₂ interleaved: point i is (xy[2i], xy[2i+1]). */
  xy: number[];
  labels: number[];
}

/** The most classes a set of your own points may have (the page has four class colours). */
export const MAX_CLASSES = 4;
/** Sets up to this size go into the link (4 characters a point: 4,000 characters at most). */
export const MAX_LINK_POINTS = 1000;
/** The most points a set may hold at all (a CSV of more is refused, by its size). */
export const MAX_CUSTOM_POINTS = 20_000;

// Each point packs into 24 bits, 4 base64url characters: x and y quantized to 10 bits each over
// [−1, 1] (steps of 2/1023 ≈ 0.002) and the label in the last 4 bits.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const Q = 1023;
const quantize = (v: number): number => Math.round(((Math.max(-1, Math.min(1, v)) + 1) / 2) * Q);
const dequantize = (q: number): number => (2 * q) / Q - 1;

/** The set as URL-safe text; its inverse is decodePoints (coordinates come back within 0.001). */
export function encodePoints(p: CustomPoints): string {
  let out = '';
  for (let i = 0; i < p.labels.length; i++) {
    const bits = (quantize(p.xy[2 * i]!) << 14) | (quantize(p.xy[2 * i + 1]!) << 4) | (p.labels[i]! & 15);
    for (let k = 3; k >= 0; k--) out += B64[(bits >> (6 * k)) & 63];
  }
  return out;
}

export function decodePoints(text: string): { value: CustomPoints } | { error: string } {
  if (text.length % 4 !== 0) return { error: `pts: ${text.length} characters is not 4 a point` };
  const xy: number[] = [], labels: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    let bits = 0;
    for (let k = 0; k < 4; k++) {
      const d = B64.indexOf(text[i + k]!);
      if (d < 0) return { error: `pts: '${text[i + k]}' at character ${i + k + 1} is not base64url` };
      bits = (bits << 6) | d;
    }
    const label = bits & 15;
    if (label >= MAX_CLASSES) return { error: `pts: point ${i / 4 + 1} has label ${label}, labels are 0 to ${MAX_CLASSES - 1}` };
    xy.push(dequantize(bits >> 14), dequantize((bits >> 4) & Q));
    labels.push(label);
  }
  return { value: { xy, labels } };
}

export interface CsvResult {
  points: CustomPoints | null;
  /** Bad rows by line number (1-based); when there are any, nothing is loaded. */
  errors: string[];
  /** How the coordinates were rescaled into [−1, 1]², or '' when they were already inside. */
  rescaled: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads "x,y,label" rows (commas, semicolons or tabs; a first line that is not numbers is a header;
 * blank lines skipped). Labels are integers 0–3. When any coordinate lies outside [−1, 1], both axes
 * are centred on their range's midpoint and divided by the same factor, the larger half-range, so the
 * shape of the set is kept and it just fits the square.
 */
export function parseCsv(text: string): CsvResult {
  const errors: string[] = [];
  const rows: Array<[number, number, number]> = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    const numeric = cells.every((c) => NUMBER.test(c));
    if (rows.length === 0 && errors.length === 0 && !numeric && cells.length === 3 && !cells.some((c) => NUMBER.test(c))) return; // header
    if (cells.length !== 3) return void errors.push(`line ${i + 1}: ${cells.length} values, expected 3 (x, y, label): '${line}'`);
    const bad = cells.findIndex((c) => !NUMBER.test(c));
    if (bad >= 0) return void errors.push(`line ${i + 1}: ${['x', 'y', 'label'][bad]} '${cells[bad]}' is not a number`);
    const [x, y, label] = cells.map(Number) as [number, number, number];
    if (!Number.isInteger(label) || label < 0 || label >= MAX_CLASSES) return void errors.push(`line ${i + 1}: label '${cells[2]}' is not an integer from 0 to ${MAX_CLASSES - 1}`);
    rows.push([x, y, label]);
  });
  if (!errors.length && rows.length === 0) errors.push('no data rows: expected lines of x, y, label');
  if (rows.length > MAX_CUSTOM_POINTS) errors.push(`${rows.length} rows, at most ${MAX_CUSTOM_POINTS} points`);
  if (errors.length) return { points: null, errors, rescaled: '' };

  const range = (k: 0 | 1): [number, number] => [Math.min(...rows.map((r) => r[k])), Math.max(...rows.map((r) => r[k]))];
  const [[x0, x1], [y0, y1]] = [range(0), range(1)];
  let [cx, cy, scale] = [0, 0, 1];
  if (Math.max(-x0, x1, -y0, y1) > 1) {
    [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
    scale = Math.max((x1 - x0) / 2, (y1 - y0) / 2) || 1;
  }
  const xy = rows.flatMap(([x, y]) => [(x - cx) / scale, (y - cy) / scale]);
  const fmt = (v: number) => String(Number(v.toPrecision(4)));
  const rescaled = scale === 1 && cx === 0 && cy === 0 ? '' : `x ← (x − ${fmt(cx)}) / ${fmt(scale)}, y ← (y − ${fmt(cy)}) / ${fmt(scale)}`;
  return { points: { xy, labels: rows.map((r) => r[2]) }, errors: [], rescaled };
}

/** Number of classes a set uses (at least two: one clicked class still trains a binary model). */
export const classCount = (p: CustomPoints | null): number => Math.max(2, ...(p?.labels ?? []).map((l) => l + 1));
