// Adaptive average pooling: choose the output size, and the windows follow — output i averages
// input ⌊i·n/out⌋ … ⌈(i+1)·n/out⌉ − 1, as PyTorch. Being linear per dim, it is a matrix product
// with an averaging matrix on each side, so the gradient comes from matmul.

import type { Tensor } from '../tensor/tensor.ts';
import { zeros } from '../tensor/creation.ts';
import { isFloat, type DType } from '../tensor/dtype.ts';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.ts';

/** P: (out, n), row i holding 1/len over window i. */
function averagingMatrix(n: number, out: number, dtype: DType): Tensor {
  const p = zeros([out, n], { dtype });
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * n) / out), end = Math.ceil(((i + 1) * n) / out);
    for (let j = start; j < end; j++) p.data[i * n + j] = 1 / (end - start);
  }
  return p;
}

function sizes(op: string, x: Tensor, nd: number, outputSize: number | readonly (number | null)[]): number[] {
  if (x.ndim !== nd + 1 && x.ndim !== nd + 2) {
    throw new ShapeError(`${op}: expected a ${nd + 1}-D (unbatched) or ${nd + 2}-D (batched) input, got x of shape ${fmtShape(x.shape)}`);
  }
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: needs a floating-point tensor, got ${x.dtype}`);
  const list = typeof outputSize === 'number' ? new Array<number>(nd).fill(outputSize) : [...outputSize];
  const spatial = x.shape.slice(x.ndim - nd);
  const out = list.map((o, i) => o ?? spatial[i]); // null keeps that dim's size, as PyTorch's None
  if (out.length !== nd || out.some((o) => !Number.isInteger(o) || o < 1)) {
    throw new ValueError(`${op}: outputSize must be ${nd} positive integers, got ${JSON.stringify(outputSize)}`);
  }
  if (spatial.some((n) => n < 1)) throw new ShapeError(`${op}: x of shape ${fmtShape(x.shape)} has an empty spatial dim`);
  return out;
}

/** x: (N, C, L) or (C, L) → (…, outputSize). */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number | readonly [number | null]): Tensor {
  const [out] = sizes('adaptiveAvgPool1d', x, 1, outputSize);
  return x.matmul(averagingMatrix(x.shape[x.ndim - 1], out, x.dtype).mT);
}

/** x: (N, C, H, W) or (C, H, W) → (…, outH, outW); a null entry keeps that size. */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  const [oh, ow] = sizes('adaptiveAvgPool2d', x, 2, outputSize);
  const [h, w] = x.shape.slice(x.ndim - 2);
  return averagingMatrix(h, oh, x.dtype).matmul(x).matmul(averagingMatrix(w, ow, x.dtype).mT);
}
