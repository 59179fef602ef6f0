// Indexing kernels: gather, scatter-add and friends.

import type { IndexKernels } from '../index-kernels.ts';

export const indexKernels: IndexKernels = {};
