// max / min in PyTorch's three forms: max(x) over all elements (ties share the gradient, as amax);
// max(x, dim, keepdim?) → {values, indices}, where the gradient goes to the first extreme only;
// max(x, other) → elementwise maximum.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { arange } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { wrap } from './util.ts';
import { where } from './where.ts';
import { maximum, minimum } from './minmax.ts';
import { ValueError } from '../errors.ts';
import { bindArgs, readFlag, reducedShape } from './reduce-args.ts';
import { amax, amin, assertNonEmpty } from './amax.ts';
import { argmax, argmin } from './argmax.ts';

type Attrs = { dim: number; keepdim: boolean };
export interface ValuesIndices { values: Tensor; indices: Tensor }

function makeAlong(name: 'max' | 'min', onnx: string) {
  const arg = name === 'max' ? argmax : argmin;
  const valuesOp = defineOp<Attrs>({
    name,
    onnx,
    forward: ([x], { dim, keepdim }) => wrap(backend().reduce(name, x, [dim], x.dtype), reducedShape(x.shape, [dim], keepdim)),
    // ∂y/∂x = 1 at the chosen position (the first extreme along dim), 0 elsewhere.
    backward: (dy, { inputs: [x], attrs: { dim } }) => [() => {
      const kept = reducedShape(x.shape, [dim], true);
      const positions = arange(x.shape[dim]).reshape(x.shape.map((s, i) => (i === dim ? s : 1)));
      return where(positions.eq(arg(x, dim, true)), dy.reshape(kept), 0);
    }],
    cases: [
      { shapes: [[3, 4]], attrs: { dim: 1, keepdim: false } },
      { shapes: [[2, 3, 4]], attrs: { dim: 0, keepdim: true } },
      { shapes: [[0, 3]], attrs: { dim: 1, keepdim: false } },
    ],
  });
  const all = name === 'max' ? amax : amin;
  const other = name === 'max' ? maximum : minimum;
  return (x: Tensor, ...args: unknown[]): Tensor | ValuesIndices => {
    if (args[0] instanceof Tensor) {
      if (args.length > 1) throw new ValueError(`${name}: max(x, other) takes no further arguments, got ${args.length - 1}`);
      return other(x, args[0]);
    }
    const a = bindArgs(name, args, ['dim', 'keepdim']);
    if (a.dim === undefined || a.dim === null) {
      if (a.keepdim !== undefined) throw new ValueError(`${name}: keepdim needs a dim (${name}(x) reduces every element to a 0-dim tensor)`);
      assertNonEmpty(name, x, [...x.shape.keys()]);
      return all(x);
    }
    if (!Number.isInteger(a.dim)) throw new ValueError(`${name}: dim must be one integer, got ${JSON.stringify(a.dim)} (amax/amin take several)`);
    const keepdim = readFlag(name, 'keepdim', a.keepdim, false);
    const dim = normalizeDim(name, a.dim as number, x.ndim);
    const src = x.ndim === 0 ? x.reshape([1]) : x; // a 0-dim tensor is its own extreme, at position 0
    assertNonEmpty(name, src, [dim]);
    const keep = keepdim && x.ndim > 0;
    return { values: valuesOp([src], { dim, keepdim: keep }), indices: arg(src, dim, keep) };
  };
}

/** The three call forms, as TS overloads: all elements, along a dim, or against another tensor. */
export interface MaxFn {
  (x: Tensor): Tensor;
  (x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
  (x: Tensor, dim: number, opts: { keepdim?: boolean }): ValuesIndices;
  (x: Tensor, opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (x: Tensor, other: Tensor): Tensor;
}

const maxImpl = makeAlong('max', 'ReduceMax');
const minImpl = makeAlong('min', 'ReduceMin');
/** max(x): the largest element (0-dim); max(x, dim, keepdim?): {values, indices}; max(x, other): maximum. */
export const max = maxImpl as MaxFn;
/** min(x), min(x, dim, keepdim?), min(x, other), as max. */
export const min = minImpl as MaxFn;

Tensor.prototype.max = function (this: Tensor, ...args: unknown[]) {
  return maxImpl(this, ...args);
} as Tensor['max'];
Tensor.prototype.min = function (this: Tensor, ...args: unknown[]) {
  return minImpl(this, ...args);
} as Tensor['min'];

declare module '../tensor/tensor.ts' {
  interface Tensor {
    max(): Tensor;
    max(dim: number, keepdim?: boolean): ValuesIndices;
    max(dim: number, opts: { keepdim?: boolean }): ValuesIndices;
    max(opts: { dim: number; keepdim?: boolean }): ValuesIndices;
    max(other: Tensor): Tensor;
    min(): Tensor;
    min(dim: number, keepdim?: boolean): ValuesIndices;
    min(dim: number, opts: { keepdim?: boolean }): ValuesIndices;
    min(opts: { dim: number; keepdim?: boolean }): ValuesIndices;
    min(other: Tensor): Tensor;
  }
}
