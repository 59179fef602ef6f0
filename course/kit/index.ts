// What lesson files import from the kit.

export type * from './types.ts';
export { StoppedError, throwIfStopped } from './stopped.ts';
export { mean, fmt, perSeed, metric, metricPerRun } from './stats.ts';
export { checkConfig, pacer } from './pacing.ts';
export { seededPermutation, batchStream, takeRows } from './batches.ts';
