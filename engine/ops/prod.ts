// prod over dims (one, several, or all), with keepdim. Its gradient, "the product of the others",
// is built so that zeros in the input give the right answer instead of 0/0.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { tensor } from '../tensor/creation.ts';
import type { DType } from '../tensor/dtype.ts';
import { wrap } from './util.ts';
import { intExact } from './int-exact.ts';
import { where } from './where.ts';
import { parseReduce, reducedShape, type ReduceArgs } from './reduce-args.ts';

type Attrs = { dims: number[]; keepdim: boolean; dtype: DType };
const f64 = (rows: number[][]) => () => [tensor(rows, { dtype: 'float64' })];

const prodOp = defineOp<Attrs>({
  name: 'prod',
  onnx: 'ReduceProd',
  // An int32 (or bool) product is exact or an error, never wrapped (int-exact.ts).
  forward: ([x], { dims, keepdim, dtype }) =>
    wrap(intExact('prod', 'x.double().prod(…)', dtype, (dt) => backend().reduce('prod', x, dims, dt)), reducedShape(x.shape, dims, keepdim)),
  // ∂y/∂xᵢ = ∏_{j≠i} xⱼ. With no zero that is y/xᵢ; with one zero only the zero's slot is non-zero
  // (the product of the rest); with two or more zeros every slot is 0.
  backward: (dy, { inputs: [x], attrs: { dims } }) => [() => {
    const isZero = x.eq(0);
    const zeros = isZero.sum({ dim: dims, keepdim: true });
    const nonzero = where(isZero, 1, x);
    const rest = prodOp([nonzero], { dims, keepdim: true, dtype: x.dtype }); // product of the non-zero elements
    const others = where(isZero, rest.mul(zeros.eq(1)), rest.div(nonzero).mul(zeros.eq(0)));
    return dy.reshape(reducedShape(x.shape, dims, true)).mul(others);
  }],
  cases: [
    { shapes: [[3, 4]], attrs: { dims: [1], keepdim: false, dtype: 'float64' } },
    { shapes: [[2, 3, 4]], attrs: { dims: [0, 2], keepdim: true, dtype: 'float64' } },
    { shapes: [[2, 3]], attrs: { dims: [0, 1], keepdim: false, dtype: 'float64' } },
    { shapes: [[2, 0]], attrs: { dims: [1], keepdim: false, dtype: 'float64' } },
    // one zero per row, then two zeros in a row, then one zero in the whole tensor
    { shapes: [[2, 3]], attrs: { dims: [1], keepdim: false, dtype: 'float64' }, inputs: f64([[0.5, 0, 2], [1.5, -1, 0]]) },
    { shapes: [[2, 3]], attrs: { dims: [1], keepdim: true, dtype: 'float64' }, inputs: f64([[0, 0, 2], [1.5, -1, 3]]) },
    { shapes: [[2, 3]], attrs: { dims: [0, 1], keepdim: false, dtype: 'float64' }, inputs: f64([[0.5, 1.2, 2], [1.5, 0, 3]]) },
  ],
});

/** prod(x), prod(x, 1, true), prod(x, {dim: [0, 2], keepdim: true}) (PyTorch takes one dim; a list is ours). Bools multiply to int32; empty products are 1. */
export function prod(x: Tensor, ...args: ReduceArgs): Tensor {
  const { dims, keepdim } = parseReduce('prod', args, x.ndim);
  return prodOp([x], { dims, keepdim, dtype: x.dtype === 'bool' ? 'int32' : x.dtype });
}

Tensor.prototype.prod = function (this: Tensor, ...args: ReduceArgs) {
  return prod(this, ...args);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    prod(...args: ReduceArgs): Tensor;
  }
}
