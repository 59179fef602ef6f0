// A DataSource over raw dataset files: the same parsing in Node (files read from disk) and in the
// browser (files fetched from the lab server's /data/ routes). Parsed sets are cached per source.

import { data } from '../engine/index.ts';
import type { DataSource } from '../course/kit/index.ts';

/** Reads one dataset file by its path under the data root, e.g. 'mnist/t10k-labels-idx1-ubyte'. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

export { dataFiles } from './data-files.ts';

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
  const mnistFull = (split: 'train' | 'test') =>
    once(`mnist-${split}`, async () => {
      const prefix = split === 'train' ? 'train' : 't10k';
      const [images, labels] = await Promise.all([read(`mnist/${prefix}-images-idx3-ubyte`), read(`mnist/${prefix}-labels-idx1-ubyte`)]);
      return { images, labels, prefix };
    });
  return {
    async mnist(split, limit) {
      const { images, labels, prefix } = await mnistFull(split);
      return data.imageSetFromIdx(images, labels, { limit, imagesName: `${prefix}-images-idx3-ubyte`, labelsName: `${prefix}-labels-idx1-ubyte` });
    },
    digits: () => once('digits', async () => data.parseDigits(await text('digits.csv.gz'), 'digits.csv.gz')),
    iris: () => once('iris', async () => data.parseIris(await text('iris.csv'))),
    breastCancer: () => once('breast-cancer', async () => data.parseBreastCancer(await text('breast_cancer.csv'))),
    diabetes: () =>
      once('diabetes', async () => data.parseDiabetes(await text('diabetes_data_raw.csv.gz'), await text('diabetes_target.csv.gz'), { scaled: true })),
  };
}
