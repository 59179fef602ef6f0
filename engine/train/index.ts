// Training utilities above nn/optim/data: the fit loop and classification metrics.

export * from './fit.ts';
export * from './metrics.ts';
