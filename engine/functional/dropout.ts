// dropout: zero each element with probability p and scale the survivors by 1/(1 − p) ("inverted"
// dropout, so nothing changes at test time). The mask is a constant, so the backward reuses it.

import type { Tensor } from '../tensor/tensor.ts';
import { rand } from '../tensor/creation.ts';
import { ValueError } from '../errors.ts';
import { bindArgs } from '../ops/reduce-args.ts';

export interface DropoutOptions { p?: number; training?: boolean }

/**
 * Identity when !training or p = 0; zeros when p = 1. Draws from the seeded RNG (manualSeed).
 * dropout(x, 0.2), dropout(x, 0.2, false), dropout(x, {p: 0.2, training: false}) as PyTorch's keywords.
 */
export function dropout(x: Tensor, ...args: [p?: number, training?: boolean] | [opts: DropoutOptions] | [p: number, opts: Omit<DropoutOptions, 'p'>]): Tensor {
  const a = bindArgs('dropout', args, ['p', 'training'], [], { inplace: 'inplace is not supported: dropout returns a new tensor' });
  const { p = 0.5, training = true } = a as DropoutOptions;
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout: p must be a probability in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  // Keep where u ≥ p, which happens with probability 1 − p; mask·1/(1 − p) is dy's multiplier too.
  const mask = rand(x.shape, { dtype: 'float64' }).ge(p).to(x.dtype).mul(1 / (1 - p));
  return x.mul(mask);
}
