// Small helpers shared by the layer files.

import type { Tensor } from '../tensor/tensor.ts';
import { zeros } from '../tensor/creation.ts';
import type { DType } from '../tensor/dtype.ts';
import { uniform_, calculateFanInAndFanOut } from './init.ts';

/** Storage for a parameter that resetParameters() fills right after. */
export const empty = (shape: number[], dtype: DType = 'float32'): Tensor => zeros(shape, { dtype });

/** A PyTorch-style `name=value` list for extraRepr, leaving out entries equal to their default. */
export function reprArgs(args: [string, unknown, unknown?][]): string {
  return args
    .filter(([, v, dflt]) => dflt === undefined || JSON.stringify(v) !== JSON.stringify(dflt))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join(', ');
}

/** PyTorch's bias default for Linear and Conv: U(±1/√fanIn) of the weight, zeros when fanIn is 0. */
export function resetBias(bias: Tensor, weight: Tensor): void {
  const { fanIn } = calculateFanInAndFanOut(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(bias, -bound, bound);
}
