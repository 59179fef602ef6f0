// Neural-network kernels of the js backend: convolution, pooling, softmax, standardizing
// rows, the fused softmax cross-entropy and the LSTM recurrence (in their own files) and embedding, a row gather whose backward sums rows back per index.

import type { NnKernels } from '../nn-kernels.ts';
import { allocate } from '../../tensor/dtype.ts';
import { offsetsOf } from './strided.ts';
import { convKernels, finish } from './conv.ts';
import { poolKernels } from './pool.ts';
import { lossKernels } from './losses.ts';
import { softmaxKernels } from './softmax.ts';
import { standardizeKernels } from './standardize.ts';
import { recurrentKernels } from './recurrent.ts';
import { geluKernels } from './gelu.ts';

export const nnKernels: NnKernels = {
  ...convKernels,
  ...poolKernels,
  ...lossKernels,
  ...softmaxKernels,
  ...standardizeKernels,
  ...recurrentKernels,
  ...geluKernels,

  embedding(weight, indices, dtype) {
    const e = weight.shape[1], [sR, sE] = weight.strides, wd = weight.data;
    const iOffs = offsetsOf(indices);
    const out = allocate(dtype, iOffs.length * e);
    for (let i = 0, at = 0; i < iOffs.length; i++) {
      const row = weight.offset + indices.data[iOffs[i]] * sR;
      for (let j = 0; j < e; j++) out[at++] = wd[row + j * sE];
    }
    return out;
  },

  embeddingBackward(dy, indices, numRows, paddingIdx, dtype) {
    const e = dy.shape[dy.shape.length - 1];
    const iOffs = offsetsOf(indices), yOffs = offsetsOf(dy);
    const acc = new Float64Array(numRows * e);
    for (let i = 0; i < iOffs.length; i++) {
      const r = indices.data[iOffs[i]];
      if (r === paddingIdx) continue; // the padding row is a fixed vector: it learns nothing
      for (let j = 0; j < e; j++) acc[r * e + j] += dy.data[yOffs[i * e + j]];
    }
    return finish(acc, dtype);
  },
};
