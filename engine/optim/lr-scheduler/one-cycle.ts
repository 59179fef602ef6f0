// OneCycleLR, as PyTorch (the fastai 1cycle policy): lr rises from maxLr/divFactor to maxLr over
// the first pctStart of the steps, then anneals to initialLr/finalDivFactor; momentum (or Adam's
// β1) moves the opposite way between maxMomentum and baseMomentum. Call step() after every batch.

import type { Optimizer } from '../optimizer.ts';
import { LRScheduler, checkNumber, perGroup, SCHEDULER_HINTS } from './scheduler.ts';
import { checkOptions } from '../../options.ts';
import { ValueError } from '../../errors.ts';
import { oneOf, rules, type Rule } from '../state-checks.ts';

export interface OneCycleLROptions {
  maxLr: number | number[];
  /** The cycle's length; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  /** Three phases (up, back down to initialLr, then to minLr) as in the original paper. */
  threePhase?: boolean;
  lastEpoch?: number;
}

type Key = 'initialLr' | 'maxLr' | 'minLr' | 'maxMomentum' | 'baseMomentum';
interface Phase { endStep: number; startLr: Key; endLr: Key; startMomentum: Key; endMomentum: Key }

const cosine = (start: number, end: number, pct: number): number => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
const linear = (start: number, end: number, pct: number): number => (end - start) * pct + start;
const positiveInt = (x: number): boolean => Number.isInteger(x) && x > 0;

export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  phases: Phase[];
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1: boolean;

  constructor(optimizer: Optimizer, opts: OneCycleLROptions) {
    checkOptions('OneCycleLR', opts, ['maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum',
      'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase', 'lastEpoch'], SCHEDULER_HINTS);
    const { maxLr, totalSteps, epochs, stepsPerEpoch, pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true } = opts;
    const { baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25, finalDivFactor = 1e4, threePhase = false, lastEpoch = -1 } = opts;
    const who = 'OneCycleLR';
    let total: number;
    if (totalSteps !== undefined) {
      checkNumber(who, 'totalSteps', totalSteps, positiveInt, 'a positive integer');
      total = totalSteps;
    } else if (epochs !== undefined && stepsPerEpoch !== undefined) {
      checkNumber(who, 'epochs', epochs, positiveInt, 'a positive integer');
      checkNumber(who, 'stepsPerEpoch', stepsPerEpoch, positiveInt, 'a positive integer');
      total = epochs * stepsPerEpoch;
    } else throw new ValueError(`${who}: give either totalSteps or both epochs and stepsPerEpoch`);
    checkNumber(who, 'pctStart', pctStart, (x) => x >= 0 && x <= 1, 'in [0, 1]');
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') throw new ValueError(`${who}: annealStrategy must be 'cos' or 'linear', got ${String(annealStrategy)}`);
    checkNumber(who, 'divFactor', divFactor, (x) => x > 0, 'a number > 0');
    checkNumber(who, 'finalDivFactor', finalDivFactor, (x) => x > 0, 'a number > 0');
    const useBeta1 = 'betas' in optimizer.defaults;
    if (cycleMomentum && !useBeta1 && !('momentum' in optimizer.defaults)) {
      throw new ValueError(`${who}: cycleMomentum needs an optimizer with momentum or betas (${optimizer.name} has neither); pass cycleMomentum: false`);
    }
    // The groups carry the schedule's anchors, as in PyTorch (initialLr, maxLr, minLr, momenta).
    if (lastEpoch === -1) {
      const maxLrs = perGroup(who, 'maxLr', maxLr, optimizer);
      optimizer.paramGroups.forEach((g, i) => {
        const initialLr = maxLrs[i] / divFactor;
        Object.assign(g, { initialLr, maxLr: maxLrs[i], minLr: initialLr / finalDivFactor });
      });
      if (cycleMomentum) {
        const maxM = perGroup(who, 'maxMomentum', maxMomentum, optimizer);
        const baseM = perGroup(who, 'baseMomentum', baseMomentum, optimizer);
        optimizer.paramGroups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i], (g.betas as number[])[1]];
          else g.momentum = maxM[i];
          g.maxMomentum = maxM[i];
          g.baseMomentum = baseM[i];
        });
      }
    }
    super(optimizer, lastEpoch);
    const up = pctStart * total - 1;
    this.phases = threePhase
      ? [
          { endStep: up, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: up, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    this.totalSteps = total;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  /** Also sets each group's momentum (or β1): a side effect, as in PyTorch. */
  getLr(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps) throw new ValueError(`OneCycleLR: tried to step ${t} times; the cycle has ${this.totalSteps} steps (totalSteps)`);
    const anneal = this.annealStrategy === 'cos' ? cosine : linear;
    return this.optimizer.paramGroups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i];
        if (t <= phase.endStep || i === this.phases.length - 1) {
          const pct = (t - start) / (phase.endStep - start);
          if (this.cycleMomentum) {
            const m = anneal(g[phase.startMomentum] as number, g[phase.endMomentum] as number, pct);
            if (this.useBeta1) g.betas = [m, (g.betas as number[])[1]];
            else g.momentum = m;
          }
          return anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
        }
        start = phase.endStep;
      }
      throw new Error('unreachable: the last phase always matches');
    });
  }

  protected override stateRules() {
    return {
      ...super.stateRules(), totalSteps: rules.positiveInt, phases: phaseList, annealStrategy: oneOf('cos', 'linear'),
      cycleMomentum: rules.bool, useBeta1: rules.bool,
    };
  }
}

const anchors: readonly Key[] = ['initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];
const isPhase = (p: unknown): boolean => {
  if (!p || typeof p !== 'object') return false;
  const { endStep, startLr, endLr, startMomentum, endMomentum } = p as Record<string, unknown>;
  return rules.finite.ok(endStep) && [startLr, endLr, startMomentum, endMomentum].every((k) => anchors.includes(k as Key));
};
/** A saved phase names the group keys it reads: only the schedule's own anchors, never another key. */
const phaseList: Rule = {
  ok: (v) => Array.isArray(v) && (v.length === 2 || v.length === 3) && v.every(isPhase) && v.every((p, i) => i === 0 || p.endStep > v[i - 1].endStep),
  expected: `2 or 3 phases with increasing endStep, each { endStep: a finite number, startLr, endLr, startMomentum, endMomentum: one of ${anchors.join(', ')} }`,
};
