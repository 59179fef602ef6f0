// The js reference backend: plain loops over typed arrays, written to be read.

import type { Backend } from '../backend.ts';
import { elementwiseKernels } from './elementwise.ts';
import { reduceKernels } from './reduce.ts';
import { nnKernels } from './nn.ts';
import { indexKernels } from './indexing.ts';

export const jsBackend: Backend = {
  name: 'js',
  ...elementwiseKernels,
  ...reduceKernels,
  ...nnKernels,
  ...indexKernels,
};
