// Datasets and loaders: TensorDataset rows, DataLoader batching (fast path = collate path),
// seeded shuffling (reproducible, fresh per epoch, private streams), dropLast, randomSplit and
// stratifiedSubset, defaultCollate, and the errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, arange, rand, manualSeed, Tensor, ShapeError, IndexError, ValueError, data } from '../../engine/index.ts';

const { TensorDataset, DataLoader, Subset, Generator, randomSplit, stratifiedSubset, defaultCollate } = data;
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
const errorNaming = (cls: Function, ...parts: RegExp[]) => (e: Error) => e instanceof cls && parts.every((p) => p.test(e.message));

// x row i is [i, 10 + i], y_i = 100 + i: every batch says which rows it holds.
const rows = (n: number) => new TensorDataset(
  tensor(Array.from({ length: n }, (_, i) => [i, 10 + i])),
  tensor(Array.from({ length: n }, (_, i) => 100 + i), { dtype: 'int32' }),
);
const order = (loader: Iterable<Tensor[]>): number[] => [...loader].flatMap(([, y]) => flat(y).map((v) => v - 100));

test('TensorDataset serves rows of every tensor and checks their first dims', () => {
  const ds = rows(5);
  assert.equal(ds.length, 5);
  const [x, y] = ds.get(3);
  assert.deepEqual(x.shape, [2]);
  assert.deepEqual(flat(x), [3, 13]);
  assert.equal(y.item(), 103);
  assert.throws(() => ds.get(5), errorNaming(IndexError, /index 5/, /length 5/));
  assert.throws(() => new TensorDataset(arange(4), arange(3)), errorNaming(ShapeError, /\[4\]/, /\[3\]/));
  assert.throws(() => new TensorDataset(tensor(1)), ShapeError);
});

test('DataLoader yields batches in order, with a short last batch unless dropLast', () => {
  const ds = rows(10);
  const loader = new DataLoader(ds, { batchSize: 4 });
  assert.equal(loader.length, 3);
  const batches = [...loader];
  assert.deepEqual(batches.map(([x]) => x.shape), [[4, 2], [4, 2], [2, 2]]);
  assert.deepEqual(flat(batches[1][0]), [4, 14, 5, 15, 6, 16, 7, 17]);
  assert.equal(batches[2][1].dtype, 'int32');
  assert.deepEqual(flat(batches[2][1]), [108, 109]);
  const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
  assert.equal(dropped.length, 2);
  assert.deepEqual(order(dropped), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...new DataLoader(ds)].length, 10); // batchSize defaults to 1
  assert.throws(() => new DataLoader(ds, { batchSize: 0 }), errorNaming(ValueError, /batchSize/, /0/));
});

test('the TensorDataset fast path gives the same batches as get() + defaultCollate', () => {
  const ds = rows(11);
  const fast = [...new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 4 })];
  const slow = [...new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 4, collate: (items) => defaultCollate(items) })];
  assert.equal(fast.length, slow.length);
  fast.forEach(([x, y], b) => {
    assert.deepEqual(x.shape, slow[b][0].shape);
    assert.deepEqual(flat(x), flat(slow[b][0]));
    assert.deepEqual(flat(y), flat(slow[b][1]));
  });
});

test('TensorDataset batches: row copies of contiguous tensors equal indexSelect on strided views', () => {
  const base = arange(12).float().reshape([3, 4]);
  const contiguous = new TensorDataset(base.t().contiguous()), strided = new TensorDataset(base.t()); // (4, 3) each
  assert.equal(strided.tensors[0].isContiguous(), false);
  const idx = Int32Array.from([3, 0, 3]);
  const [a] = contiguous.getBatch(idx), [b] = strided.getBatch(idx);
  assert.deepEqual([a.shape, b.shape], [[3, 3], [3, 3]]);
  assert.deepEqual(flat(a), [3, 7, 11, 0, 4, 8, 3, 7, 11]);
  assert.deepEqual(flat(b), flat(a));
  const offset = new TensorDataset(arange(10).slice(0, 4, 10)); // a contiguous view starting at element 4
  assert.deepEqual(flat(offset.getBatch(Int32Array.from([5, 0]))[0]), [9, 4]);
  assert.throws(() => contiguous.getBatch(Int32Array.from([4])), errorNaming(IndexError, /index 4/, /length 4/));
});

test('shuffling: every epoch is a permutation, a fresh one each epoch, reproducible under manualSeed', () => {
  const ds = rows(20);
  const loader = new DataLoader(ds, { batchSize: 6, shuffle: true });
  manualSeed(7);
  const e1 = order(loader), e2 = order(loader);
  const sorted = Array.from({ length: 20 }, (_, i) => i);
  assert.deepEqual([...e1].sort((a, b) => a - b), sorted);
  assert.deepEqual([...e2].sort((a, b) => a - b), sorted);
  assert.notDeepEqual(e1, sorted);
  assert.notDeepEqual(e1, e2);
  manualSeed(7);
  assert.deepEqual(order(loader), e1);
  assert.deepEqual(order(loader), e2);
});

test('a seeded loader has its own stream: same epochs whatever the global seed, which it leaves alone', () => {
  const ds = rows(16);
  manualSeed(1);
  const a = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 42 });
  const a1 = order(a), a2 = order(a);
  manualSeed(999);
  const b = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 42 });
  assert.deepEqual(order(b), a1);
  assert.deepEqual(order(b), a2);
  assert.notDeepEqual(a1, a2);
  manualSeed(3);
  const expected = flat(rand([4]));
  manualSeed(3);
  order(new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 42 }));
  assert.deepEqual(flat(rand([4])), expected);
});

test('Generator: seeded streams repeat, and running one does not move the global stream', () => {
  const g1 = new Generator(5), g2 = new Generator(5);
  const draw = () => flat(rand([3]));
  assert.deepEqual(g1.run(draw), g2.run(draw));
  assert.notDeepEqual(g1.run(draw), new Generator(6).run(draw));
  manualSeed(11);
  const expected = draw();
  manualSeed(11);
  g1.run(draw);
  assert.deepEqual(draw(), expected);
  const shared = new Generator(8);
  const x = [...new DataLoader(rows(9), { shuffle: true, generator: shared })].length;
  assert.equal(x, 9);
});

test('defaultCollate stacks tensors, turns integers into int32 and floats into float32, and recurses', () => {
  const items = [{ image: tensor([[1, 2]]), label: 3, weight: 0.5, name: 'a' }, { image: tensor([[3, 4]]), label: 1, weight: 2, name: 'b' }];
  const batch = defaultCollate(items);
  assert.deepEqual(batch.image.shape, [2, 1, 2]);
  assert.deepEqual(flat(batch.image), [1, 2, 3, 4]);
  assert.equal(batch.label.dtype, 'int32');
  assert.deepEqual(flat(batch.label), [3, 1]);
  assert.equal(batch.weight.dtype, 'float32');
  assert.deepEqual(batch.name, ['a', 'b']);
  const seqs = defaultCollate([new Int32Array([1, 2, 3]), new Int32Array([4, 5, 6])]);
  assert.deepEqual([seqs.shape, seqs.dtype], [[2, 3], 'int32']);
  assert.throws(() => defaultCollate([new Int32Array(2), new Int32Array(3)]), ShapeError);
  assert.throws(() => defaultCollate([]), ValueError);
  // a plain dataset of [Tensor, number] pairs goes through collate in the loader
  const pairs = { length: 3, get: (i: number): [Tensor, number] => [tensor([i, -i]), i % 2] };
  const [[x, y]] = [...new DataLoader(pairs, { batchSize: 3 })];
  assert.deepEqual(flat(x), [0, -0, 1, -1, 2, -2]);
  assert.deepEqual(flat(y), [0, 1, 0]);
});

test('randomSplit: lengths or fractions, disjoint subsets covering the dataset, seeded', () => {
  const ds = rows(10);
  const [train, val] = randomSplit(ds, [7, 3], { seed: 1 });
  assert.deepEqual([train.length, val.length], [7, 3]);
  const all = [...train.indices, ...val.indices].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: 10 }, (_, i) => i));
  assert.equal(train.get(0)[1].item(), 100 + train.indices[0]);
  const again = randomSplit(ds, [7, 3], { seed: 1 });
  assert.deepEqual([...again[0].indices], [...train.indices]);
  assert.deepEqual(randomSplit(ds, [0.8, 0.2], { seed: 2 }).map((s) => s.length), [8, 2]);
  // floor(5·0.5) = 2 each, the one left over goes to the first split
  assert.deepEqual(randomSplit(rows(5), [0.5, 0.5], { seed: 2 }).map((s) => s.length), [3, 2]);
  assert.deepEqual(randomSplit(rows(10), [0.34, 0.33, 0.33], { seed: 2 }).map((s) => s.length), [4, 3, 3]);
  assert.throws(() => randomSplit(ds, [5, 4]), errorNaming(ValueError, /\(9\)/, /\(10\)/));
  assert.throws(() => randomSplit(ds, [5.5, 4.5]), errorNaming(ValueError, /non-negative integers/));
});

test('Subset re-indexes and keeps the TensorDataset fast path', () => {
  const sub = new Subset(rows(10), [9, 2, 5]);
  assert.equal(sub.length, 3);
  assert.equal(sub.get(0)[1].item(), 109);
  assert.ok(sub.getBatch);
  const [[x, y]] = [...new DataLoader(sub, { batchSize: 3 })];
  assert.deepEqual(flat(y), [109, 102, 105]);
  assert.deepEqual(flat(x), [9, 19, 2, 12, 5, 15]);
  assert.throws(() => new Subset(rows(3), [0, 3]), errorNaming(IndexError, /index 3/, /length 3/));
  assert.throws(() => sub.get(3), IndexError);
});

test('stratifiedSubset picks exactly perClass of each class, reproducibly, and names a short class', () => {
  // class c appears 3 + c times
  const labels = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2].map((c, i) => ({ c, i })).sort((a, b) => (a.i * 7) % 12 - (b.i * 7) % 12).map((o) => o.c);
  const y = tensor(labels, { dtype: 'int32' });
  const idx = stratifiedSubset(y, 2, { seed: 3 });
  assert.equal(idx.length, 6);
  const counts = [0, 0, 0];
  idx.forEach((i) => counts[labels[i]]++);
  assert.deepEqual(counts, [2, 2, 2]);
  assert.equal(new Set(idx).size, 6);
  assert.deepEqual([...idx], [...idx].sort((a, b) => a - b));
  assert.deepEqual([...stratifiedSubset(labels, 2, { seed: 3 })], [...idx]);
  assert.deepEqual([...stratifiedSubset(y, 3, { seed: 3 })].filter((i) => labels[i] === 0).length, 3);
  assert.throws(() => stratifiedSubset(y, 4), errorNaming(ValueError, /class 0 has only 3/, /perClass=4/));
  assert.throws(() => stratifiedSubset(y, 1, { classes: [1, 7] }), errorNaming(ValueError, /class 7 has only 0/));
  const only = stratifiedSubset(labels, 4, { classes: [1, 2], seed: 0 });
  assert.deepEqual([...only].map((i) => labels[i]).sort(), [1, 1, 1, 1, 2, 2, 2, 2]);
  // on a dataset: a Subset whose labels come from the last tensor
  const ds = new TensorDataset(arange(12).reshape([12, 1]).float(), y);
  const sub = stratifiedSubset(ds, 1, { seed: 5 });
  assert.ok(sub instanceof Subset);
  assert.deepEqual([...sub.indices].map((i) => labels[i]).sort(), [0, 1, 2]);
  assert.throws(() => stratifiedSubset(tensor([0.5, 1]), 1), errorNaming(ValueError, /0.5/));
});
