// SequentialLR, as PyTorch: hand the lr from one schedule to the next at given milestones
// (typically a linear warm-up, then cosine annealing). Each schedule restarts at its step 0.

import type { Optimizer } from '../optimizer.ts';
import { ValueError } from '../../errors.ts';
import { LRScheduler, SCHEDULER_HINTS, type SchedulerStateDict } from './scheduler.ts';
import { checkOptions } from '../../options.ts';

export class SequentialLR extends LRScheduler {
  schedulers: LRScheduler[];
  milestones: number[];

  constructor(optimizer: Optimizer, opts: { schedulers: LRScheduler[]; milestones: number[]; lastEpoch?: number }) {
    checkOptions('SequentialLR', opts, ['schedulers', 'milestones', 'lastEpoch'], SCHEDULER_HINTS);
    const { schedulers, milestones, lastEpoch = -1 } = opts;
    super(optimizer, lastEpoch);
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new ValueError('SequentialLR: expects at least one scheduler');
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new ValueError(`SequentialLR: schedulers[${i}] is not an LRScheduler (ReduceLROnPlateau needs a metric and cannot be sequenced)`);
      if (s.optimizer !== optimizer) throw new ValueError(`SequentialLR: schedulers[${i}] (${s.constructor.name}) belongs to another optimizer`);
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new ValueError(`SequentialLR: needs one milestone fewer than schedulers: got ${schedulers.length} schedulers and ${Array.isArray(milestones) ? milestones.length : 'no'} milestones`);
    }
    milestones.forEach((m, i) => {
      if (!Number.isInteger(m) || (i > 0 && m <= milestones[i - 1])) throw new ValueError(`SequentialLR: milestones must be increasing integers, got ${JSON.stringify(milestones)}`);
    });
    this.schedulers = schedulers;
    this.milestones = [...milestones];
    this.lastEpoch = lastEpoch + 1;
    // Each child stepped once when it was built; start over from the first at its step 0.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0].step();
    this.lastLr = schedulers[0].getLastLr();
  }

  getLr(): number[] {
    return this.lastLr;
  }

  /** One step of the active schedule; at a milestone the next one starts from its step 0. */
  override step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const active = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) active.stepTo(0);
    else active.step();
    this.lastLr = active.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    const own = { lastEpoch: this.lastEpoch, baseLrs: this.baseLrs, lastLr: this.lastLr, milestones: this.milestones };
    return { ...structuredClone(own), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  protected override stateRules() {
    const increasing = { ok: (v: unknown) => Array.isArray(v) && v.length === this.milestones.length && v.every((m, i) => Number.isSafeInteger(m) && (i === 0 || m > v[i - 1])), expected: `${this.milestones.length} increasing integers` };
    return { ...super.stateRules(), milestones: increasing };
  }

  /** Its own fields and every child's, all checked before any is set. */
  override checkState(sd: SchedulerStateDict, prefix: string): void {
    const saved = sd?.schedulers;
    if (!Array.isArray(saved) || saved.length !== this.schedulers.length) {
      throw new ValueError(`SequentialLR.loadStateDict: ${prefix}.schedulers: expected ${this.schedulers.length} scheduler states, got ${Array.isArray(saved) ? saved.length : typeof saved}`);
    }
    const { schedulers: _s, ...rest } = sd;
    super.checkState(rest, prefix);
    saved.forEach((s, i) => this.schedulers[i].checkState(s as SchedulerStateDict, `${prefix}.schedulers.${i}`));
  }

  override applyState(sd: SchedulerStateDict): void {
    const { schedulers: saved, ...rest } = sd;
    super.applyState(rest);
    (saved as SchedulerStateDict[]).forEach((s, i) => this.schedulers[i].applyState(s));
  }
}
