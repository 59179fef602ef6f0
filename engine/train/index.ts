// Training utilities above nn/optim/data: the fit loop, classification metrics, and data-parallel
// training across threads.

export * from './fit.ts';
export * from './metrics.ts';
export * from './data-parallel.ts';
