// linear: y = x·Wᵀ + b, the fully connected layer, as matmul and add.

import type { Tensor } from '../tensor/tensor.ts';
import { ShapeError, fmtShape } from '../errors.ts';

/** x: (…, in) · weight: (out, in) (+ bias: (out)) → (…, out). */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 2 || x.ndim < 1 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new ShapeError(`linear: x ${fmtShape(x.shape)} must end in the ${weight.shape[1] ?? '?'} input features of weight ${fmtShape(weight.shape)} (out, in)`);
  }
  if (bias && (bias.ndim > 1 || bias.numel() !== weight.shape[0])) {
    throw new ShapeError(`linear: bias must have shape [${weight.shape[0]}] for weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  }
  // Leading dims fold into the rows of one matrix product (one big sgemm, and backward's weight
  // gradient one product instead of a batch of them summed): the reshape copies only a strided x.
  if (x.ndim > 2) return linear(x.reshape([-1, x.shape[x.ndim - 1]]), weight, bias).reshape([...x.shape.slice(0, -1), weight.shape[0]]);
  const y = x.matmul(weight.mT);
  return bias ? y.add(bias) : y;
}
