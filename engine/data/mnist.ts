// MNIST-style image sets from IDX bytes: images (N, 1, H, W) float32 in [0, 1] and labels (N)
// int32. Isomorphic; the Node loaders that find the files are in mnist.node.ts.

import type { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { FormatError, ValueError } from '../errors.ts';
import { parseIdx } from './idx.ts';
import { checkOptions } from '../options.ts';

export interface ImageSet {
  images: Tensor;
  labels: Tensor;
  classNames: string[];
}

export const mnistClassNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const fashionMnistClassNames = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export interface IdxImageOptions {
  /** Keep only the first `limit` samples. */
  limit?: number;
  imagesName?: string;
  labelsName?: string;
  classNames?: string[];
}

/** Pairs an IDX image file (N, H, W) of uint8 with its IDX label file (N). */
export function imageSetFromIdx(imageBytes: Uint8Array, labelBytes: Uint8Array, opts: IdxImageOptions = {}): ImageSet {
  checkOptions('imageSetFromIdx', opts, ['limit', 'imagesName', 'labelsName', 'classNames']);
  const { imagesName = 'images', labelsName = 'labels', classNames = mnistClassNames } = opts;
  const img = parseIdx(imageBytes, imagesName), lab = parseIdx(labelBytes, labelsName);
  if (img.shape.length !== 3 || !(img.data instanceof Uint8Array)) throw new FormatError(`${imagesName}: expected uint8 images of shape [N, H, W], got shape [${img.shape.join(', ')}]`);
  if (lab.shape.length !== 1 || !(lab.data instanceof Uint8Array)) throw new FormatError(`${labelsName}: expected uint8 labels of shape [N], got shape [${lab.shape.join(', ')}]`);
  const [n, h, w] = img.shape;
  if (lab.shape[0] !== n) throw new FormatError(`${labelsName}: has ${lab.shape[0]} labels but ${imagesName} has ${n} images`);
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 0)) throw new ValueError(`limit must be a non-negative integer, got ${opts.limit}`);
  const count = Math.min(n, opts.limit ?? n);
  const pixels = new Float32Array(count * h * w);
  for (let i = 0; i < pixels.length; i++) pixels[i] = img.data[i] / 255;
  const labels = new Int32Array(count);
  labels.set(lab.data.subarray(0, count));
  return { images: fromTypedArray(pixels, [count, 1, h, w]), labels: fromTypedArray(labels, [count]), classNames };
}
