// Shared plumbing for image transforms: read a (C, H, W) image or an (N, C, H, W) batch as one flat
// float array, and build the result tensor back. Transforms are data preparation, not model ops:
// they work on plain arrays and record no gradient.

import type { Tensor } from '../../tensor/tensor.ts';
import { fromTypedArray } from '../../tensor/creation.ts';
import { DTypeError, ShapeError, fmtShape } from '../../errors.ts';

/** A transform maps an image or a batch of images to a new one. */
export type Transform = (x: Tensor) => Tensor;

export type FloatArray = Float32Array | Float64Array;

export interface Images {
  data: FloatArray;
  n: number;
  c: number;
  h: number;
  w: number;
  batched: boolean;
}

export function readImages(op: string, x: Tensor): Images {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new DTypeError(`${op}: expects a float32 or float64 image tensor, got ${x.dtype}`);
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${op}: expects an image (C, H, W) or a batch (N, C, H, W), got shape ${fmtShape(x.shape)}`);
  const batched = x.ndim === 4;
  const [n, c, h, w] = batched ? x.shape : [1, ...x.shape];
  return { data: x.toTypedArray() as FloatArray, n, c, h, w, batched };
}

/** A zeroed array for `img`'s images resized to h × w (same dtype). */
export const allocateLike = (img: Images, h = img.h, w = img.w): FloatArray =>
  new (img.data.constructor as new (len: number) => FloatArray)(img.n * img.c * h * w);

export const toTensor = (img: Images, data: FloatArray, h = img.h, w = img.w): Tensor =>
  fromTypedArray(data, img.batched ? [img.n, img.c, h, w] : [img.c, h, w]);

/**
 * Copies the outH × outW window of image k whose top-left corner is at (top, left) of the source
 * (possibly negative or past the edge: such pixels stay 0), for every channel.
 */
export function copyWindow(img: Images, out: FloatArray, k: number, top: number, left: number, outH: number, outW: number): void {
  const { data, c, h, w } = img;
  for (let ch = 0; ch < c; ch++) {
    const src = (k * c + ch) * h * w, dst = (k * c + ch) * outH * outW;
    for (let i = 0; i < outH; i++) {
      const si = i + top;
      if (si < 0 || si >= h) continue;
      for (let j = 0; j < outW; j++) {
        const sj = j + left;
        if (sj >= 0 && sj < w) out[dst + i * outW + j] = data[src + si * w + sj];
      }
    }
  }
}
