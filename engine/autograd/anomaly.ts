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
