// Your own points: the CSV reader (good files, rescaling, bad rows by line number) and the compact
// URL form of a set, alone and inside a playground link.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classCount, decodePoints, encodePoints, parseCsv, MAX_LINK_POINTS } from './points-io.ts';
import { splitStable } from './datasets.ts';
import { decodeSettings, defaultSettings, encodeSettings, taskOf, type PlaygroundSettings } from './settings.ts';

test('csv: a header is optional, values inside the square stay as they are, separators may be , ; or tab', () => {
  const a = parseCsv('x,y,label\n0.5,-0.25,1\n\n-1,1,0\n');
  assert.deepEqual(a, { points: { xy: [0.5, -0.25, -1, 1], labels: [1, 0] }, errors: [], rescaled: '' });
  const b = parseCsv('0.5;-0.25;1\r\n-1\t1\t0');
  assert.deepEqual(b.points, a.points);
  assert.equal(parseCsv('0.1,0.2,3').points?.labels[0], 3, 'up to four classes');
});

test('csv: coordinates outside [−1, 1] are centred and scaled by one factor, and the page is told how', () => {
  // x spans 0..20 (mid 10, half-range 10), y spans 1..5 (mid 3, half-range 2): both divided by 10.
  const r = parseCsv('x,y,label\n0,1,0\n20,5,1\n10,3,2');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.points!.xy, [-1, -0.2, 1, 0.2, 0, 0]);
  assert.equal(r.rescaled, 'x ← (x − 10) / 10, y ← (y − 3) / 10');
});

test('csv: every bad row is reported by its line number, and then nothing is loaded', () => {
  const r = parseCsv('x,y,label\n0.1,0.2,1\n0.3,abc,0\n0.5,0.5\n0.1,0.1,1.5\n0.2,0.2,7\n0.3,0.3,-1');
  assert.equal(r.points, null);
  assert.deepEqual(r.errors, [
    "line 3: y 'abc' is not a number",
    "line 4: 2 values, expected 3 (x, y, label): '0.5,0.5'",
    "line 5: label '1.5' is not an integer from 0 to 3",
    "line 6: label '7' is not an integer from 0 to 3",
    "line 7: label '-1' is not an integer from 0 to 3",
  ]);
  assert.deepEqual(parseCsv('x,y,label\n').errors, ['no data rows: expected lines of x, y, label']);
  // A header only counts on the first line: a word later is a bad row.
  assert.deepEqual(parseCsv('0,0,1\nx,y,label').errors, ["line 2: x 'x' is not a number"]);
});

test('points in the URL: 4 characters a point, coordinates back within 0.001, labels exact', () => {
  const pts = { xy: [-1, 1, 0.123, -0.777, 0.999, 0, -0.5, 0.5], labels: [0, 1, 2, 3] };
  const text = encodePoints(pts);
  assert.equal(text.length, 16);
  assert.match(text, /^[A-Za-z0-9_-]+$/, 'URL-safe without escaping');
  const back = decodePoints(text);
  assert.ok('value' in back);
  assert.deepEqual(back.value.labels, pts.labels);
  back.value.xy.forEach((v, i) => assert.ok(Math.abs(v - pts.xy[i]!) <= 1 / 1023, `coordinate ${i}: ${v} vs ${pts.xy[i]}`));
  // Ends of the square are exact (quantized to 0 and 1023).
  assert.deepEqual(back.value.xy.slice(0, 2), [-1, 1]);
  assert.deepEqual(decodePoints('abc'), { error: 'pts: 3 characters is not 4 a point' });
  assert.deepEqual(decodePoints('ab!d'), { error: "pts: '!' at character 3 is not base64url" });
  assert.deepEqual(decodePoints('AAAP'), { error: 'pts: point 1 has label 15, labels are 0 to 3' });
  assert.equal(classCount(pts), 4);
  assert.equal(classCount({ xy: [0, 0], labels: [0] }), 2, 'one clicked class still makes a binary task');
});

test('a custom set survives the link when it is small; a large one is left out of it (the page says so)', () => {
  const custom = { xy: [0.5, 0.5, -0.5, -0.5, 0.25, -0.75], labels: [1, 0, 2] };
  const s: PlaygroundSettings = { ...defaultSettings, dataset: 'custom', custom, loss: 'crossEntropy' };
  const q = encodeSettings(s);
  assert.equal(q.get('pts')!.length, 12);
  const back = decodeSettings(new URLSearchParams(q.toString()));
  assert.deepEqual(back.errors, []);
  assert.equal(back.settings.dataset, 'custom');
  assert.deepEqual(back.settings.custom!.labels, [1, 0, 2]);
  assert.deepEqual(taskOf(back.settings), { task: 'multiclass', outputs: 3, classes: 3 });
  const big = { xy: Array.from({ length: 2 * (MAX_LINK_POINTS + 1) }, (_, i) => ((i % 7) - 3) / 4), labels: Array.from({ length: MAX_LINK_POINTS + 1 }, (_, i) => i % 2) };
  assert.equal(encodeSettings({ ...s, custom: big, loss: 'bce' }).get('pts'), null);
  // Few points and a big batch: the batch is cut to the points, not refused.
  assert.deepEqual(decodeSettings(new URLSearchParams(`dataset=custom&batch=500&${new URLSearchParams({ pts: q.get('pts')! })}`)).errors, []);
});

test('your own points keep their part (train or test) when points are added', () => {
  const pts = (n: number) => ({ xy: Float32Array.from({ length: 2 * n }, (_, i) => i / (2 * n)), labels: Float32Array.from({ length: n }, (_, i) => i % 2) });
  const key = (p: { xy: Float32Array }) => Array.from({ length: p.xy.length / 2 }, (_, i) => p.xy[2 * i]!.toFixed(4));
  const a = splitStable(pts(40), 0.5, 1);
  assert.ok(a.test.labels.length >= 10 && a.test.labels.length <= 30, `${a.test.labels.length} of 40 in test`);
  // The same 40 points plus one at (0.99, 0.99): the 40 stay where they were.
  const b = splitStable({ xy: Float32Array.from([...pts(40).xy, 0.99, 0.99]), labels: Float32Array.from([...pts(40).labels, 1]) }, 0.5, 1);
  assert.deepEqual(key(b.test).filter((k) => k !== '0.9900'), key(a.test));
  assert.deepEqual(key(b.train).filter((k) => k !== '0.9900'), key(a.train));
});
