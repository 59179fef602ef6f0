// ReduceLROnPlateau, as PyTorch: multiply every group's lr by `factor` once the watched metric
// has not improved for more than `patience` steps, then wait `cooldown` steps before counting again.

import type { Optimizer } from '../optimizer.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { ValueError } from '../../errors.ts';
import { checkNumber, perGroup, SCHEDULER_HINTS, type SchedulerStateDict } from './scheduler.ts';
import { checkOptions } from '../../options.ts';
import { checkFields, listOf, oneOf, rules, stateError } from '../state-checks.ts';

export interface ReduceLROnPlateauOptions {
  /** 'min': lower is better (a loss); 'max': higher is better (an accuracy). */
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  /** How much better counts as better: relative (best·(1 ∓ threshold)) or absolute (best ∓ threshold). */
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  /** Changes smaller than eps are skipped. */
  eps?: number;
}

export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  protected lastLr: number[];

  constructor(optimizer: Optimizer, opts: ReduceLROnPlateauOptions = {}) {
    checkOptions('ReduceLROnPlateau', opts, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'], SCHEDULER_HINTS);
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = opts;
    const who = 'ReduceLROnPlateau';
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`${who}: mode must be 'min' or 'max', got ${String(mode)}`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new ValueError(`${who}: thresholdMode must be 'rel' or 'abs', got ${String(thresholdMode)}`);
    checkNumber(who, 'factor', factor, (x) => x >= 0 && x < 1, 'in [0, 1) (new lr = lr·factor)');
    checkNumber(who, 'patience', patience, (x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0');
    checkNumber(who, 'cooldown', cooldown, (x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0');
    checkNumber(who, 'threshold', threshold, (x) => x >= 0, 'a number ≥ 0');
    checkNumber(who, 'eps', eps, (x) => x >= 0, 'a number ≥ 0');
    this.optimizer = optimizer;
    this.minLrs = perGroup(who, 'minLr', minLr, optimizer);
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(a: number): boolean {
    const { best, threshold: th } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - th) : a < best - th;
    return this.thresholdMode === 'rel' ? a > best * (1 + th) : a > best + th;
  }

  /** Records one validation metric (a number or a one-element tensor) and lowers the lrs when it has stalled. */
  step(metric: number | Tensor): void {
    const current = typeof metric === 'number' ? metric : metric.item();
    this.lastEpoch++;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i] ?? 0);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    const { optimizer: _o, ...rest } = this;
    return structuredClone(rest);
  }

  /** Restores a stateDict(): every field is checked first (errors name scheduler.<field> and the
   *  value) and nothing changes unless all pass. */
  loadStateDict(sd: SchedulerStateDict): void {
    const who = 'ReduceLROnPlateau.loadStateDict';
    if (!sd || typeof sd !== 'object' || Array.isArray(sd)) throw stateError(who, 'scheduler', sd, 'an object as stateDict() makes');
    const n = this.optimizer.paramGroups.length;
    checkFields(who, 'scheduler', sd, {
      mode: oneOf('min', 'max'), factor: rules.unit, patience: rules.count, threshold: rules.nonNegative, thresholdMode: oneOf('rel', 'abs'),
      cooldown: rules.count, minLrs: listOf(rules.nonNegative, n), eps: rules.nonNegative, best: rules.notNaN, numBadEpochs: rules.count,
      cooldownCounter: rules.count, lastEpoch: rules.count, lastLr: listOf(rules.finite, n),
    });
    for (const [k, v] of Object.entries(structuredClone(sd))) if (Object.hasOwn(this, k) && k !== 'optimizer') (this as Record<string, unknown>)[k] = v;
  }
}
