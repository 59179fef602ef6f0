// The LRScheduler base, as torch.optim.lr_scheduler.LRScheduler: remembers each group's starting
// lr (group.initialLr), counts steps in lastEpoch, and writes getLr()'s values into the groups.
// Schedules here use PyTorch's closed forms (lr as a function of the step count), so they give
// PyTorch's values; one scheduler owns an optimizer's lr at a time (SequentialLR switches them).

import { ValueError } from '../../errors.ts';
import type { Optimizer } from '../optimizer.ts';

export type SchedulerStateDict = Record<string, unknown>;

export const SCHEDULER_HINTS = { verbose: 'verbose is not supported: read getLastLr() to log the lr' } as const;
export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** Each group's lr when the schedule began (its initialLr). */
  baseLrs: number[];
  /** Steps taken so far: 0 right after construction (its initial step), as PyTorch. */
  lastEpoch: number;
  protected lastLr: number[] = [];

  /** Subclasses set their own fields, then call this.initialStep(). */
  constructor(optimizer: Optimizer, lastEpoch = -1) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) throw new ValueError(`${new.target.name}: expected an Optimizer, got ${String(optimizer)}`);
    this.optimizer = optimizer;
    optimizer.paramGroups.forEach((g, i) => {
      if (lastEpoch === -1) g.initialLr ??= g.lr;
      else if (typeof g.initialLr !== 'number') {
        throw new ValueError(`${new.target.name}: paramGroups[${i}] has no initialLr, which resuming (lastEpoch ${lastEpoch}) needs`);
      }
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** The lr of each group at step this.lastEpoch. */
  abstract getLr(): number[];

  protected initialStep(): void {
    this.step();
  }

  /**
   * Advances one step and sets every group's lr. Any argument is ignored (PyTorch's deprecated
   * step(epoch) is left out), so a loop may call step(metric) on any scheduler.
   */
  step(): void {
    this.stepTo(this.lastEpoch + 1);
  }

  /** Internal: sets the schedule to step `epoch` (SequentialLR restarts a schedule at 0). */
  stepTo(epoch: number): void {
    this.lastEpoch = epoch;
    const lrs = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]));
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs the last step() set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Every field but the optimizer and functions, copied (JSON-able). */
  stateDict(): SchedulerStateDict {
    const entries = Object.entries(this).filter(([k, v]) => k !== 'optimizer' && typeof v !== 'function' && !(Array.isArray(v) && v.some((x) => typeof x === 'function')));
    return structuredClone(Object.fromEntries(entries));
  }

  loadStateDict(sd: SchedulerStateDict): void {
    const who = `${this.constructor.name}.loadStateDict`;
    if (!sd || typeof sd !== 'object') throw new ValueError(`${who}: expected an object as stateDict() makes, got ${String(sd)}`);
    if (typeof sd.lastEpoch !== 'number') throw new ValueError(`${who}: lastEpoch must be a number, got ${typeof sd.lastEpoch}`);
    const n = this.optimizer.paramGroups.length;
    if (!Array.isArray(sd.baseLrs) || sd.baseLrs.length !== n) {
      throw new ValueError(`${who}: baseLrs must list one lr per parameter group (${n}), got ${JSON.stringify(sd.baseLrs)}`);
    }
    for (const [k, v] of Object.entries(structuredClone(sd))) {
      if (k in this && typeof (this as Record<string, unknown>)[k] !== 'function') (this as Record<string, unknown>)[k] = v;
    }
  }
}

/** One value per group: a number applies to all, a list must match the number of groups (PyTorch's _format_param). */
export function perGroup(who: string, name: string, value: number | readonly number[], optimizer: Optimizer): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    if (value.length !== n) throw new ValueError(`${who}: ${name} has ${value.length} values but the optimizer has ${n} parameter groups`);
    return [...value];
  }
  return new Array<number>(n).fill(value as number);
}

export function checkNumber(who: string, name: string, v: unknown, ok: (x: number) => boolean, rule: string): void {
  if (typeof v !== 'number' || Number.isNaN(v) || !ok(v)) throw new ValueError(`${who}: ${name} must be ${rule}, got ${String(v)}`);
}
