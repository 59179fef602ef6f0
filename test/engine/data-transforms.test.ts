// Image transforms: shifts and crops move pixels by exactly the drawn amount, rotation by 0 is the
// identity and by 90° is a quarter turn, bilinear rotation is exact on a linear ramp, flips undo
// themselves, noise and normalization have the right statistics, and all are seeded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, zeros, arange, manualSeed, Tensor, ShapeError, DTypeError, ValueError, data } from '../../engine/index.ts';

const T = data.transforms;
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());

// A (1, h, w) image with a single 1 at (row, col).
function dot(h: number, w: number, row: number, col: number): Tensor {
  const x = zeros([1, h, w]);
  x.data[row * w + col] = 1;
  return x;
}
const where = (img: number[], w: number): [number, number][] => img.flatMap((v, k) => (v ? [[Math.floor(k / w), k % w] as [number, number]] : []));
const grid = (h: number, w: number) => arange(h * w).float().reshape([1, h, w]);
const rot90 = (m: number[][]): number[][] => m[0].map((_, j) => m.map((row) => row[row.length - 1 - j]));

test('shift moves content by (dx, dy) and fills the border with zeros', () => {
  assert.deepEqual(where(flat(T.shift(dot(5, 5, 2, 2), 1, -2)), 5), [[0, 3]]);
  assert.deepEqual(flat(T.shift(dot(5, 5, 0, 4), 1, 0)), Array(25).fill(0)); // pushed off the edge
  const g = grid(3, 3);
  assert.deepEqual(flat(T.shift(g, -1, 1)), [0, 0, 0, 1, 2, 0, 4, 5, 0]);
  assert.deepEqual(flat(T.shift(g, 0, 0)), flat(g));
});

test('randomShift moves each image of a batch by its own offset within ±maxPixels', () => {
  const n = 200;
  const batch = zeros([n, 1, 9, 9]);
  for (let k = 0; k < n; k++) batch.data[k * 81 + 4 * 9 + 4] = 1;
  manualSeed(1);
  const out = T.randomShift(2)(batch);
  assert.deepEqual(out.shape, [n, 1, 9, 9]);
  const v = flat(out), offsets = new Set<string>();
  for (let k = 0; k < n; k++) {
    const hits = where(v.slice(k * 81, (k + 1) * 81), 9);
    assert.equal(hits.length, 1);
    const [dy, dx] = [hits[0][0] - 4, hits[0][1] - 4];
    assert.ok(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, `offset (${dx}, ${dy})`);
    offsets.add(`${dx},${dy}`);
  }
  assert.ok(offsets.size >= 20, `only ${offsets.size} of 25 offsets drawn`);
  manualSeed(1);
  assert.deepEqual(flat(T.randomShift(2)(batch)), v);
  assert.deepEqual(flat(T.randomShift(0)(batch)), flat(batch));
  assert.throws(() => T.randomShift(-1), ValueError);
});

test('randomCrop cuts a window of the (zero-padded) image', () => {
  const g = grid(5, 5), values = flat(g);
  manualSeed(2);
  for (let trial = 0; trial < 10; trial++) {
    const c = flat(T.randomCrop(3)(g));
    // the top-left value k = 5·top + left fixes the window; every other pixel must follow it
    const top = Math.floor(c[0] / 5), left = c[0] % 5;
    assert.ok(top <= 2 && left <= 2);
    assert.deepEqual(c, [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => values[(top + i) * 5 + left + j])));
  }
  const padded = T.randomCrop([5, 5], { padding: 1 })(dot(5, 5, 2, 2));
  const [[r, col]] = where(flat(padded), 5);
  assert.ok(Math.abs(r - 2) <= 1 && Math.abs(col - 2) <= 1);
  assert.deepEqual(T.randomCrop([2, 4])(zeros([3, 1, 5, 5])).shape, [3, 1, 2, 4]);
  assert.throws(() => T.randomCrop(6)(g), (e: Error) => e instanceof ValueError && /6×6/.test(e.message) && /5×5/.test(e.message));
});

test('rotate: 0° is the identity, 90° a counter-clockwise quarter turn, 180° a half turn', () => {
  const g = grid(4, 4);
  assert.deepEqual(flat(T.rotate(g, 0)), flat(g));
  const m = g.reshape([4, 4]).toArray() as number[][];
  assert.deepEqual(flat(T.rotate(g, 90)), rot90(m).flat());
  assert.deepEqual(flat(T.rotate(g, 180)), rot90(rot90(m)).flat());
  assert.deepEqual(flat(T.rotate(g, -90)), rot90(rot90(rot90(m))).flat());
  // counter-clockwise as seen on screen: the top-right corner goes to the top-left
  assert.deepEqual(where(flat(T.rotate(dot(3, 3, 0, 2), 90)), 3), [[0, 0]]);
});

test('rotate interpolates bilinearly: exact on a linear ramp, zero outside', () => {
  const h = 9, w = 9, c = 4, ramp = zeros([1, h, w]);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) ramp.data[i * w + j] = j; // value = column
  const deg = 20, t = (deg * Math.PI) / 180, out = flat(T.rotate(ramp, deg));
  for (const [i, j] of [[4, 4], [3, 5], [5, 2], [2, 3]]) {
    const xs = c + (j - c) * Math.cos(t) - (i - c) * Math.sin(t);
    assert.ok(Math.abs(out[i * w + j] - xs) < 1e-5, `(${i}, ${j}): got ${out[i * w + j]}, expected ${xs}`);
  }
  // 45° on 9×9: the corner (0, 0) samples at row 4 - 4√2 ≈ -1.66, wholly outside; the centre stays
  const ones = flat(T.rotate(zeros([1, 9, 9]).add(1), 45));
  assert.equal(ones[0], 0);
  assert.equal(ones[40], 1);
  // (0, 2) samples at row 4 - 6/√2 ≈ -0.24: between the zero border (row -1) and row 0, weight 1 + ys on row 0
  const ys = 4 - 6 * Math.SQRT1_2;
  assert.ok(ys > -1 && ys < 0);
  assert.ok(Math.abs(ones[2] - (1 + ys)) < 1e-6, `edge pixel ${ones[2]}, expected ${1 + ys}`);
});

test('randomRotation draws an angle per image within the range', () => {
  const batch = grid(5, 5).unsqueeze(0).expand([3, 1, 5, 5]).contiguous();
  assert.deepEqual(flat(T.randomRotation(0)(batch)), flat(batch));
  manualSeed(4);
  const out = flat(T.randomRotation(15)(batch));
  // the centre pixel is fixed by any rotation; the images differ from each other
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(out[k * 25 + 12] - 12) < 1e-5);
  assert.notDeepEqual(out.slice(0, 25), out.slice(25, 50));
  manualSeed(4);
  assert.deepEqual(flat(T.randomRotation(15)(batch)), out);
  assert.deepEqual(flat(T.randomRotation([90, 90])(grid(4, 4))), flat(T.rotate(grid(4, 4), 90)));
  assert.throws(() => T.randomRotation([10, -10]), ValueError);
});

test('hflip mirrors columns and undoes itself; randomHorizontalFlip flips with probability p', () => {
  const g = grid(2, 3);
  assert.deepEqual(flat(T.hflip(g)), [2, 1, 0, 5, 4, 3]);
  assert.deepEqual(flat(T.hflip(T.hflip(g))), flat(g));
  assert.deepEqual(flat(T.randomHorizontalFlip(1)(g)), flat(T.hflip(g)));
  assert.deepEqual(flat(T.randomHorizontalFlip(0)(g)), flat(g));
  const batch = grid(2, 3).unsqueeze(0).expand([400, 1, 2, 3]).contiguous();
  manualSeed(5);
  const out = flat(T.randomHorizontalFlip(0.5)(batch));
  let flipped = 0;
  for (let k = 0; k < 400; k++) if (out[k * 6] === 2) flipped++;
  assert.ok(flipped > 160 && flipped < 240, `${flipped} of 400 flipped`);
  assert.throws(() => T.randomHorizontalFlip(1.5), ValueError);
});

test('gaussianNoise adds zero-mean noise of the given std', () => {
  assert.deepEqual(flat(T.gaussianNoise(0)(grid(3, 3))), flat(grid(3, 3)));
  manualSeed(6);
  const v = flat(T.gaussianNoise(0.5)(zeros([4, 1, 50, 50])));
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.5) < 0.02, `std ${std}`);
});

test('normalize subtracts the mean and divides by the std of each channel', () => {
  const x = tensor([[[[1, 3]], [[10, 20]]], [[[5, 7]], [[0, 40]]]]); // (2, 2, 1, 2)
  assert.deepEqual(flat(T.normalize([1, 10], [2, 10])(x)), [0, 1, 0, 1, 2, 3, -1, 3]);
  assert.deepEqual(flat(T.normalize(1, 2)(tensor([[[1, 3, 5]]]))), [0, 1, 2]);
  assert.throws(() => T.normalize([0, 0, 0], [1, 1, 1])(x), (e: Error) => e instanceof ShapeError && /3 values/.test(e.message) && /2 channels/.test(e.message));
  assert.throws(() => T.normalize(0, 0), ValueError);
});

test('compose applies left to right; transforms keep (C, H, W) and reject other inputs', () => {
  const t = T.compose(T.normalize(1, 2), T.hflip);
  assert.deepEqual(flat(t(tensor([[[1, 3, 5]]]))), [2, 1, 0]);
  assert.deepEqual(T.hflip(grid(2, 3)).shape, [1, 2, 3]);
  assert.equal(T.hflip(grid(2, 3).double()).dtype, 'float64');
  assert.throws(() => T.hflip(arange(9).reshape([1, 3, 3])), (e: Error) => e instanceof DTypeError && /hflip/.test(e.message) && /int32/.test(e.message));
  assert.throws(() => T.randomShift(1)(zeros([3, 3])), (e: Error) => e instanceof ShapeError && /randomShift/.test(e.message) && /\[3, 3\]/.test(e.message));
});
