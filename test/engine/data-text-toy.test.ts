// Character corpus and toy sets: Moby-Dick loads, the vocabulary round-trips and handles unknown
// characters, next-character pairs are shifted by one, the validation split is the tail; the 2-D
// toy sets have the right shapes, balanced labels, their geometry, and are seeded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, manualSeed, Tensor, ValueError, IndexError, data } from '../../engine/index.ts';
import { loadMobyDick } from '../../engine/data/index.node.ts';

const { CharVocab, charSequenceDataset, splitSequence, DataLoader } = data;
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
const counts = (t: Tensor): number[] => flat(t).reduce((c, v) => ((c[v] = (c[v] ?? 0) + 1), c), [] as number[]);

test('Moby-Dick: the whole novel, and a vocabulary that round-trips it', () => {
  const text = loadMobyDick();
  assert.ok(text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.'));
  assert.ok(text.length > 1_000_000, `${text.length} characters`);
  const vocab = CharVocab.fromText(text);
  assert.equal(vocab.size, new Set(text).size);
  const ids = vocab.encode(text);
  assert.equal(ids.length, text.length);
  assert.equal(vocab.decode(ids.subarray(0, 500)), text.slice(0, 500));
  assert.ok(vocab.chars.includes('\n') && vocab.chars.includes('—'));
});

test('CharVocab: sorted ids, encode/decode, unknown characters', () => {
  const v = CharVocab.fromText('hello world');
  assert.deepEqual(v.chars, [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
  assert.deepEqual([...v.encode('hold')], [3, 5, 4, 1]);
  assert.equal(v.decode([3, 5, 4, 1]), 'hold');
  assert.equal(v.decode(tensor([7, 5], { dtype: 'int32' })), 'wo');
  assert.throws(() => v.encode('help'), (e: Error) => e instanceof ValueError && /"p"/.test(e.message) && /position 3/.test(e.message));
  assert.throws(() => v.decode([8]), (e: Error) => e instanceof ValueError && /id 8/.test(e.message));
  const u = CharVocab.fromText('abc', { unknown: '?' });
  assert.equal(u.size, 4);
  assert.equal(u.decode(u.encode('abz!c')), 'ab??c');
  assert.throws(() => CharVocab.fromText('a', { unknown: '??' }), ValueError);
  const astral = CharVocab.fromText('a😀b'); // one id per code point, not per UTF-16 unit
  assert.deepEqual([astral.size, astral.encode('😀a').length, astral.decode(astral.encode('b😀'))], [3, 2, 'b😀']);
  const copy = CharVocab.fromJSON(JSON.parse(JSON.stringify(u)));
  assert.deepEqual([...copy.encode('cab?')], [...u.encode('cab?')]);
});

test('charSequenceDataset: targets are the inputs shifted by one; batches are (B, L)', () => {
  const ids = Int32Array.from({ length: 10 }, (_, i) => i);
  const ds = charSequenceDataset(ids, 3);
  assert.equal(ds.length, 3); // windows start at 0, 3, 6; one at 9 would need ids up to 12
  const [x, y] = ds.get(1);
  assert.deepEqual([flat(x), flat(y), x.dtype], [[3, 4, 5], [4, 5, 6], 'int32']);
  assert.throws(() => ds.get(3), IndexError);
  const stride1 = charSequenceDataset(tensor(Array.from(ids), { dtype: 'int32' }), 3, { stride: 1 });
  assert.equal(stride1.length, 7);
  const [[bx, by]] = [...new DataLoader(stride1, { batchSize: 7 })];
  assert.deepEqual(bx.shape, [7, 3]);
  assert.deepEqual(flat(bx).slice(-3), [6, 7, 8]);
  assert.deepEqual(flat(by).slice(-3), [7, 8, 9]);
  const slow = [...new DataLoader(stride1, { batchSize: 7, collate: (items) => data.defaultCollate(items) })][0];
  assert.deepEqual([flat(slow[0]), flat(slow[1])], [flat(bx), flat(by)]);
  assert.equal(charSequenceDataset(ids.subarray(0, 3), 3).length, 0);
  assert.throws(() => charSequenceDataset(ids, 0), ValueError);
});

test('splitSequence holds out the tail', () => {
  const ids = Int32Array.from({ length: 10 }, (_, i) => i);
  const { train, val } = splitSequence(ids, 0.2);
  assert.deepEqual([[...train], [...val]], [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9]]);
  assert.equal(splitSequence(ids, 0).val.length, 0);
  assert.throws(() => splitSequence(ids, 1.5), ValueError);
});

test('makeMoons: two arcs of unit radius, balanced, seeded', () => {
  const { x, y } = data.makeMoons(101, { seed: 1 });
  assert.deepEqual([x.shape, x.dtype, y.shape, y.dtype], [[101, 2], 'float32', [101], 'int32']);
  assert.deepEqual(counts(y), [50, 51]);
  const p = flat(x), l = flat(y);
  for (let i = 0; i < 101; i++) {
    const [a, b] = l[i] === 0 ? [p[2 * i], p[2 * i + 1]] : [1 - p[2 * i], 0.5 - p[2 * i + 1]];
    assert.ok(Math.abs(a * a + b * b - 1) < 1e-5 && b >= -1e-6, `point ${i} of class ${l[i]}`);
  }
  assert.notDeepEqual(l.slice(0, 50), Array(50).fill(0)); // shuffled
  assert.deepEqual(flat(data.makeMoons(101, { seed: 1 }).x), p);
  const noisy = flat(data.makeMoons(101, { seed: 1, noise: 0.1 }).x);
  assert.notDeepEqual(noisy, p);
  const ordered = data.makeMoons(10, { shuffle: false });
  assert.deepEqual(flat(ordered.y), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
});

test('makeCircles: radius 1 and factor', () => {
  const { x, y } = data.makeCircles(40, { factor: 0.3, seed: 2 });
  assert.deepEqual(counts(y), [20, 20]);
  const p = flat(x), l = flat(y);
  for (let i = 0; i < 40; i++) assert.ok(Math.abs(Math.hypot(p[2 * i], p[2 * i + 1]) - (l[i] ? 0.3 : 1)) < 1e-6);
  assert.throws(() => data.makeCircles(10, { factor: 1 }), ValueError);
});

test('makeSpiral: classes arms of equal size within the unit disc', () => {
  const { x, y } = data.makeSpiral(300, { classes: 3, seed: 3 });
  assert.deepEqual(counts(y), [100, 100, 100]);
  const p = flat(x);
  for (let i = 0; i < 300; i++) assert.ok(Math.hypot(p[2 * i], p[2 * i + 1]) <= 1 + 1e-6);
  assert.throws(() => data.makeSpiral(10, { classes: 0 }), ValueError);
});

test('makeXor: label 1 exactly where the signs differ, balanced', () => {
  const { x, y } = data.makeXor(200, { seed: 4 });
  assert.deepEqual(counts(y), [100, 100]);
  const p = flat(x), l = flat(y);
  for (let i = 0; i < 200; i++) {
    assert.ok(Math.abs(p[2 * i]) <= 1 && Math.abs(p[2 * i + 1]) <= 1);
    assert.equal(l[i], p[2 * i] * p[2 * i + 1] < 0 ? 1 : 0);
  }
});

test('makeBlobs: samples gather around their centres with the given std; random centres are seeded', () => {
  const centers: [number, number][] = [[0, 0], [5, -5]];
  const { x, y } = data.makeBlobs(2000, { centers, std: 0.5, seed: 5 });
  assert.deepEqual(counts(y), [1000, 1000]);
  const p = flat(x), l = flat(y);
  for (const c of [0, 1]) {
    const pts = l.flatMap((v, i) => (v === c ? [[p[2 * i], p[2 * i + 1]]] : []));
    const mean = [0, 1].map((k) => pts.reduce((s, q) => s + q[k], 0) / pts.length);
    const sd = Math.sqrt(pts.reduce((s, q) => s + (q[0] - mean[0]) ** 2, 0) / pts.length);
    assert.ok(Math.abs(mean[0] - centers[c][0]) < 0.05 && Math.abs(mean[1] - centers[c][1]) < 0.05, `class ${c} mean ${mean}`);
    assert.ok(Math.abs(sd - 0.5) < 0.03, `class ${c} std ${sd}`);
  }
  manualSeed(0);
  const a = data.makeBlobs(30, { centers: 4 });
  manualSeed(0);
  const b = data.makeBlobs(30, { centers: 4 });
  assert.deepEqual(a.centers, b.centers);
  assert.equal(a.centers.length, 4);
  assert.ok(a.centers.flat().every((v) => v >= -10 && v <= 10));
  assert.deepEqual(counts(a.y), [8, 8, 7, 7]);
  assert.throws(() => data.makeBlobs(10, { centers: 0 }), ValueError);
});
