// Loss functions (PyTorch's torch.nn.functional losses), one file per family.

export type { Reduction } from './reduction.ts';
export * from './regression.ts';
export * from './binary.ts';
export * from './divergence.ts';
export * from './cross-entropy.ts';
