// A DataSource over raw dataset files: the same parsing in Node (files read from disk) and in the
// browser (files fetched from the lab server's /data/ routes). Parsed sets are cached per source.

import { data } from '../engine/index.ts';
import type { DataSource } from '../course/kit/index.ts';
import { mnistRows } from './data-files.ts';

/**
 * Reads one dataset file by its path under the data root, e.g. 'mnist/t10k-labels-idx1-ubyte'. For an
 * MNIST file, `rows` asks for only its first rows (a valid IDX file of that many); a reader may
 * ignore it and return the whole file (the parser keeps what it was asked for either way).
 */
export type ReadFile = (path: string, rows?: number) => Promise<Uint8Array>;

export { dataFiles, mnistRows } from './data-files.ts';

export function bytesDataSource(read: ReadFile): DataSource {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, load().catch((e) => { cache.delete(key); throw e; }));
    return cache.get(key) as Promise<T>;
  };
  const text = async (file: string): Promise<string> => {
    let bytes = await read(`sklearn/${file}`);
    if (data.isGzip(bytes)) bytes = await data.gunzip(bytes, file);
    return new TextDecoder().decode(bytes);
  };
  // The first `rows` of a split (all of it when undefined); a larger download already made serves a smaller ask.
  const loadedRows = new Map<'train' | 'test', Set<number | undefined>>();
  const mnistRowsOf = (split: 'train' | 'test', limit: number | undefined) => {
    const wanted = mnistRows(limit);
    const loaded = loadedRows.get(split) ?? new Set<number | undefined>();
    loadedRows.set(split, loaded);
    const size = (r: number | undefined) => r ?? Infinity;
    const covering = [...loaded].filter((r) => size(r) >= size(wanted)).sort((a, b) => size(a) - size(b));
    const rows = covering.length ? covering[0] : wanted;
    loaded.add(rows);
    return once(`mnist-${split}-${rows ?? 'all'}`, async () => {
      const prefix = split === 'train' ? 'train' : 't10k';
      const [images, labels] = await Promise.all([read(`mnist/${prefix}-images-idx3-ubyte`, rows), read(`mnist/${prefix}-labels-idx1-ubyte`, rows)]);
      return { images, labels, prefix };
    }).catch((e) => {
      loaded.delete(rows);
      throw e;
    });
  };
  return {
    async mnist(split, limit) {
      const { images, labels, prefix } = await mnistRowsOf(split, limit);
      return data.imageSetFromIdx(images, labels, { limit, imagesName: `${prefix}-images-idx3-ubyte`, labelsName: `${prefix}-labels-idx1-ubyte` });
    },
    digits: () => once('digits', async () => data.parseDigits(await text('digits.csv.gz'), 'digits.csv.gz')),
    iris: () => once('iris', async () => data.parseIris(await text('iris.csv'))),
    breastCancer: () => once('breast-cancer', async () => data.parseBreastCancer(await text('breast_cancer.csv'))),
    diabetes: () =>
      once('diabetes', async () => data.parseDiabetes(await text('diabetes_data_raw.csv.gz'), await text('diabetes_target.csv.gz'), { scaled: true })),
  };
}
