// Standardizing rows, the js reference: each row of a (R, L) view becomes (x − mean)/√(var + eps)
// with the biased variance (two passes in float64: the mean, then squared distances from it, which
// loses nothing to cancellation). Its gradient is one formula per row:
//   dx = rstd · (dy − mean(dy) − y · mean(dy ⊙ y)).
// layerNorm, groupNorm, instanceNorm and batchNorm all standardize rows of some view of x.

import type { NnKernels } from '../nn-kernels.ts';
import { allocate } from '../../tensor/dtype.ts';
import { reader } from './strided.ts';

export const standardizeKernels: Pick<NnKernels, 'standardize' | 'standardizeBackward'> = {
  standardize(x, eps, dtype) {
    const [R, L] = x.shape, at = reader(x);
    const y = allocate(dtype, R * L), mean = allocate(dtype, R), rstd = allocate(dtype, R);
    for (let r = 0; r < R; r++) {
      let s = 0;
      for (let j = 0; j < L; j++) s += at(r * L + j);
      const m = s / L;
      let q = 0;
      for (let j = 0; j < L; j++) q += (at(r * L + j) - m) ** 2;
      const k = 1 / Math.sqrt(q / L + eps);
      for (let j = 0; j < L; j++) y[r * L + j] = (at(r * L + j) - m) * k;
      mean[r] = m;
      rstd[r] = k;
    }
    return { y, mean, rstd };
  },

  standardizeBackward(dy, y, rstd, dtype) {
    const [R, L] = y.shape, g = reader(dy), v = reader(y), k = reader(rstd);
    const dx = allocate(dtype, R * L);
    for (let r = 0; r < R; r++) {
      let a = 0, b = 0;
      for (let j = 0; j < L; j++) {
        a += g(r * L + j);
        b += g(r * L + j) * v(r * L + j);
      }
      a /= L;
      b /= L;
      for (let j = 0; j < L; j++) dx[r * L + j] = k(r) * (g(r * L + j) - a - v(r * L + j) * b);
    }
    return dx;
  },
};
