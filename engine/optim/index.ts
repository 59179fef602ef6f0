// The optim namespace (torch.optim): optimizers, learning-rate schedules (optim.lrScheduler),
// gradient clipping, regularization penalties and early stopping.

export { Optimizer, type ParamGroup, type ParamGroupInput, type Params, type ParamState, type OptimizerStateDict } from './optimizer.ts';
export * from './sgd.ts';
export * from './adam.ts';
export * from './rmsprop.ts';
export * from './adagrad.ts';
export * from './clip.ts';
export * from './penalty.ts';
export * from './early-stopping.ts';
export * as lrScheduler from './lr-scheduler/index.ts';
