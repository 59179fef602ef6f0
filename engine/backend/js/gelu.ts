// GELU of the js backend: x·Φ(x) and its derivative Φ(x) + x·φ(x), with Φ from erf (erfc in the left tail).

import type { NnKernels } from '../nn-kernels.ts';
import { allocate } from '../../tensor/dtype.ts';
import { offsetsOf } from './strided.ts';
import { UNARY } from './elementwise.ts';

/** erfc(a) for a ≥ 0: 1 − erf(a) below 3; beyond, its continued fraction (1 − erf would cancel to 0). */
function erfc(a: number): number {
  if (!(a >= 3)) return 1 - UNARY.erf(a);
  if (a === Infinity) return 0;
  let f = a;
  for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
  return Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
}
/** Φ(x), the left tail through erfc so it keeps its relative precision. */
const Phi = (x: number): number => (x < 0 ? 0.5 * erfc(-x * Math.SQRT1_2) : 0.5 * (1 + UNARY.erf(x * Math.SQRT1_2)));
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

export const geluKernels: Pick<NnKernels, 'gelu' | 'geluBackward'> = {
  gelu(x, dtype) {
    const o = offsetsOf(x), out = allocate(dtype, o.length);
    for (let i = 0; i < o.length; i++) out[i] = x.data[o[i]] * Phi(x.data[o[i]]);
    return out;
  },
  geluBackward(dy, x, dtype) {
    const od = offsetsOf(dy), ox = offsetsOf(x), out = allocate(dtype, od.length);
    for (let i = 0; i < od.length; i++) {
      const v = x.data[ox[i]];
      out[i] = dy.data[od[i]] * (Phi(v) + v * phi(v));
    }
    return out;
  },
};
