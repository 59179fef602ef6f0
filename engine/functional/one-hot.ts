// oneHot (torch.nn.functional.one_hot): class indices as rows of 0s with a 1 — a comparison, no gradient.

import type { Tensor } from '../tensor/tensor.ts';
import { arange } from '../tensor/creation.ts';
import { IndexError, ValueError, fmtShape } from '../errors.ts';
import { checkIndexDtype } from '../ops/indices.ts';
import { bindArgs } from '../ops/reduce-args.ts';

/** int32 tensor of shape [...indices.shape, numClasses] with a 1 at each index; numClasses -1 means max + 1. oneHot(t, 3) or oneHot(t, {numClasses: 3}). */
export function oneHot(indices: Tensor, ...args: [numClasses?: number] | [opts: { numClasses?: number }]): Tensor {
  let { numClasses = -1 } = bindArgs('oneHot', args, ['numClasses']) as { numClasses?: number };
  if (!Number.isInteger(numClasses) || numClasses < -1) throw new ValueError(`oneHot: numClasses must be a non-negative integer or -1, got ${String(numClasses)}`);
  checkIndexDtype('oneHot', indices);
  const values = Array.from(indices.toTypedArray());
  if (numClasses === -1) {
    if (!values.length) throw new ValueError('oneHot: cannot infer numClasses from an empty tensor; pass numClasses');
    numClasses = values.reduce((a, b) => Math.max(a, b), 0) + 1;
  }
  for (const v of values) {
    if (v < 0 || v >= numClasses) throw new IndexError(`oneHot: index ${v} is out of bounds for the class dim of size ${numClasses} (indices of shape ${fmtShape(indices.shape)})`);
  }
  return indices.unsqueeze(-1).eq(arange(numClasses)).int();
}
