// Per-pixel transforms: additive Gaussian noise and per-channel normalization ((x - mean) / std).

import type { Tensor } from '../../tensor/tensor.ts';
import { nextNormal } from '../../tensor/random.ts';
import { ShapeError, ValueError } from '../../errors.ts';
import { readImages, allocateLike, toTensor, type Transform } from './image.ts';

/** Adds independent N(0, std²) noise to every pixel. */
export function gaussianNoise(std: number): Transform {
  if (!(std >= 0)) throw new ValueError(`gaussianNoise: std must be non-negative, got ${std}`);
  return (x) => {
    const img = readImages('gaussianNoise', x);
    const out = allocateLike(img);
    for (let i = 0; i < out.length; i++) out[i] = img.data[i] + std * nextNormal();
    return toTensor(img, out);
  };
}

/** (x - mean[c]) / std[c] per channel; a single number applies to every channel. */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform {
  const stds = typeof std === 'number' ? [std] : std;
  if (stds.some((s) => !(s > 0))) throw new ValueError(`normalize: std must be positive, got [${stds.join(', ')}]`);
  return (x) => {
    const img = readImages('normalize', x);
    const per = (v: number | readonly number[], what: string): readonly number[] => {
      if (typeof v === 'number') return Array(img.c).fill(v);
      if (v.length !== img.c) throw new ShapeError(`normalize: ${what} has ${v.length} values but the image has ${img.c} channels`);
      return v;
    };
    const m = per(mean, 'mean'), s = per(std, 'std');
    const out = allocateLike(img);
    const plane = img.h * img.w;
    for (let p = 0; p < img.n * img.c; p++) {
      const ch = p % img.c;
      for (let i = p * plane; i < (p + 1) * plane; i++) out[i] = (img.data[i] - m[ch]) / s[ch];
    }
    return toTensor(img, out);
  };
}
