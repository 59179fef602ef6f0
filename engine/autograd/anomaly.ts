// The NaN/Inf check behind detectAnomaly(): names the op and where the bad value sits.

import type { Tensor } from '../tensor/tensor.ts';
import { AnomalyError, fmtShape } from '../errors.ts';

export function assertFinite(t: Tensor, where: string): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return;
  const values = t.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new AnomalyError(`detectAnomaly: ${where} produced ${values[i]} at flat index ${i} of a tensor of shape ${fmtShape(t.shape)}`);
    }
  }
}

// Ops that a backward rule runs are not forwards the user wrote: a NaN there is reported once,
// as the gradient of the op whose rule produced it, not as the forward of some inner 'div'.
let backwardDepth = 0;

export function inBackwardPass<T>(fn: () => T): T {
  backwardDepth++;
  try {
    return fn();
  } finally {
    backwardDepth--;
  }
}

export const isInBackwardPass = (): boolean => backwardDepth > 0;
