// Builds gradcheck inputs for an op case: float64 tensors of the case's shapes, drawn from a
// domain where the op is smooth, or the case's own inputs (for ops that take indices).

import { randn, rand, Tensor, type OpDef } from '../../engine/index.ts';

type Case = NonNullable<OpDef<unknown>['cases']>[number];

export function makeInputs(c: Case): Tensor[] {
  if (typeof c.inputs === 'function') return c.inputs();
  const d = { dtype: 'float64' as const };
  return c.shapes.map((shape) => {
    switch (c.inputs ?? 'normal') {
      case 'positive': return rand(shape, d).mul(2).add(0.2);
      case 'awayFromZero': return rand(shape, d).add(0.2).mul(rand(shape, d).gt(0.5).double().mul(2).sub(1));
      case 'unit': return rand(shape, d).mul(1.8).sub(0.9);
      case 'aboveOne': return rand(shape, d).add(1.2);
      default: return randn(shape, d);
    }
  });
}

/** Marks the inputs to differentiate (the case's `grad`, or every float input) as requiring grad. */
export function markDifferentiable(c: Case, inputs: Tensor[]): Tensor[] {
  return inputs.map((t, i) => {
    const wanted = c.grad ? c.grad.includes(i) : t.dtype === 'float64';
    if (!wanted) return t;
    const leaf = t.detach().double();
    leaf.requiresGrad = true;
    return leaf;
  });
}
