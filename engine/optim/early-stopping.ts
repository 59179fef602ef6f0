// Early stopping: watch a validation metric and say when it has stopped improving for `patience`
// epochs in a row. A plain counter, no tensors; the fit loop calls step() once per epoch.

import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { checkFields, rules, stateError } from './state-checks.ts';

export interface EarlyStoppingOptions {
  /** How many epochs without improvement to tolerate before stopping. */
  patience: number;
  /** An improvement must beat the best value by more than this. */
  minDelta?: number;
  /** 'min' for losses, 'max' for accuracies. */
  mode?: 'min' | 'max';
}

export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  /** The best metric seen so far (±Infinity before the first step). */
  bestValue: number;
  /** The epoch (0-based count of step() calls) that gave bestValue; -1 before the first. */
  bestEpoch = -1;
  /** Epochs since the last improvement. */
  counter = 0;
  /** Number of step() calls so far. */
  epoch = 0;

  constructor(opts: EarlyStoppingOptions) {
    checkOptions('EarlyStopping', opts, ['patience', 'minDelta', 'mode'], { min_delta: 'write minDelta', verbose: 'verbose is not supported' });
    const { patience, minDelta = 0, mode = 'min' } = opts;
    if (!Number.isInteger(patience) || patience < 0) throw new ValueError(`EarlyStopping: patience must be an integer ≥ 0, got ${String(patience)}`);
    if (typeof minDelta !== 'number' || !(minDelta >= 0)) throw new ValueError(`EarlyStopping: minDelta must be a number ≥ 0, got ${String(minDelta)}`);
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`EarlyStopping: mode must be 'min' or 'max', got ${String(mode)}`);
    this.patience = patience;
    this.minDelta = minDelta;
    this.mode = mode;
    this.bestValue = mode === 'min' ? Infinity : -Infinity;
  }

  /** Records one epoch's metric; returns true when training should stop. A NaN never counts as better. */
  step(metric: number): boolean {
    const better = this.mode === 'min' ? metric < this.bestValue - this.minDelta : metric > this.bestValue + this.minDelta;
    if (better) {
      this.bestValue = metric;
      this.bestEpoch = this.epoch;
      this.counter = 0;
    } else this.counter++;
    this.epoch++;
    return this.shouldStop;
  }

  get shouldStop(): boolean {
    return this.counter > 0 && this.counter >= this.patience;
  }

  stateDict(): { bestValue: number; bestEpoch: number; counter: number; epoch: number } {
    return { bestValue: this.bestValue, bestEpoch: this.bestEpoch, counter: this.counter, epoch: this.epoch };
  }

  /** Checks every field (errors name the field and the value) before setting any. */
  loadStateDict(sd: { bestValue: number; bestEpoch: number; counter: number; epoch: number }): void {
    const who = 'EarlyStopping.loadStateDict';
    if (!sd || typeof sd !== 'object') throw stateError(who, 'earlyStopping', sd, 'an object as stateDict() makes');
    checkFields(who, 'earlyStopping', sd as unknown as Record<string, unknown>, { bestValue: rules.notNaN, bestEpoch: rules.epoch, counter: rules.count, epoch: rules.count });
    Object.assign(this, { bestValue: sd.bestValue, bestEpoch: sd.bestEpoch, counter: sd.counter, epoch: sd.epoch });
  }
}
