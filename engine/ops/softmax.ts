// softmax / logSoftmax along one dim, as fused primitives: the row max is subtracted before exp, so
// logits near ±1000 stay finite, and each backward is one short formula instead of a chain of ops.
// Integer inputs give float32 probabilities (PyTorch refuses them; a cast first is what one means).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend, type View } from '../backend/index.ts';
import { isFloat } from '../tensor/dtype.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { wrap } from './util.ts';

type Attrs = { dim: number };

// The kernel computes; this file records the graph. Integer inputs come out as float32.
function forward(x: Tensor, dim: number, log: boolean): Tensor {
  const dtype = isFloat(x.dtype) ? x.dtype : 'float32';
  const v: View = x.ndim === 0 ? x._view([1], [1]) : x; // a 0-dim tensor is a row of one
  return wrap(backend().softmax(v, dim, log, dtype), x.shape);
}

const cases = [
  { shapes: [[3, 4]], attrs: { dim: 1 } },
  { shapes: [[2, 3, 4]], attrs: { dim: 0 } },
  { shapes: [[2, 3, 4]], attrs: { dim: 2 } },
  { shapes: [[]], attrs: { dim: 0 } },
  { shapes: [[2, 0]], attrs: { dim: 1 } },
];

const softmaxOp = defineOp<Attrs>({
  name: 'softmax',
  onnx: 'Softmax',
  forward: ([x], { dim }) => forward(x, dim, false),
  // ∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ), so dx = y ⊙ (dy − Σ dy⊙y) along dim.
  backward: (dy, { output: y, attrs: { dim } }) => [() => y.mul(dy.sub(dy.mul(y).sum({ dim, keepdim: true })))],
  cases,
});

const logSoftmaxOp = defineOp<Attrs>({
  name: 'logSoftmax',
  onnx: 'LogSoftmax',
  forward: ([x], { dim }) => forward(x, dim, true),
  // ∂yᵢ/∂xⱼ = δᵢⱼ − softmaxⱼ, so dx = dy − eʸ ⊙ Σ dy along dim.
  backward: (dy, { output: y, attrs: { dim } }) => [() => dy.sub(y.exp().mul(dy.sum({ dim, keepdim: true })))],
  cases,
});

/** softmax(x, dim): exp(x) / Σ exp(x) along dim, computed stably (rows sum to 1). */
export const softmax = (x: Tensor, dim: number): Tensor => softmaxOp([x], { dim: normalizeDim('softmax', dim, x.ndim) });
/** logSoftmax(x, dim): x − logsumexp(x, dim), stable at any logit size. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => logSoftmaxOp([x], { dim: normalizeDim('logSoftmax', dim, x.ndim) });

Tensor.prototype.softmax = function (this: Tensor, dim: number) {
  return softmax(this, dim);
};
Tensor.prototype.logSoftmax = function (this: Tensor, dim: number) {
  return logSoftmax(this, dim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    softmax(dim: number): Tensor;
    logSoftmax(dim: number): Tensor;
  }
}
