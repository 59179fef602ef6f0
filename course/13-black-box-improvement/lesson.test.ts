// Lesson 13's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// unit facts the text relies on: temperature never changes the predicted class, the learned pose
// leaves the black box's weights alone, centering undoes a whole-pixel translation exactly, deskewing
// zeroes the slant, the median filter removes lone pixels, and the differentiable warp is the same
// map as the plain one, with a gradient that agrees with finite differences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray, logSoftmax } from '../../engine/index.ts';
import lesson from './index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';
import { blackBox, loadMnist } from './black-box.ts';
import { MID, PIXELS, center, deskew, median3, moments, rotation, slant, translation, warp } from './images.ts';
import { applyPoses, learnPoses, poseToAffine, warpTensor } from './learned.ts';
import { accuracy, argmaxRow, fitTemperature, nll, withTemperature } from './scores.ts';

const { data } = lessonContract(lesson, import.meta.url, {
  prerequisites: ['softmax-vs-argmax', 'regularization', 'ensembles'],
  words: [1500, 3500],
  predictCards: [1, 2],
  badConfigs: [
    ['repair-shop', { noise: 0.9 }, /'noise' must be a number from/],
    ['repair-shop', { testSize: 50 }, /'testSize' must be an integer from/],
    ['repair-shop', { rotateDeg: -5 }, /'rotateDeg' must be a number from/],
  ],
});

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const noPace = async () => {};

/** A digit-like test image: a slanted bar of ink 3 pixels wide, off centre. */
function bar(slope = 0.3, cx = 12, cy = 15): Float32Array {
  const img = new Float32Array(PIXELS);
  for (let y = 6; y < 22; y++) for (let d = -1; d <= 1; d++) img[y * 28 + Math.round(cx + slope * (y - cy)) + d] = 1;
  return img;
}

test('temperature scaling never changes the predicted class, so accuracy is exactly the same', () => {
  const n = 200, p = new Float32Array(n * 10), y = new Int32Array(n);
  let s = 7;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let k = 0; k < 10; k++) z += (p[i * 10 + k] = Math.exp(4 * r()));
    for (let k = 0; k < 10; k++) p[i * 10 + k]! /= z;
    y[i] = Math.floor(10 * r());
  }
  for (const t of [0.2, 0.7, 1, 3, 15]) {
    const q = withTemperature(p, n, t);
    for (let i = 0; i < n; i++) assert.equal(argmaxRow(q, i), argmaxRow(p, i));
    assert.equal(accuracy(q, y), accuracy(p, y));
  }
  const same = withTemperature(p, n, 1);
  for (let i = 0; i < p.length; i++) close(same[i]!, p[i]!, 1e-6, 'T = 1 is the identity');
  // The fitted temperature is a minimum of the NLL: no worse than its neighbours or than T = 1.
  const t = fitTemperature(p, y);
  const at = (u: number) => nll(withTemperature(p, n, u), y);
  assert.ok(at(t) <= at(t * 1.1) + 1e-9 && at(t) <= at(t / 1.1) + 1e-9 && at(t) <= at(1) + 1e-9, `T = ${t}`);
});

test('centering undoes a whole-pixel translation exactly; deskewing zeroes the slant', () => {
  const img = bar();
  const moved = warp(img, translation(3, -2));
  close(moments(moved).cx - moments(img).cx, 3, 1e-4, 'the centre of mass moves with the digit (x)');
  close(moments(moved).cy - moments(img).cy, -2, 1e-4, 'the centre of mass moves with the digit (y)');
  const a = center(img), b = center(moved);
  for (let i = 0; i < PIXELS; i++) close(a[i]!, b[i]!, 1e-5, `pixel ${i}`);
  close(moments(a).cx, MID, 1e-3, 'centred mass (x)');
  assert.ok(Math.abs(slant(img)) > 0.25, `the bar slants: ${slant(img)}`);
  assert.ok(Math.abs(slant(deskew(img))) < 0.03, `deskewed slant ${slant(deskew(img))}`);
});

test('a 90° turn permutes pixels, four of them give the image back; the median filter removes lone pixels', () => {
  const img = bar();
  let r = img;
  for (let k = 0; k < 4; k++) r = warp(r, rotation(90));
  for (let i = 0; i < PIXELS; i++) close(r[i]!, img[i]!, 1e-5, `pixel ${i}`);
  const speckled = Float32Array.from(img);
  speckled[2 * 28 + 2] = 1; // a lone salt pixel on the background
  speckled[14 * 28 + Math.round(12 - 0.3)] = 0; // a lone pepper pixel in the stroke
  const m = median3(speckled);
  assert.equal(m[2 * 28 + 2], 0);
  assert.equal(m[14 * 28 + Math.round(12 - 0.3)], 1);
});

test('the differentiable warp is the plain warp, and its gradient matches finite differences', () => {
  const img = bar();
  const pose = { tx: 1.3, ty: -0.6, deg: 7 };
  const tx = fromTypedArray(Float32Array.of(pose.tx), [1, 1]).requiresGrad_();
  const ty = fromTypedArray(Float32Array.of(pose.ty), [1, 1]).requiresGrad_();
  const th = fromTypedArray(Float32Array.of(pose.deg / 10), [1, 1]).requiresGrad_();
  const out = warpTensor(img, 1, tx, ty, th);
  const plain = warp(img, poseToAffine(pose));
  const got = out.toTypedArray() as Float32Array;
  for (let i = 0; i < PIXELS; i++) close(got[i]!, plain[i]!, 1e-5, `pixel ${i}`);
  // d/d tx of a weighted sum of the output, against a central difference of the plain warp.
  const w = Float32Array.from({ length: PIXELS }, (_, i) => Math.sin(i));
  out.mul(fromTypedArray(w, [1, PIXELS])).sum().backward();
  const f = (p: typeof pose) => warp(img, poseToAffine(p)).reduce((s, v, i) => s + v * w[i]!, 0);
  const h = 1e-3;
  close((tx.grad!.toTypedArray() as Float32Array)[0]!, (f({ ...pose, tx: pose.tx + h }) - f({ ...pose, tx: pose.tx - h })) / (2 * h), 2e-2, 'd/dtx');
  close((th.grad!.toTypedArray() as Float32Array)[0]!, (f({ ...pose, deg: pose.deg + 10 * h }) - f({ ...pose, deg: pose.deg - 10 * h })) / (2 * h), 5e-2, 'd/dθ');
});

test('learning a pose through the black box changes no weight and gives the weights no gradient', async () => {
  const box = await blackBox(data, { arch: 'mlp', steps: 30, lr: 0.05, seed: 3 }, noPace, () => {});
  const before = box.weights();
  const { test: t } = await loadMnist(data);
  const x = t.x.subarray(0, 20 * PIXELS);
  const poses = await learnPoses(box, x, 20, { steps: 5, lr: 0.3, fromCenter: false }, noPace);
  assert.ok(poses.some((p) => p.tx !== 0 || p.deg !== 0), 'the poses moved');
  assert.equal(applyPoses(x, poses).length, 20 * PIXELS);
  const after = box.weights();
  before.forEach((w, i) => assert.deepEqual(after[i], w, `weight tensor ${i} unchanged`));
  // A loss through the box reaches the input, not the weights.
  const input = fromTypedArray(Float32Array.from(x.subarray(0, 2 * PIXELS)), [2, PIXELS]).requiresGrad_();
  logSoftmax(box.logits(input), 1).sum().backward();
  assert.ok(input.grad, 'the input gets a gradient');
  assert.deepEqual(box.weights(), before);
});
