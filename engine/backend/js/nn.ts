// Convolution and pooling kernels, forward and backward.

import type { NnKernels } from '../nn-kernels.ts';

export const nnKernels: NnKernels = {};
