// Pixel-exact geometric augmentations: shift by whole pixels, crop (with zero padding) and
// horizontal flip, each with a deterministic form and a random one drawn per image.

import type { Tensor } from '../../tensor/tensor.ts';
import { nextInt, nextUniform } from '../../tensor/random.ts';
import { ValueError } from '../../errors.ts';
import { readImages, allocateLike, toTensor, copyWindow, type Transform } from './image.ts';
import { checkOptions } from '../../options.ts';

/** Moves the content dx pixels right and dy pixels down, filling the uncovered border with 0. */
export function shift(x: Tensor, dx: number, dy: number): Tensor {
  const img = readImages('shift', x);
  const out = allocateLike(img);
  for (let k = 0; k < img.n; k++) copyWindow(img, out, k, -dy, -dx, img.h, img.w);
  return toTensor(img, out);
}

/** Shifts each image by whole pixels, dx and dy drawn uniformly from -maxPixels..maxPixels. */
export function randomShift(maxPixels: number): Transform {
  if (!Number.isInteger(maxPixels) || maxPixels < 0) throw new ValueError(`randomShift: maxPixels must be a non-negative integer, got ${maxPixels}`);
  return (x) => {
    const img = readImages('randomShift', x);
    const out = allocateLike(img);
    for (let k = 0; k < img.n; k++) {
      const dx = nextInt(-maxPixels, maxPixels + 1), dy = nextInt(-maxPixels, maxPixels + 1);
      copyWindow(img, out, k, -dy, -dx, img.h, img.w);
    }
    return toTensor(img, out);
  };
}

/** Pads each side with `padding` zeros, then cuts a random size × size (or [h, w]) window per image. */
export function randomCrop(size: number | readonly [number, number], opts: { padding?: number } = {}): Transform {
  const [ch, cw] = typeof size === 'number' ? [size, size] : size;
  checkOptions('randomCrop', opts, ['padding'], { padIfNeeded: 'padIfNeeded is not supported', fill: 'fill is not supported: padding is zeros', paddingMode: 'paddingMode is not supported: padding is zeros' });
  const padding = opts.padding ?? 0;
  if (![ch, cw, padding].every((v) => Number.isInteger(v) && v >= 0) || ch === 0 || cw === 0) {
    throw new ValueError(`randomCrop: size must be positive integers and padding a non-negative integer, got size ${ch}×${cw}, padding ${padding}`);
  }
  return (x) => {
    const img = readImages('randomCrop', x);
    const ph = img.h + 2 * padding, pw = img.w + 2 * padding;
    if (ch > ph || cw > pw) throw new ValueError(`randomCrop: crop ${ch}×${cw} is larger than the padded image ${ph}×${pw}`);
    const out = allocateLike(img, ch, cw);
    for (let k = 0; k < img.n; k++) {
      const top = nextInt(0, ph - ch + 1) - padding, left = nextInt(0, pw - cw + 1) - padding;
      copyWindow(img, out, k, top, left, ch, cw);
    }
    return toTensor(img, out, ch, cw);
  };
}

function flipInto(img: ReturnType<typeof readImages>, out: Float32Array | Float64Array, k: number, flip: boolean): void {
  const { data, c, h, w } = img;
  for (let r = k * c * h; r < (k + 1) * c * h; r++) {
    for (let j = 0; j < w; j++) out[r * w + j] = data[r * w + (flip ? w - 1 - j : j)];
  }
}

/** Mirrors every image left–right. */
export function hflip(x: Tensor): Tensor {
  const img = readImages('hflip', x);
  const out = allocateLike(img);
  for (let k = 0; k < img.n; k++) flipInto(img, out, k, true);
  return toTensor(img, out);
}

/** Mirrors each image left–right with probability p. */
export function randomHorizontalFlip(p = 0.5): Transform {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`randomHorizontalFlip: p must be in [0, 1], got ${p}`);
  return (x) => {
    const img = readImages('randomHorizontalFlip', x);
    const out = allocateLike(img);
    for (let k = 0; k < img.n; k++) flipInto(img, out, k, nextUniform() < p);
    return toTensor(img, out);
  };
}
