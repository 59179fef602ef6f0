// clamp(x, min, max): x limited to [min, max]; either bound may be absent, a number or a tensor
// (all broadcast together). Computed as min(max(x, lo), hi), so lo > hi gives hi, as PyTorch.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { randn } from '../tensor/creation.ts';
import { ValueError } from '../errors.ts';
import { where } from './where.ts';
import { resultType } from '../tensor/dtype.ts';
import { promote, broadcastViews, binaryForward, scalarTensor, wrap, type TensorLike } from './util.ts';

// Inputs are [x, lo?, hi?]; the attrs say which bounds are present.
type Bounds = { min: boolean; max: boolean };
const f64 = (shape: number[]) => randn(shape, { dtype: 'float64' });

const clampOp = defineOp<Bounds>({
  name: 'clamp',
  onnx: 'Clip',
  forward: ([x, ...bounds], { min, max }) => {
    const { shape, views } = broadcastViews('clamp', [x, ...bounds]);
    const dtype = resultType(x, ...bounds);
    let y = wrap(backend().copy(views[0], dtype), shape);
    if (min) y = binaryForward('clamp', 'maximum', y, bounds[0], dtype);
    if (max) y = binaryForward('clamp', 'minimum', y, bounds[min ? 1 : 0], dtype);
    return y;
  },
  // PyTorch's rule: x gets dy wherever lo ≤ x ≤ hi (boundaries included); a bound gets dy
  // where it was the answer (lo: x < lo and lo < hi; hi: x > hi, or hi < lo so hi always wins).
  backward: (dy, { inputs: [x, ...bounds], attrs: { min, max } }) => {
    const lo = min ? bounds[0] : undefined;
    const hi = max ? bounds[min ? 1 : 0] : undefined;
    let inside = lo ? x.ge(lo) : undefined;
    if (hi) inside = inside ? inside.logicalAnd(x.le(hi)) : x.le(hi);
    const thunks: Array<(() => Tensor) | undefined> = [() => where(inside!, dy, 0)]; // ∂y/∂x = 1 inside [lo, hi]
    if (lo) thunks.push(() => where(hi ? x.lt(lo).logicalAnd(lo.lt(hi)) : x.lt(lo), dy, 0)); // ∂y/∂lo = 1 where lo won
    if (hi) thunks.push(() => where(lo ? x.gt(hi).logicalOr(hi.lt(lo)) : x.gt(hi), dy, 0)); // ∂y/∂hi = 1 where hi won
    return thunks;
  },
  cases: [
    { shapes: [], attrs: { min: true, max: true }, grad: [0], inputs: () => [f64([3, 4]), scalarTensor(-0.5, 'float64'), scalarTensor(0.5, 'float64')] },
    { shapes: [[2, 3, 4], [3, 1], [4]], attrs: { min: true, max: true } },
    { shapes: [[3, 4], [4]], attrs: { min: true, max: false } },
    { shapes: [[3, 4], [3, 1]], attrs: { min: false, max: true } },
    { shapes: [[1, 4], [3, 1]], attrs: { min: true, max: false } },
    { shapes: [[0, 3], [3], []], attrs: { min: true, max: true } },
  ],
});

export interface ClampOptions {
  min?: TensorLike | null;
  max?: TensorLike | null;
}

/** clamp(x, min, max) or clamp(x, {min, max}); a missing bound (undefined/null) is not applied. */
export function clamp(x: Tensor, min?: TensorLike | null | ClampOptions, max?: TensorLike | null): Tensor {
  if (min !== null && typeof min === 'object' && !(min instanceof Tensor)) ({ min, max } = min);
  const lo = min ?? undefined;
  const hi = max ?? undefined;
  if (lo === undefined && hi === undefined) throw new ValueError('clamp: at least one of min and max must be given');
  const present = [lo, hi].filter((b): b is TensorLike => b !== undefined);
  const { tensors } = promote(x, ...present);
  return clampOp(tensors, { min: lo !== undefined, max: hi !== undefined });
}

export const clip = clamp;
export const clampMin = (x: Tensor, min: TensorLike): Tensor => clamp(x, min, undefined);
export const clampMax = (x: Tensor, max: TensorLike): Tensor => clamp(x, undefined, max);

Tensor.prototype.clamp = function (this: Tensor, min?: TensorLike | null | ClampOptions, max?: TensorLike | null) {
  return clamp(this, min, max);
};
Tensor.prototype.clip = Tensor.prototype.clamp;
Tensor.prototype.clampMin = function (this: Tensor, min: TensorLike) {
  return clampMin(this, min);
};
Tensor.prototype.clampMax = function (this: Tensor, max: TensorLike) {
  return clampMax(this, max);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** x.clamp(-1, 1), x.clamp({min: 0}), x.clamp(null, hi) — bounds are numbers or tensors. */
    clamp(min?: TensorLike | null | ClampOptions, max?: TensorLike | null): Tensor;
    clip(min?: TensorLike | null | ClampOptions, max?: TensorLike | null): Tensor;
    clampMin(min: TensorLike): Tensor;
    clampMax(max: TensorLike): Tensor;
  }
}
