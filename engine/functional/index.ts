// Functions composed from primitive ops: their gradients come for free from the ops they use.

export {};
// --- activations ---
export * from './activations.ts';
// --- reductions and softmax family ---
export * from './reductions.ts';
export * from './hardmax.ts';
// --- shape and indexing ---
export * from './stack.ts';
export * from './split.ts';
export * from './flatten.ts';
export * from './repeat.ts';
export * from './flip.ts';
export * from './masked-fill.ts';
export * from './pad.ts';
export * from './one-hot.ts';
export * from './take.ts';
export * from './einsum.ts';
// --- neural-network functions ---
export * from './linear.ts';
export * from './normalization.ts';
export * from './dropout.ts';
export * from './adaptive-pool.ts';
// --- losses ---
export * from './losses/index.ts';
// --- recurrent and attention ---
export * from './recurrent.ts';
export * from './attention.ts';
export * from './quantile.ts';
