// Kernels for neural-network layers: convolution and pooling, forward and backward.

export interface NnKernels {}
