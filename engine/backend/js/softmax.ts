// softmax / logSoftmax along one dim, the js reference: for each row along `dim`, the row max
// comes off before exp (so logits of ±1000 stay finite), the exponentials are summed in float64,
// then softmax = eᶻ / Σeᶻ or logSoftmax = z − log Σeᶻ. A row of all −∞ gives NaN, as in PyTorch.

import type { NnKernels } from '../nn-kernels.ts';
import { allocate } from '../../tensor/dtype.ts';
import { reader } from './strided.ts';

export const softmaxKernels: Pick<NnKernels, 'softmax'> = {
  softmax(x, dim, log, dtype) {
    const shape = x.shape, len = shape[dim];
    const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1), inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const at = reader(x), y = allocate(dtype, outer * len * inner);
    const z = new Float64Array(len);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const first = o * len * inner + i; // row-major index of the row's first element; the row steps by `inner`
        let m = -Infinity;
        for (let j = 0; j < len; j++) m = Math.max(m, at(first + j * inner)); // NaN wins
        let s = 0;
        for (let j = 0; j < len; j++) s += Math.exp((z[j] = at(first + j * inner) - m));
        const logS = Math.log(s);
        for (let j = 0; j < len; j++) y[first + j * inner] = log ? z[j] - logS : Math.exp(z[j]) / s;
      }
    }
    return y;
  },
};
