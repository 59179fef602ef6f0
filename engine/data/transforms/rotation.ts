// Small rotations for augmentation, by bilinear interpolation about the image centre, written out
// by hand: each output pixel looks up where it came from and blends the four nearest pixels.

import type { Tensor } from '../../tensor/tensor.ts';
import { nextUniform } from '../../tensor/random.ts';
import { ValueError } from '../../errors.ts';
import { readImages, allocateLike, toTensor, type Images, type FloatArray, type Transform } from './image.ts';

// Sample coordinates within 1e-9 of a pixel centre snap to it, so quarter turns move pixels exactly
// (cos 90° is 6e-17 in floating point, not 0).
const snap = (v: number): number => (Math.abs(v - Math.round(v)) < 1e-9 ? Math.round(v) : v);

function rotateInto(img: Images, out: FloatArray, k: number, degrees: number): void {
  const { data, c, h, w } = img;
  const t = (degrees * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t);
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      // Counter-clockwise on screen (rows grow downwards): invert the rotation to find the source.
      const xr = j - cx, yr = i - cy;
      const xs = snap(cx + xr * cos - yr * sin), ys = snap(cy + xr * sin + yr * cos);
      const x0 = Math.floor(xs), y0 = Math.floor(ys), fx = xs - x0, fy = ys - y0;
      for (let ch = 0; ch < c; ch++) {
        const plane = (k * c + ch) * h * w;
        const at = (y: number, x: number): number => (y >= 0 && y < h && x >= 0 && x < w ? data[plane + y * w + x] : 0);
        const top = at(y0, x0) * (1 - fx) + (fx ? at(y0, x0 + 1) * fx : 0);
        const bottom = fy ? at(y0 + 1, x0) * (1 - fx) + (fx ? at(y0 + 1, x0 + 1) * fx : 0) : 0;
        out[plane + i * w + j] = top * (1 - fy) + bottom * fy;
      }
    }
  }
}

/** Rotates every image counter-clockwise by `degrees` about its centre; corners fill with 0. */
export function rotate(x: Tensor, degrees: number): Tensor {
  const img = readImages('rotate', x);
  const out = allocateLike(img);
  for (let k = 0; k < img.n; k++) rotateInto(img, out, k, degrees);
  return toTensor(img, out);
}

/** Rotates each image by an angle drawn uniformly from [-degrees, degrees] (or [min, max]). */
export function randomRotation(degrees: number | readonly [number, number]): Transform {
  const [lo, hi] = typeof degrees === 'number' ? [-degrees, degrees] : degrees;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw new ValueError(`randomRotation: degrees must be a non-negative number or a [min, max] pair, got ${JSON.stringify(degrees)}`);
  return (x) => {
    const img = readImages('randomRotation', x);
    const out = allocateLike(img);
    for (let k = 0; k < img.n; k++) rotateInto(img, out, k, lo + (hi - lo) * nextUniform());
    return toTensor(img, out);
  };
}
