// y = a / b, true division (int / int gives a float, as torch.div), NumPy broadcasting; with
// {roundingMode: 'trunc' | 'floor'} a rounded division (engine/ops/rounded-div.ts).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { isFloat } from '../tensor/dtype.ts';
import { resultType } from '../tensor/dtype.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';
import { checkOptions } from '../options.ts';
import { ValueError } from '../errors.ts';
import { divRounded, type RoundingMode } from './rounded-div.ts';

const divOp = defineOp({
  name: 'div',
  onnx: 'Div',
  forward: ([a, b]) => {
    const dtype = resultType(a, b);
    return binaryForward('div', 'div', a, b, isFloat(dtype) ? dtype : 'float32');
  },
  backward: (dy, { inputs: [a, b], output: y }) => [
    () => dy.div(b), // ∂(a/b)/∂a = 1/b
    () => dy.mul(y).div(b).neg(), // ∂(a/b)/∂b = −a/b² = −y/b
  ],
  cases: [{ shapes: [[3, 4], [3, 4]], inputs: 'awayFromZero' }, { shapes: [[5, 3, 4, 6], [5, 1, 4, 1]], inputs: 'awayFromZero' }],
});

export interface DivOptions { roundingMode?: RoundingMode | null }

/** div(a, b): true division; div(a, b, {roundingMode: 'trunc' | 'floor'}): rounded, ints stay ints. */
export function div(a: TensorLike, b: TensorLike, opts: DivOptions = {}): Tensor {
  checkOptions('div', opts, ['roundingMode']);
  const mode = opts.roundingMode;
  if (mode === undefined || mode === null) return divOp(promote(a, b).tensors, undefined);
  if (mode !== 'trunc' && mode !== 'floor') throw new ValueError(`div: roundingMode must be 'trunc', 'floor' or null, got '${String(mode)}'`);
  return divRounded('div', a, b, mode);
}

Tensor.prototype.div = function (this: Tensor, other: TensorLike, opts?: DivOptions) {
  return div(this, other, opts);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    div(other: TensorLike, opts?: DivOptions): Tensor;
  }
}
