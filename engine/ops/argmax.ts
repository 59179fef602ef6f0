// argmax / argmin: the int32 position of the first largest (smallest) value, along one dim or in the
// flattened tensor. Positions carry no gradient.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ValueError } from '../errors.ts';
import { wrap } from './util.ts';
import { bindArgs, readFlag, reducedShape } from './reduce-args.ts';
import { assertNonEmpty } from './amax.ts';

// dims: [dim], or every dim for the flattened form (the kernel's row-major position is then the flat index).
type Attrs = { dims: number[]; keepdim: boolean };
/** argmax(x), argmax(x, dim, keepdim?), argmax(x, dim, {keepdim}), argmax(x, {dim, keepdim}). */
export type ArgArgs = [opts?: { dim?: number | null; keepdim?: boolean }] | [dim: number | null | undefined, keepdim?: boolean] | [dim: number | null | undefined, opts: { keepdim?: boolean }];

function makeArg(name: 'argmax' | 'argmin', onnx: string) {
  const op = defineOp<Attrs>({
    name,
    onnx,
    forward: ([x], { dims, keepdim }) => wrap(backend().reduce(name, x, dims, 'int32'), reducedShape(x.shape, dims, keepdim)),
    backward: 'nondifferentiable', // a position is piecewise constant in x
  });
  return (x: Tensor, ...args: ArgArgs): Tensor => {
    const a = bindArgs(name, args, ['dim', 'keepdim']);
    const keepdim = readFlag(name, 'keepdim', a.keepdim, false);
    if (a.dim !== undefined && a.dim !== null && !Number.isInteger(a.dim)) throw new ValueError(`${name}: dim must be one integer (or null for the flattened tensor), got ${JSON.stringify(a.dim)}`);
    const d = a.dim === undefined || a.dim === null ? undefined : normalizeDim(name, a.dim as number, x.ndim);
    const dims = d === undefined ? [...x.shape.keys()] : d < x.ndim ? [d] : [];
    assertNonEmpty(name, x, dims);
    return op([x], { dims, keepdim });
  };
}

/** argmax(x): flat index of the first maximum (0-dim); argmax(x, dim, keepdim?): positions along dim. */
export const argmax = makeArg('argmax', 'ArgMax');
/** argmin(x) / argmin(x, dim, keepdim?), as argmax. */
export const argmin = makeArg('argmin', 'ArgMin');

Tensor.prototype.argmax = function (this: Tensor, ...args: ArgArgs) {
  return argmax(this, ...args);
};
Tensor.prototype.argmin = function (this: Tensor, ...args: ArgArgs) {
  return argmin(this, ...args);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    argmax(...args: ArgArgs): Tensor;
    argmin(...args: ArgArgs): Tensor;
  }
}
