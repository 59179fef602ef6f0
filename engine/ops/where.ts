// where(cond, a, b): a where cond is true, else b, all three broadcast together.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { resultType } from '../tensor/dtype.ts';
import { rand, randn } from '../tensor/creation.ts';
import { promote, broadcastViews, wrap, type TensorLike } from './util.ts';

const whereOp = defineOp({
  name: 'where',
  onnx: 'Where',
  forward: ([cond, a, b]) => {
    const { shape, views } = broadcastViews('where', [cond, a, b]);
    return wrap(backend().where(views[0], views[1], views[2], shape, resultType(a, b)), shape);
  },
  backward: (dy, { inputs: [cond] }) => [
    undefined, // the condition is not differentiable
    () => where(cond, dy, 0), // a's elements were taken where cond holds
    () => where(cond, 0, dy), // b's where it does not
  ],
  cases: [{ shapes: [], grad: [1, 2], inputs: () => [rand([3, 4]).gt(0.5), randn([3, 4], { dtype: 'float64' }), randn([4], { dtype: 'float64' })] }],
});

export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const { tensors } = promote(a, b);
  return whereOp([cond.dtype === 'bool' ? cond : cond.ne(0), tensors[0], tensors[1]], undefined);
}

Tensor.prototype.where = function (this: Tensor, cond: Tensor, other: TensorLike) {
  return where(cond, this, other); // torch: x.where(cond, y) takes x where cond holds
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    where(cond: Tensor, other: TensorLike): Tensor;
  }
}
