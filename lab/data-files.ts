// The dataset files a DataSource may ask for, by path under the data root; the lab server serves
// exactly these under /data/. Kept apart from the parsing so the server need not load the engine.

export const dataFiles = {
  mnist: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) => `mnist/${f}`),
  sklearn: ['iris.csv', 'wine_data.csv', 'breast_cancer.csv', 'digits.csv.gz', 'diabetes_data_raw.csv.gz', 'diabetes_target.csv.gz'].map((f) => `sklearn/${f}`),
} as const;

/**
 * How many MNIST rows to fetch for a run that needs `limit`: rounded up to one of a few sizes so that
 * runs asking for nearby counts share one download (and one HTTP cache entry); undefined means the
 * whole file. A quick lesson run needs a few thousand images, not the 60,000 of the full file.
 */
export const MNIST_ROW_STEPS = [1000, 2000, 5000, 10000, 20000, 30000] as const;

export function mnistRows(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  return MNIST_ROW_STEPS.find((step) => step >= limit);
}

/**
 * The first `rows` items of an IDX file (MNIST's format: a magic number whose last byte is the number
 * of dimensions, each dimension as a big-endian uint32, then unsigned bytes), as an IDX file of its
 * own; all of them when the file has fewer. Throws an Error naming the file when its header is wrong.
 */
export function firstIdxRows(bytes: Uint8Array, rows: number, name: string): Uint8Array {
  if (!(Number.isInteger(rows) && rows >= 0)) throw new Error(`${name}: rows must be a whole number ≥ 0, got ${rows}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint16(0) !== 0 || bytes[2] !== 0x08) throw new Error(`${name}: not an IDX file of unsigned bytes`);
  const ndims = bytes[3]!;
  const headerBytes = 4 + 4 * ndims;
  if (ndims < 1 || bytes.length < headerBytes) throw new Error(`${name}: IDX header cut short`);
  const count = view.getUint32(4);
  let itemBytes = 1;
  for (let d = 1; d < ndims; d++) itemBytes *= view.getUint32(4 + 4 * d);
  if (bytes.length < headerBytes + count * itemBytes) throw new Error(`${name}: IDX data cut short (${count} items of ${itemBytes} bytes declared, ${bytes.length - headerBytes} bytes present)`);
  const kept = Math.min(rows, count);
  const out = bytes.slice(0, headerBytes + kept * itemBytes);
  new DataView(out.buffer).setUint32(4, kept);
  return out;
}
