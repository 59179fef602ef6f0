// Real data sets: the IDX parser (values, and errors on bad magic / truncation naming the file),
// MNIST (10k test split checked in detail, the 60k train split once), Fashion-MNIST (skipped with
// the install command when absent, but never in CI), gunzip, and the vendored sklearn tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { Tensor, FormatError, data } from '../../engine/index.ts';
import { loadMnist, loadFashionMnist, fashionMnistFiles, fashionMnistInstall, loadIris, loadWine, loadBreastCancer, loadDigits, loadDiabetes } from '../../engine/data/index.node.ts';

const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
const close = (a: number[], b: number[], tol = 1e-5) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `[${i}]: got ${v}, expected ${b[i]}`));
const counts = (t: Tensor): number[] => flat(t).reduce((c, v) => ((c[v] = (c[v] ?? 0) + 1), c), [] as number[]);
const formatError = (...parts: RegExp[]) => (e: Error) => e instanceof FormatError && parts.every((p) => p.test(e.message));

// An IDX file by hand: magic 00 00 type ndim, big-endian dims, big-endian values.
function idx(type: number, shape: number[], values: number[], width: number): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + values.length * width);
  const v = new DataView(bytes.buffer);
  bytes.set([0, 0, type, shape.length]);
  shape.forEach((d, k) => v.setUint32(4 + 4 * k, d));
  const at = 4 + 4 * shape.length;
  values.forEach((x, i) => (width === 1 ? v.setUint8(at + i, x) : v.setInt32(at + i * width, x)));
  return bytes;
}

test('parseIdx reads shape and big-endian values', () => {
  const u8 = data.parseIdx(idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255], 1));
  assert.deepEqual(u8.shape, [2, 3]);
  assert.deepEqual([...u8.data], [0, 1, 2, 253, 254, 255]);
  const i32 = data.parseIdx(idx(0x0c, [3], [1, -2, 70000], 4));
  assert.ok(i32.data instanceof Int32Array);
  assert.deepEqual([...i32.data], [1, -2, 70000]);
});

test('parseIdx rejects bad magic numbers and truncated files, naming the file', () => {
  const good = idx(0x08, [2, 2], [1, 2, 3, 4], 1);
  const bad = good.slice();
  bad[0] = 0x1f;
  assert.throws(() => data.parseIdx(bad, 'x-images-idx3-ubyte'), formatError(/x-images-idx3-ubyte/, /bad magic number 0x1f000802/));
  const badType = good.slice();
  badType[2] = 0x07;
  assert.throws(() => data.parseIdx(badType, 'f.idx'), formatError(/f\.idx/, /magic/));
  assert.throws(() => data.parseIdx(good.subarray(0, 3), 'short.idx'), formatError(/short\.idx/, /3 bytes/));
  assert.throws(() => data.parseIdx(good.subarray(0, 9), 'head.idx'), formatError(/head\.idx/, /truncated in the header/, /12 bytes/));
  assert.throws(() => data.parseIdx(good.subarray(0, 14), 'data.idx'), formatError(/data\.idx/, /truncated/, /\[2, 2\]/, /16 bytes/, /found 14/));
  const long = new Uint8Array(17);
  long.set(good);
  assert.throws(() => data.parseIdx(long, 'long.idx'), formatError(/long\.idx/, /trailing/));
});

test('imageSetFromIdx pairs images and labels and checks they agree', () => {
  const images = idx(0x08, [2, 1, 2], [0, 255, 51, 102], 1);
  const set = data.imageSetFromIdx(images, idx(0x08, [2], [3, 9], 1));
  assert.deepEqual(set.images.shape, [2, 1, 1, 2]);
  close(flat(set.images), [0, 1, 0.2, 0.4]);
  assert.deepEqual(flat(set.labels), [3, 9]);
  assert.throws(() => data.imageSetFromIdx(images, idx(0x08, [3], [1, 2, 3], 1), { labelsName: 'l.idx', imagesName: 'i.idx' }), formatError(/l\.idx/, /3 labels/, /i\.idx/, /2 images/));
  assert.throws(() => data.imageSetFromIdx(idx(0x08, [4], [1, 2, 3, 4], 1), idx(0x08, [4], [1, 2, 3, 4], 1), { imagesName: 'flat.idx' }), formatError(/flat\.idx/, /\[N, H, W\]/));
});

test('gunzip (DecompressionStream) restores gzipped IDX bytes and names corrupt input', async () => {
  const raw = idx(0x08, [3], [7, 8, 9], 1);
  const zipped = new Uint8Array(gzipSync(raw));
  assert.ok(data.isGzip(zipped));
  assert.deepEqual([...(await data.gunzip(zipped))], [...raw]);
  await assert.rejects(data.gunzip(raw, 'plain.idx'), formatError(/plain\.idx/, /not gzip/));
  const broken = zipped.slice(0, zipped.length - 6);
  await assert.rejects(data.gunzip(broken, 'cut.gz'), formatError(/cut\.gz/, /corrupt/));
});

test('MNIST test split: 10,000 images (N, 1, 28, 28) in [0, 1], labels 7 2 1 0 4 1 4 9 …', () => {
  const { images, labels, classNames } = loadMnist({ split: 'test' });
  assert.deepEqual(images.shape, [10000, 1, 28, 28]);
  assert.equal(images.dtype, 'float32');
  assert.deepEqual(labels.shape, [10000]);
  assert.equal(labels.dtype, 'int32');
  assert.deepEqual(flat(labels).slice(0, 8), [7, 2, 1, 0, 4, 1, 4, 9]);
  const px = images.data;
  let min = Infinity, max = -Infinity, sum = 0;
  for (let i = 0; i < px.length; i++) {
    min = Math.min(min, px[i]);
    max = Math.max(max, px[i]);
    sum += px[i];
  }
  assert.deepEqual([min, max], [0, 1]);
  const mean = sum / px.length;
  assert.ok(mean > 0.13 && mean < 0.135, `mean pixel ${mean}`); // MNIST's test-set mean is about 0.1325
  assert.deepEqual(counts(labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  assert.equal(classNames.length, 10);
  const few = loadMnist({ split: 'test', limit: 3 });
  assert.deepEqual(few.images.shape, [3, 1, 28, 28]);
  assert.deepEqual(flat(few.images), Array.from(px.subarray(0, 3 * 784)));
});

test('MNIST train split: all 60,000', () => {
  const { images, labels } = loadMnist({ split: 'train' });
  assert.deepEqual(images.shape, [60000, 1, 28, 28]);
  assert.deepEqual(flat(labels).slice(0, 5), [5, 0, 4, 1, 9]);
  assert.equal(counts(labels).reduce((a, b) => a + b, 0), 60000);
});

test('Fashion-MNIST from the Debian package, or a skip that says the apt command', (t) => {
  if (!fashionMnistFiles('test')) {
    if (process.env.CI) assert.fail(`Fashion-MNIST is missing in CI: ${fashionMnistInstall}`);
    t.skip(`Fashion-MNIST (optional) is not installed: ${fashionMnistInstall}`);
    return;
  }
  const { images, labels, classNames } = loadFashionMnist({ split: 'test', limit: 1000 });
  assert.deepEqual(images.shape, [1000, 1, 28, 28]);
  assert.deepEqual(flat(labels).slice(0, 8), [9, 2, 1, 1, 6, 1, 4, 6]);
  assert.equal(classNames[9], 'Ankle boot');
  const px = flat(images);
  assert.deepEqual([px.reduce((a, b) => Math.min(a, b)), px.reduce((a, b) => Math.max(a, b))], [0, 1]);
});

test('Fashion-MNIST missing: the error is the exact install command', () => {
  assert.throws(() => loadFashionMnist({ dir: '/nonexistent/fashion-mnist' }), (e: Error) =>
    e instanceof data.MissingDataError && e.message.includes('apt-get install -y dataset-fashion-mnist') && (e as InstanceType<typeof data.MissingDataError>).install === 'apt-get install -y dataset-fashion-mnist');
});

test('iris, wine, breast cancer: shapes, first rows, class names and counts (sklearn CSV header)', () => {
  const iris = loadIris();
  assert.deepEqual([iris.x.shape, iris.y.shape, iris.y.dtype], [[150, 4], [150], 'int32']);
  close(flat(iris.x).slice(0, 4), [5.1, 3.5, 1.4, 0.2]);
  assert.deepEqual(counts(iris.y), [50, 50, 50]);
  assert.deepEqual(iris.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(iris.featureNames[2], 'petal length (cm)');
  const wine = loadWine();
  assert.deepEqual(wine.x.shape, [178, 13]);
  close(flat(wine.x).slice(0, 13), [14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065], 1e-4);
  assert.deepEqual(counts(wine.y), [59, 71, 48]);
  const cancer = loadBreastCancer();
  assert.deepEqual(cancer.x.shape, [569, 30]);
  close(flat(cancer.x).slice(0, 3), [17.99, 10.38, 122.8], 1e-4);
  assert.deepEqual(counts(cancer.y), [212, 357]);
  assert.deepEqual(cancer.classNames, ['malignant', 'benign']);
  assert.deepEqual([cancer.featureNames[0], cancer.featureNames[10], cancer.featureNames[29]], ['mean radius', 'radius error', 'worst fractal dimension']);
});

test('digits: 1,797 8×8 images of counts 0..16', () => {
  const d = loadDigits();
  assert.deepEqual([d.x.shape, d.images.shape, d.y.shape], [[1797, 64], [1797, 1, 8, 8], [1797]]);
  assert.deepEqual(flat(d.x).slice(0, 16), [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]);
  assert.deepEqual(flat(d.y).slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(Math.max(...flat(d.x)), 16);
  assert.equal(counts(d.y).length, 10);
  assert.equal(d.featureNames[9], 'pixel_1_1');
});

test('diabetes: 442 × 10 regression, scaled as sklearn (unit-norm centred columns) or raw', () => {
  const d = loadDiabetes();
  assert.deepEqual([d.x.shape, d.y.shape, d.y.dtype], [[442, 10], [442], 'float32']);
  close(flat(d.x).slice(0, 4), [0.03807591, 0.05068012, 0.06169621, 0.02187239], 1e-6);
  assert.deepEqual(flat(d.y).slice(0, 3), [151, 75, 141]);
  const x = flat(d.x);
  for (let j = 0; j < 10; j++) {
    let s = 0, ss = 0;
    for (let i = 0; i < 442; i++) (s += x[i * 10 + j]), (ss += x[i * 10 + j] ** 2);
    assert.ok(Math.abs(s) < 1e-5 && Math.abs(ss - 1) < 1e-5, `column ${j}: sum ${s}, sum of squares ${ss}`);
  }
  const raw = loadDiabetes({ scaled: false });
  close(flat(raw.x).slice(0, 10), [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87], 1e-4);
  assert.equal(raw.featureNames[2], 'bmi');
});

test('CSV parsing errors name the file and the line', () => {
  assert.throws(() => data.parseIris('3,4,a,b\n1,2,3,4,0\n', 'mini.csv'), formatError(/mini\.csv/, /3 rows, found 1/));
  assert.throws(() => data.parseIris('1,4,a,b,c\n1,2,x,4,0\n', 'mini.csv'), formatError(/mini\.csv/, /line 2, column 3/, /'x'/));
  assert.throws(() => data.parseIris('1,4,a,b,c\n1,2,3,0\n', 'mini.csv'), formatError(/line 2 has 4 values, expected 5/));
  assert.throws(() => data.parseIris('1,4,a,b,c\n1,2,3,4,5\n', 'mini.csv'), formatError(/label 5 is not a class index/));
  assert.throws(() => data.parseIris('rows,cols\n', 'h.csv'), formatError(/h\.csv/, /line 1/));
  assert.throws(() => data.parseWine('1,4,a\n1,2,3,4,0\n', 'w.csv'), formatError(/w\.csv/, /4 features, expected 13/));
  const one = data.parseIris('1,4,a,b,c\n1,2,3,4,2\n');
  assert.deepEqual([flat(one.x), flat(one.y)], [[1, 2, 3, 4], [2]]);
});
