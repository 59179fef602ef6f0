// The closed-form schedules: lr at step t from each group's base lr η₀.
// StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR (warm-up) and LambdaLR.

import type { Optimizer } from '../optimizer.ts';
import { LRScheduler, checkNumber, SCHEDULER_HINTS } from './scheduler.ts';
import { ValueError } from '../../errors.ts';
import { rules, type Rule } from '../state-checks.ts';
import { checkOptions } from '../../options.ts';

const positiveInt = (x: number): boolean => Number.isInteger(x) && x > 0;

/** MultiStepLR's saved milestones: integers in order (getLr counts those passed). */
const sortedInts: Rule = {
  ok: (v) => Array.isArray(v) && v.every((m, i) => Number.isSafeInteger(m) && (i === 0 || m >= v[i - 1])),
  expected: 'a list of integers in ascending order',
};

/** η₀·γ^⌊t/stepSize⌋: decay by gamma every stepSize steps. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;
  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number; lastEpoch?: number }) {
    checkOptions('StepLR', opts, ['stepSize', 'gamma', 'lastEpoch'], SCHEDULER_HINTS);
    const { stepSize, gamma = 0.1, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    checkNumber('StepLR', 'stepSize', stepSize, positiveInt, 'a positive integer');
    checkNumber('StepLR', 'gamma', gamma, (x) => x >= 0, 'a number ≥ 0');
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }
  getLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
  protected override stateRules() {
    return { ...super.stateRules(), stepSize: rules.positiveInt, gamma: rules.nonNegative };
  }
}

/** η₀·γ^(number of milestones ≤ t): decay by gamma at each milestone (a repeated milestone counts twice). */
export class MultiStepLR extends LRScheduler {
  milestones: number[];
  gamma: number;
  constructor(optimizer: Optimizer, opts: { milestones: readonly number[]; gamma?: number; lastEpoch?: number }) {
    checkOptions('MultiStepLR', opts, ['milestones', 'gamma', 'lastEpoch'], SCHEDULER_HINTS);
    const { milestones, gamma = 0.1, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m))) {
      throw new ValueError(`MultiStepLR: milestones must be a list of integers, got ${JSON.stringify(milestones)}`);
    }
    checkNumber('MultiStepLR', 'gamma', gamma, (x) => x >= 0, 'a number ≥ 0');
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }
  getLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }
  protected override stateRules() {
    return { ...super.stateRules(), milestones: sortedInts, gamma: rules.nonNegative };
  }
}

/** η₀·γᵗ. */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: Optimizer, opts: { gamma: number; lastEpoch?: number }) {
    checkOptions('ExponentialLR', opts, ['gamma', 'lastEpoch'], SCHEDULER_HINTS);
    const { gamma, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    checkNumber('ExponentialLR', 'gamma', gamma, (x) => x >= 0, 'a number ≥ 0');
    this.gamma = gamma;
    this.initialStep();
  }
  getLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
  protected override stateRules() {
    return { ...super.stateRules(), gamma: rules.nonNegative };
  }
}

/** η_min + (η₀ − η_min)·(1 + cos(πt/T_max))/2: half a cosine from η₀ down to η_min over tMax steps. */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;
  constructor(optimizer: Optimizer, opts: { tMax: number; etaMin?: number; lastEpoch?: number }) {
    checkOptions('CosineAnnealingLR', opts, ['tMax', 'etaMin', 'lastEpoch'], SCHEDULER_HINTS);
    const { tMax, etaMin = 0, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    checkNumber('CosineAnnealingLR', 'tMax', tMax, (x) => x > 0, 'a number > 0');
    checkNumber('CosineAnnealingLR', 'etaMin', etaMin, (x) => x >= 0, 'a number ≥ 0');
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }
  getLr(): number[] {
    return this.baseLrs.map((lr) => this.etaMin + ((lr - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
  protected override stateRules() {
    return { ...super.stateRules(), tMax: rules.positive, etaMin: rules.nonNegative };
  }
}

/** η₀·(start + (end − start)·min(t, totalIters)/totalIters): a linear ramp, usually a warm-up from a small factor to 1. */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  constructor(optimizer: Optimizer, opts: { startFactor?: number; endFactor?: number; totalIters?: number; lastEpoch?: number } = {}) {
    checkOptions('LinearLR', opts, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch'], SCHEDULER_HINTS);
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    checkNumber('LinearLR', 'startFactor', startFactor, (x) => x > 0 && x <= 1, 'in (0, 1]');
    checkNumber('LinearLR', 'endFactor', endFactor, (x) => x >= 0 && x <= 1, 'in [0, 1]');
    checkNumber('LinearLR', 'totalIters', totalIters, positiveInt, 'a positive integer');
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }
  getLr(): number[] {
    const f = this.startFactor + ((this.endFactor - this.startFactor) * Math.min(this.totalIters, this.lastEpoch)) / this.totalIters;
    return this.baseLrs.map((lr) => lr * f);
  }
  protected override stateRules() {
    const startFactor = { ok: (v: unknown) => rules.positive.ok(v) && (v as number) <= 1, expected: 'a number in (0, 1]' };
    const endFactor = { ok: (v: unknown) => rules.nonNegative.ok(v) && (v as number) <= 1, expected: 'a number in [0, 1]' };
    return { ...super.stateRules(), startFactor, endFactor, totalIters: rules.positiveInt };
  }
}

export type LrLambda = (epoch: number) => number;

/** η₀·λ(t) with your own λ (one for all groups, or one per group). Its stateDict leaves the functions out. */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];
  constructor(optimizer: Optimizer, opts: { lrLambda: LrLambda | LrLambda[]; lastEpoch?: number }) {
    checkOptions('LambdaLR', opts, ['lrLambda', 'lastEpoch'], SCHEDULER_HINTS);
    const { lrLambda, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    const n = optimizer.paramGroups.length;
    const list = Array.isArray(lrLambda) ? [...lrLambda] : new Array<LrLambda>(n).fill(lrLambda);
    if (list.length !== n) throw new ValueError(`LambdaLR: expected ${n} lrLambdas (one per parameter group), got ${list.length}`);
    list.forEach((f, i) => {
      if (typeof f !== 'function') throw new ValueError(`LambdaLR: lrLambda[${i}] must be a function, got ${typeof f}`);
    });
    this.lrLambdas = list;
    this.initialStep();
  }
  getLr(): number[] {
    return this.baseLrs.map((lr, i) => lr * this.lrLambdas[i](this.lastEpoch));
  }
}
