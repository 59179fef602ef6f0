// In-place updates — add_, sub_, mul_, div_, copy_, fill_, zero_ — for optimizers and
// initializers that change parameters without recording a graph. As in PyTorch, a leaf that
// requires grad may change in place only under noGrad(), and a non-leaf never.

import { Tensor } from '../tensor/tensor.ts';
import { backend } from '../backend/index.ts';
import { broadcastShapes, broadcastStrides, sameShape } from '../tensor/shape.ts';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.ts';
import { AutogradError, ShapeError, fmtShape } from '../errors.ts';
import { scalarTensor, type TensorLike } from './util.ts';

function assertMutable(op: string, t: Tensor): void {
  if (t.gradFn) throw new AutogradError(`${op}: in-place changes to a non-leaf tensor (made by '${t.gradFn.name}') are not supported`);
  if (t.requiresGrad && isGradEnabled()) {
    throw new AutogradError(`${op}: a leaf tensor that requires grad cannot change in place while gradients are recorded; wrap the update in noGrad()`);
  }
}

/** Writes `value` (broadcast to t's shape, cast to t's dtype) into t's elements. */
function write(op: string, t: Tensor, value: Tensor): Tensor {
  if (!sameShape(broadcastShapes(op, t.shape, value.shape), t.shape)) {
    throw new ShapeError(`${op}: a value of shape ${fmtShape(value.shape)} cannot be written into a tensor of shape ${fmtShape(t.shape)}`);
  }
  const src = value.dtype === t.dtype ? value : value.to(t.dtype);
  backend().copyInto(t, { data: src.data, offset: src.offset, shape: t.shape, strides: broadcastStrides(src.shape, src.strides, t.shape) });
  return t;
}

const asTensor = (x: TensorLike, t: Tensor): Tensor => (x instanceof Tensor ? x : scalarTensor(x, t.dtype));

function update(op: string, t: Tensor, compute: () => Tensor): Tensor {
  assertMutable(op, t);
  return noGrad(() => write(op, t, compute()));
}

Object.assign(Tensor.prototype, {
  /** t += alpha·other */
  add_(this: Tensor, other: TensorLike, alpha = 1) {
    return update('add_', this, () => this.add(alpha === 1 ? asTensor(other, this) : asTensor(other, this).mul(alpha)));
  },
  sub_(this: Tensor, other: TensorLike, alpha = 1) {
    return update('sub_', this, () => this.sub(alpha === 1 ? asTensor(other, this) : asTensor(other, this).mul(alpha)));
  },
  mul_(this: Tensor, other: TensorLike) {
    return update('mul_', this, () => this.mul(asTensor(other, this)));
  },
  div_(this: Tensor, other: TensorLike) {
    return update('div_', this, () => this.div(asTensor(other, this)));
  },
  copy_(this: Tensor, src: Tensor) {
    return update('copy_', this, () => src);
  },
  fill_(this: Tensor, value: number) {
    return update('fill_', this, () => scalarTensor(value, this.dtype));
  },
  zero_(this: Tensor) {
    return update('zero_', this, () => scalarTensor(0, this.dtype));
  },
});

declare module '../tensor/tensor.ts' {
  interface Tensor {
    add_(other: TensorLike, alpha?: number): this;
    sub_(other: TensorLike, alpha?: number): this;
    mul_(other: TensorLike): this;
    div_(other: TensorLike): this;
    copy_(src: Tensor): this;
    fill_(value: number): this;
    zero_(): this;
  }
}
