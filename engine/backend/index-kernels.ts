// Kernels for indexing: gather, scatter-add and friends.

export interface IndexKernels {}
