// argmax / argmin: the int32 position of the first largest (smallest) value, along one dim or in the
// flattened tensor. Positions carry no gradient.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { wrap } from './util.ts';
import { reducedShape } from './sum.ts';
import { assertNonEmpty } from './amax.ts';

// dims: [dim], or every dim for the flattened form (the kernel's row-major position is then the flat index).
type Attrs = { dims: number[]; keepdim: boolean };

function makeArg(name: 'argmax' | 'argmin', onnx: string) {
  const op = defineOp<Attrs>({
    name,
    onnx,
    forward: ([x], { dims, keepdim }) => wrap(backend().reduce(name, x, dims, 'int32'), reducedShape(x.shape, dims, keepdim)),
    backward: 'nondifferentiable', // a position is piecewise constant in x
  });
  return (x: Tensor, dim?: number, keepdim = false): Tensor => {
    const d = dim === undefined ? undefined : normalizeDim(name, dim, x.ndim);
    const dims = d === undefined ? [...x.shape.keys()] : d < x.ndim ? [d] : [];
    assertNonEmpty(name, x, dims);
    return op([x], { dims, keepdim });
  };
}

/** argmax(x): flat index of the first maximum (0-dim); argmax(x, dim, keepdim?): positions along dim. */
export const argmax = makeArg('argmax', 'ArgMax');
/** argmin(x) / argmin(x, dim, keepdim?), as argmax. */
export const argmin = makeArg('argmin', 'ArgMin');

Tensor.prototype.argmax = function (this: Tensor, dim?: number, keepdim?: boolean) {
  return argmax(this, dim, keepdim);
};
Tensor.prototype.argmin = function (this: Tensor, dim?: number, keepdim?: boolean) {
  return argmin(this, dim, keepdim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    argmax(dim?: number, keepdim?: boolean): Tensor;
    argmin(dim?: number, keepdim?: boolean): Tensor;
  }
}
