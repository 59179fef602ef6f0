// Fetching only what a run needs: MNIST files cut to their first rows (still valid IDX), row counts
// rounded up so nearby asks share one download, and a larger download serving a smaller ask.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstIdxRows, mnistRows } from './data-files.ts';
import { bytesDataSource } from './data-source.ts';
import { readDataFile } from './data-files.node.ts';

/** An IDX file of n 2×2 unsigned-byte images whose pixels are their index. */
function idx(n: number): Uint8Array {
  const out = new Uint8Array(16 + 4 * n);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x00000803);
  v.setUint32(4, n);
  v.setUint32(8, 2);
  v.setUint32(12, 2);
  for (let i = 0; i < n; i++) out.fill(i, 16 + 4 * i, 20 + 4 * i);
  return out;
}

test('firstIdxRows keeps the header (with the new count) and the first rows; all of them when there are fewer', () => {
  const cut = firstIdxRows(idx(5), 3, 'x');
  assert.equal(cut.length, 16 + 12);
  assert.equal(new DataView(cut.buffer).getUint32(4), 3);
  assert.deepEqual([...cut.subarray(16)], [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  assert.deepEqual(firstIdxRows(idx(2), 10, 'x'), idx(2));
  assert.throws(() => firstIdxRows(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 1, 'bad.idx'), /bad.idx: not an IDX file of unsigned bytes/);
  assert.throws(() => firstIdxRows(idx(5).subarray(0, 30), 1, 'short.idx'), /short.idx: IDX data cut short \(5 items of 4 bytes declared, 14 bytes present\)/);
});

test('row counts round up to a few sizes; no limit (or more than the largest) means the whole file', () => {
  assert.equal(mnistRows(1), 1000);
  assert.equal(mnistRows(1000), 1000);
  assert.equal(mnistRows(1001), 2000);
  assert.equal(mnistRows(11000), 20000);
  assert.equal(mnistRows(undefined), undefined);
  assert.equal(mnistRows(45000), undefined);
});

test('the DataSource asks for the rounded rows, reuses a larger download for a smaller ask, and parses real MNIST', async () => {
  const asked: string[] = [];
  const source = bytesDataSource(async (path, rows) => {
    asked.push(`${path.split('/')[1]}:${rows ?? 'all'}`);
    return readDataFile(path, rows);
  });
  const a = await source.mnist('test', 1500);
  assert.equal(a.labels.shape[0], 1500);
  assert.deepEqual(asked.sort(), ['t10k-images-idx3-ubyte:2000', 't10k-labels-idx1-ubyte:2000']);
  await source.mnist('test', 1800);
  await source.mnist('test', 500);
  assert.equal(asked.length, 2, 'the 2,000 rows already fetched serve 1,800 and 500');
  const all = await source.mnist('test');
  assert.equal(all.labels.shape[0], 10000);
  assert.equal(asked.length, 4);
  await source.mnist('test', 5000);
  assert.equal(asked.length, 4, 'the whole file serves any ask');
  // The rows are the file's first ones, whichever download they came from.
  const pixels = a.images.shape.slice(1).reduce((p, d) => p * d, 1);
  assert.deepEqual([...(a.images.data as Float32Array).subarray(0, 1500 * pixels)], [...(all.images.data as Float32Array).subarray(0, 1500 * pixels)]);
  assert.deepEqual([...(a.labels.data as Int32Array)], [...(all.labels.data as Int32Array).subarray(0, 1500)]);
});
