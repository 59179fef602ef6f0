// Regularization penalties to add to a loss: differentiable scalars over a list of parameters.
// l2Penalty is Σw² (no ½): loss + λ·l2Penalty(w) has gradient g + 2λw, i.e. weight decay 2λ.

import { Tensor } from '../tensor/tensor.ts';
import { scalar } from '../tensor/creation.ts';
import '../ops/index.ts'; // installs abs/mul/sum/add on Tensor

function total(params: Tensor | Iterable<Tensor>, term: (w: Tensor) => Tensor): Tensor {
  const list = params instanceof Tensor ? [params] : [...params];
  if (list.length === 0) return scalar(0);
  return list.map(term).reduce((acc, t) => acc.add(t));
}

/** Σ|w| over every element of every parameter (the lasso penalty; pushes weights to exactly 0). */
export const l1Penalty = (params: Tensor | Iterable<Tensor>): Tensor => total(params, (w) => w.abs().sum());

/** Σw² over every element of every parameter (the ridge penalty; shrinks weights toward 0). */
export const l2Penalty = (params: Tensor | Iterable<Tensor>): Tensor => total(params, (w) => w.mul(w).sum());
