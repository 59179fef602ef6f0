// cat: join tensors end to end along one dim. Forward copies each input into its window of the
// result; backward hands each input the matching slice of the gradient.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { zeros } from '../tensor/creation.ts';
import { promoteTypes } from '../tensor/dtype.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

// xs[k]: (…, N_k, …) → y: (…, ΣN_k, …)
const catOp = defineOp<{ dim: number }>({
  name: 'cat',
  onnx: 'Concat',
  forward: (xs, { dim }) => {
    const shape = [...xs[0].shape];
    shape[dim] = xs.reduce((n, x) => n + x.shape[dim], 0);
    const out = zeros(shape, { dtype: xs.map((x) => x.dtype).reduce(promoteTypes) });
    let start = 0;
    for (const x of xs) {
      // a raw view, not narrow(): ops called inside a forward would show up in traces
      backend().copyInto(out._view(x.shape, out.strides, start * out.strides[dim]), x);
      start += x.shape[dim];
    }
    return out;
  },
  backward: (dy, { inputs, attrs: { dim } }) => {
    const starts = inputs.map((_, k) => inputs.slice(0, k).reduce((n, x) => n + x.shape[dim], 0));
    return inputs.map((x, k) => () => dy.narrow(dim, starts[k], x.shape[dim])); // each input's window of dy is its gradient
  },
  cases: [
    { shapes: [[2, 3], [2, 1], [2, 0], [2, 2]], attrs: { dim: 1 } },
    { shapes: [[1, 3, 2], [4, 3, 2]], attrs: { dim: 0 } },
    { shapes: [[5]], attrs: { dim: 0 } },
  ],
});

/** torch.cat: shapes must match except along `dim`; 1-D empty tensors (shape [0]) are skipped, as PyTorch does. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!tensors.length) throw new ValueError('cat: expects a non-empty list of tensors');
  const kept = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  const xs = kept.length ? kept : tensors.slice(0, 1);
  const shapes = tensors.map((t) => fmtShape(t.shape)).join(', ');
  if (xs.some((t) => t.ndim === 0)) throw new ShapeError(`cat: zero-dim tensors cannot be concatenated, got shapes ${shapes}`);
  const d = normalizeDim('cat', dim, xs[0].ndim);
  const ref = xs[0].shape;
  if (xs.some((t) => t.ndim !== ref.length || t.shape.some((s, i) => i !== d && s !== ref[i]))) {
    throw new ShapeError(`cat: tensors must have the same shape except in dim ${dim}, got shapes ${shapes}`);
  }
  return catOp(xs, { dim: d });
}
