// Learning-rate schedules (torch.optim.lr_scheduler): call step() once per epoch (or per batch
// for OneCycleLR) after optimizer.step(); ReduceLROnPlateau's step takes the validation metric.

export { LRScheduler, type SchedulerStateDict } from './scheduler.ts';
export * from './schedules.ts';
export * from './one-cycle.ts';
export * from './plateau.ts';
export * from './sequential.ts';
