// Every primitive op. Importing this module also installs the ops' method forms on Tensor.

export * from './util.ts';
export * from './add.ts';
export * from './sub.ts';
export * from './mul.ts';
export * from './div.ts';
export * from './rounded-div.ts';
export * from './remainder.ts';
export * from './pow.ts';
export * from './unary.ts';
export * from './compare.ts';
export * from './where.ts';
export * from './minmax.ts';
export * from './matmul.ts';
export * from './reshape.ts';
export * from './permute.ts';
export * from './expand.ts';
export * from './slice.ts';
export * from './squeeze.ts';
export * from './contiguous.ts';
export * from './sum.ts';
export * from './in-place.ts';
// --- reductions ---
export * from './prod.ts';
export * from './amax.ts';
export * from './argmax.ts';
export * from './max.ts';
export * from './cumsum.ts';
export * from './cumprod.ts';
// --- sorting and order statistics ---
export * from './sort.ts';
export * from './median.ts';
export * from './mode.ts';
export * from './softmax.ts';
export * from './softmax-cross-entropy.ts';
export * from './standardize.ts';
// --- shape and indexing ---
export * from './cat.ts';
export * from './gather.ts';
export * from './scatter.ts';
export * from './index-select.ts';
export * from './diagonal.ts';
// --- neural-network primitives ---
export * from './conv.ts';
export * from './conv-transpose.ts';
export * from './conv-nd.ts';
export * from './pool-nd.ts';
export * from './embedding.ts';
export * from './lstm.ts';
// --- activations ---
export * from './clamp.ts';
