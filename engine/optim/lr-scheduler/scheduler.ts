// The LRScheduler base, as torch.optim.lr_scheduler.LRScheduler: remembers each group's starting
// lr (group.initialLr), counts steps in lastEpoch, and writes getLr()'s values into the groups.
// Schedules here use PyTorch's closed forms (lr as a function of the step count), so they give
// PyTorch's values; one scheduler owns an optimizer's lr at a time (SequentialLR switches them).

import { ValueError } from '../../errors.ts';
import type { Optimizer } from '../optimizer.ts';
import { checkFields, listOf, rules, stateError, type Rule } from '../state-checks.ts';

export type SchedulerStateDict = Record<string, unknown>;

/** PyTorch scheduler options left out here, named in the unknown-key error. */
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

  /**
   * Restores a stateDict(). Every field the schedule reads is checked first (stateRules: type and
   * range, errors naming scheduler.<field> and the value) and nothing changes unless all pass.
   */
  loadStateDict(sd: SchedulerStateDict): void {
    this.checkState(sd, 'scheduler');
    this.applyState(sd);
  }

  /** What each saved field must be; subclasses add their own fields to these. */
  protected stateRules(): Record<string, Rule> {
    const n = this.optimizer.paramGroups.length;
    return { lastEpoch: rules.epoch, baseLrs: listOf(rules.nonNegative, n), lastLr: listOf(rules.finite, n) };
  }

  /** Throws naming `${prefix}.<field>` unless sd holds a valid value for every rule. */
  checkState(sd: SchedulerStateDict, prefix: string): void {
    const who = `${this.constructor.name}.loadStateDict`;
    if (!sd || typeof sd !== 'object' || Array.isArray(sd)) throw stateError(who, prefix, sd, 'an object as stateDict() makes');
    checkFields(who, prefix, sd, this.stateRules());
    // Fields a subclass written elsewhere keeps without rules: at least the same kind of value.
    const known = this.stateRules();
    for (const [k, v] of Object.entries(sd)) {
      const mine = (this as Record<string, unknown>)[k];
      if (k in known || !Object.hasOwn(this, k) || k === 'optimizer' || typeof mine === 'function') continue;
      if (typeof v !== typeof mine || (typeof v === 'number' && Number.isNaN(v))) throw stateError(who, `${prefix}.${k}`, v, `a ${typeof mine} like the scheduler's own`);
    }
  }

  /** Sets the fields of an already checked state (keys that are no field of this scheduler are ignored). */
  applyState(sd: SchedulerStateDict): void {
    for (const [k, v] of Object.entries(structuredClone(sd))) {
      if (k !== 'optimizer' && Object.hasOwn(this, k) && typeof (this as Record<string, unknown>)[k] !== 'function') (this as Record<string, unknown>)[k] = v;
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
  // Finite always: an infinite factor or length only ever gives an lr of NaN or Infinity.
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new ValueError(`${who}: ${name} must be ${rule}, got ${String(v)}`);
}
