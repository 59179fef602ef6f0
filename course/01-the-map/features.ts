// Hand-written pixel features of a 28×28 digit: ink, bounding box, holes (flood fill), hole
// position, symmetry, stroke crossings, ink per region. Plain loops over the pixels; no learning.

/** Pixels at or above this intensity count as ink. */
export const INK = 0.4;

export interface DigitFeatures {
  ink: number;          // ink pixels ÷ bounding-box area
  aspect: number;       // bounding-box width ÷ height
  holes: number;        // enclosed background regions (of ≥ 3 pixels) that a flood fill from the border cannot reach
  holeY: number;        // centroid row of the biggest hole, 0 = top of the box … 1 = bottom (−1 without a hole)
  holeArea: number;     // biggest hole's pixels ÷ bounding-box area (0 without a hole)
  symLR: number;        // fraction of ink pixels whose left–right mirror (in the box) is ink
  symTB: number;        // same for the top–bottom mirror
  crossH: number;       // ink runs along the middle row of the box
  crossV: number;       // ink runs down the middle column of the box
  top: number;          // ink fraction in the top third of the box
  bottom: number;       // … in the bottom third
  left: number;         // … in the left half, lower two thirds
  right: number;        // … in the right half, lower two thirds
  midLeft: number;      // … in the left half of the middle third
  upLeft: number;       // … in the left half of the top half
  lowLeft: number;      // … in the left half of the bottom half
  lowRight: number;     // … in the right half of the bottom half
  upRight: number;      // … in the right half of the top half
  centroidX: number;    // ink centroid, 0 = left edge of the box … 1 = right edge
  centroidY: number;    // ink centroid, 0 = top … 1 = bottom
}

export const FEATURE_NAMES = ['ink', 'aspect', 'holes', 'holeY', 'holeArea', 'symLR', 'symTB', 'crossH', 'crossV', 'top', 'bottom', 'left', 'right', 'midLeft', 'upLeft', 'lowLeft', 'lowRight', 'upRight', 'centroidX', 'centroidY'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

const S = 28;

/** Features of image `i` of a flat (N·784) pixel array. */
export function digitFeatures(pixels: Float32Array, i: number): DigitFeatures {
  const ink = new Uint8Array(S * S);
  let r0 = S, r1 = -1, c0 = S, c1 = -1;
  for (let p = 0; p < S * S; p++) {
    if (pixels[i * S * S + p]! >= INK) {
      ink[p] = 1;
      const r = (p / S) | 0, c = p % S;
      if (r < r0) r0 = r; if (r > r1) r1 = r; if (c < c0) c0 = c; if (c > c1) c1 = c;
    }
  }
  if (r1 < 0) return { ink: 0, aspect: 1, holes: 0, holeY: -1, holeArea: 0, symLR: 0, symTB: 0, crossH: 0, crossV: 0, top: 0, bottom: 0, left: 0, right: 0, midLeft: 0, upLeft: 0, lowLeft: 0, lowRight: 0, upRight: 0, centroidX: 0.5, centroidY: 0.5 };
  const h = r1 - r0 + 1, w = c1 - c0 + 1, area = h * w;
  const at = (r: number, c: number) => ink[r * S + c]!;

  // Holes: flood-fill the background from the image border (4-connected); every background
  // region the fill did not reach is enclosed by ink.
  const label = new Int32Array(S * S); // 0 unvisited, −1 outside, k > 0 hole k
  const stack: number[] = [];
  const fill = (start: number, value: number): { size: number; rowSum: number } => {
    let size = 0, rowSum = 0;
    stack.push(start);
    label[start] = value;
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      rowSum += (p / S) | 0;
      const r = (p / S) | 0, c = p % S;
      for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const rr = r + dr, cc = c + dc;
        if (rr < 0 || rr >= S || cc < 0 || cc >= S) continue;
        const q = rr * S + cc;
        if (!ink[q] && label[q] === 0) { label[q] = value; stack.push(q); }
      }
    }
    return { size, rowSum };
  };
  for (let k = 0; k < S; k++) for (const p of [k, (S - 1) * S + k, k * S, k * S + S - 1]) if (!ink[p] && label[p] === 0) fill(p, -1);
  let holes = 0, biggest = 0, biggestRow = 0;
  for (let p = 0; p < S * S; p++) {
    if (ink[p] || label[p] !== 0) continue;
    const { size, rowSum } = fill(p, holes + 1);
    if (size >= 3) {
      holes++;
      if (size > biggest) { biggest = size; biggestRow = rowSum / size; }
    }
  }

  let total = 0, mirrorLR = 0, mirrorTB = 0, sx = 0, sy = 0;
  let top = 0, bottom = 0, left = 0, right = 0, midLeft = 0, upLeft = 0, lowLeft = 0, lowRight = 0, upRight = 0;
  const third = h / 3, halfW = w / 2, halfH = h / 2;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      if (!at(r, c)) continue;
      total++;
      sx += c - c0; sy += r - r0;
      if (at(r, c1 - (c - c0))) mirrorLR++;
      if (at(r1 - (r - r0), c)) mirrorTB++;
      const y = r - r0, x = c - c0;
      if (y < third) top++;
      if (y >= 2 * third) bottom++;
      if (y >= third && x < halfW) left++;
      if (y >= third && x >= halfW) right++;
      if (y >= third && y < 2 * third && x < halfW) midLeft++;
      if (y < halfH && x < halfW) upLeft++;
      if (y >= halfH && x < halfW) lowLeft++;
      if (y >= halfH && x >= halfW) lowRight++;
      if (y < halfH && x >= halfW) upRight++;
    }
  }
  const runs = (cells: number[]) => cells.reduce((n, v, k) => n + (v && (k === 0 || !cells[k - 1]) ? 1 : 0), 0);
  const midRow = r0 + (h >> 1), midCol = c0 + (w >> 1);
  const row: number[] = [], col: number[] = [];
  for (let c = c0; c <= c1; c++) row.push(at(midRow, c));
  for (let r = r0; r <= r1; r++) col.push(at(r, midCol));
  return {
    ink: total / area,
    aspect: w / h,
    holes,
    holeY: holes ? (biggestRow - r0) / Math.max(1, h - 1) : -1,
    holeArea: biggest / area,
    symLR: mirrorLR / total,
    symTB: mirrorTB / total,
    crossH: runs(row),
    crossV: runs(col),
    top: top / total, bottom: bottom / total, left: left / total, right: right / total, midLeft: midLeft / total,
    upLeft: upLeft / total, lowLeft: lowLeft / total, lowRight: lowRight / total, upRight: upRight / total,
    centroidX: sx / total / Math.max(1, w - 1),
    centroidY: sy / total / Math.max(1, h - 1),
  };
}
