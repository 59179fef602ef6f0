// Learning-rate schedules: each one's lr sequence against its formula, ReduceLROnPlateau with
// patience and cooldown, SequentialLR warm-up → cosine, state dicts, and option errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ValueError, optim } from '../../engine/index.ts';

const { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, OneCycleLR, ReduceLROnPlateau, SequentialLR } = optim.lrScheduler;

const sgd = (lr = 0.1, momentum = 0): optim.SGD => new optim.SGD([tensor([1], { requiresGrad: true })], { lr, momentum });

/** The lr after construction and after each of `n` steps (n + 1 values), checking getLastLr agrees with the group. */
function lrs(opt: optim.Optimizer, sched: { step(): void; getLastLr(): number[] }, n: number): number[] {
  const out = [opt.paramGroups[0].lr];
  for (let i = 0; i < n; i++) {
    sched.step();
    assert.equal(sched.getLastLr()[0], opt.paramGroups[0].lr);
    out.push(opt.paramGroups[0].lr);
  }
  return out;
}

function assertSeq(actual: number[], expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, t) => assert.ok(Math.abs(v - expected[t]) <= tol * (1 + Math.abs(expected[t])), `step ${t}: got ${v}, expected ${expected[t]}`));
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('StepLR: η₀·γ^⌊t/stepSize⌋', () => {
  const opt = sgd(0.1);
  assertSeq(lrs(opt, new StepLR(opt, { stepSize: 3, gamma: 0.5 }), 15), range(16).map((t) => 0.1 * 0.5 ** Math.floor(t / 3)));
  assert.equal(opt.paramGroups[0].initialLr, 0.1);
});

test('step() ignores an argument, so a fit loop may pass every scheduler the validation loss', () => {
  const opt = sgd(1);
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  (sched.step as (m: number) => void)(0.37);
  assert.equal(sched.lastEpoch, 1);
  assert.equal(opt.paramGroups[0].lr, 0.5);
});

test('MultiStepLR: decays at each milestone (a repeated one twice)', () => {
  const opt = sgd(1);
  const got = lrs(opt, new MultiStepLR(opt, { milestones: [7, 3, 7], gamma: 0.1 }), 10);
  assertSeq(got, [1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.001, 0.001, 0.001, 0.001]);
});

test('ExponentialLR: η₀·γᵗ', () => {
  const opt = sgd(0.2);
  assertSeq(lrs(opt, new ExponentialLR(opt, { gamma: 0.9 }), 12), range(13).map((t) => 0.2 * 0.9 ** t));
});

test('CosineAnnealingLR: η_min + (η₀ − η_min)(1 + cos(πt/T))/2, rising again past T as PyTorch', () => {
  const opt = sgd(0.1);
  const got = lrs(opt, new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.001 }), 15);
  assertSeq(got, range(16).map((t) => 0.001 + (0.1 - 0.001) * (1 + Math.cos((Math.PI * t) / 10)) / 2));
  assert.ok(Math.abs(got[10] - 0.001) < 1e-15 && got[5] < 0.051 && got[5] > 0.05);
  assert.ok(got[15] > got[10]);
});

test('LinearLR: a warm-up from startFactor·η₀ to endFactor·η₀ over totalIters, then flat', () => {
  const opt = sgd(0.4);
  const got = lrs(opt, new LinearLR(opt, { startFactor: 0.25, totalIters: 4 }), 8);
  assertSeq(got, [0.1, 0.175, 0.25, 0.325, 0.4, 0.4, 0.4, 0.4, 0.4]);
  const opt2 = sgd(1);
  assertSeq(lrs(opt2, new LinearLR(opt2), 6), [1 / 3, 1 / 3 + 2 / 15, 1 / 3 + 4 / 15, 1 / 3 + 6 / 15, 1 / 3 + 8 / 15, 1, 1]);
});

test('LambdaLR: one function per group', () => {
  const a = tensor([1], { requiresGrad: true });
  const b = tensor([1], { requiresGrad: true });
  const opt = new optim.SGD([{ params: [a], lr: 1 }, { params: [b], lr: 0.5 }]);
  const sched = new LambdaLR(opt, { lrLambda: [(e) => 1 / (e + 1), (e) => 0.95 ** e] });
  for (let t = 1; t <= 10; t++) sched.step();
  assertSeq(sched.getLastLr(), [1 / 11, 0.5 * 0.95 ** 10]);
  const sd = sched.stateDict();
  assert.equal('lrLambdas' in sd, false); // functions are not state
  assert.equal(sd.lastEpoch, 10);
  assert.throws(() => new LambdaLR(opt, { lrLambda: [(e) => e] }), (e: Error) => e instanceof ValueError && /expected 2 lrLambdas/.test(e.message));
});

// Expected one-cycle values, written from the policy's description: two phases, the first
// ending at step pct·T − 1, the second at T − 1, each a half cosine between its end points.
function oneCycleRef(t: number, T: number, maxLr: number, pct = 0.3, div = 25, finalDiv = 1e4): { lr: number; m: number } {
  const initial = maxLr / div;
  const min = initial / finalDiv;
  const cos = (a: number, b: number, p: number): number => b + ((a - b) / 2) * (1 + Math.cos(Math.PI * p));
  const e1 = pct * T - 1;
  if (t <= e1) return { lr: cos(initial, maxLr, t / e1), m: cos(0.95, 0.85, t / e1) };
  const p = (t - e1) / (T - 1 - e1);
  return { lr: cos(maxLr, min, p), m: cos(0.85, 0.95, p) };
}

test('OneCycleLR: lr and momentum over the cycle (SGD momentum)', () => {
  const opt = sgd(0.5, 0.9);
  const sched = new OneCycleLR(opt, { maxLr: 1, totalSteps: 20 });
  const got: number[] = [opt.paramGroups[0].lr];
  const mom: number[] = [opt.paramGroups[0].momentum];
  for (let i = 1; i < 20; i++) {
    sched.step();
    got.push(opt.paramGroups[0].lr);
    mom.push(opt.paramGroups[0].momentum);
  }
  assertSeq(got, range(20).map((t) => oneCycleRef(t, 20, 1).lr));
  assertSeq(mom, range(20).map((t) => oneCycleRef(t, 20, 1).m));
  assert.ok(Math.abs(got[0] - 1 / 25) < 1e-15);
  assert.equal(got[5], 1); // the peak at step pct·T − 1
  assert.ok(Math.abs(got[19] - 1 / 25 / 1e4) < 1e-15);
  assert.equal(mom[5], 0.85);
  sched.step(); // step T is still allowed (PyTorch), one more is not
  assert.throws(() => sched.step(), (e: Error) => e instanceof ValueError && /tried to step 21 times/.test(e.message));
});

test('OneCycleLR: cycles Adam β1, linear strategy, epochs × stepsPerEpoch', () => {
  const opt = new optim.Adam([tensor([1], { requiresGrad: true })]);
  const sched = new OneCycleLR(opt, { maxLr: 0.01, epochs: 2, stepsPerEpoch: 5, annealStrategy: 'linear', pctStart: 0.5 });
  // phase 1 ends at step 4: lr goes 0.0004 → 0.01 linearly.
  const seq = [opt.paramGroups[0].lr];
  for (let i = 0; i < 4; i++) {
    sched.step();
    seq.push(opt.paramGroups[0].lr);
  }
  assertSeq(seq, [0, 1, 2, 3, 4].map((t) => 0.0004 + (0.01 - 0.0004) * (t / 4)));
  assert.deepEqual(opt.paramGroups[0].betas, [0.85, 0.999]);
  assert.equal(sched.totalSteps, 10);
  assert.throws(() => new OneCycleLR(new optim.Adagrad([tensor([1], { requiresGrad: true })]), { maxLr: 1, totalSteps: 5 }), /cycleMomentum needs an optimizer with momentum or betas/);
  assert.throws(() => new OneCycleLR(sgd(), { maxLr: 1 }), /totalSteps or both epochs and stepsPerEpoch/);
  assert.throws(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, pctStart: 1.5 }), /pctStart/);
});

test('OneCycleLR three-phase: up, back down to the initial lr, then to the minimum', () => {
  const opt = sgd(0.1, 0.9);
  const sched = new OneCycleLR(opt, { maxLr: 1, totalSteps: 20, threePhase: true, pctStart: 0.25 });
  const got = lrs(opt, sched, 19);
  assert.equal(got[4], 1); // end of phase 1 at 0.25·20 − 1
  assert.ok(Math.abs(got[8] - 0.04) < 1e-15); // end of phase 2 at 2·0.25·20 − 2, back at maxLr/25
  assert.ok(Math.abs(got[19] - 0.04 / 1e4) < 1e-15);
});

test('ReduceLROnPlateau: patience, threshold, cooldown and minLr', () => {
  const opt = sgd(1);
  const sched = new ReduceLROnPlateau(opt, { patience: 2, cooldown: 1, factor: 0.5, minLr: 0.2 });
  // best 10 → 9 (better), then 4 bad epochs: the 3rd bad one (> patience 2) halves the lr.
  const metrics = [10, 9, 9, 9.5, 9.1, 9.2, 9.3, 9.4, 9.5, 8, 8, 8, 8, 8, 8, 8, 8];
  const seen = metrics.map((m) => {
    sched.step(m);
    return sched.getLastLr()[0];
  });
  // Bad epochs after the drop at index 4: index 5 is cooldown (reset to 0), 6, 7 count, 8 (> 2) halves again.
  // 9 improves; cooldown ended; 10–12 bad → drop at 12 to max(0.125, 0.2) = 0.2; later drops are below eps.
  assert.deepEqual(seen, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2]);
  assert.equal(sched.best, 8);
  assert.throws(() => new ReduceLROnPlateau(opt, { factor: 1 }), (e: Error) => e instanceof ValueError && /factor/.test(e.message));
  assert.throws(() => new ReduceLROnPlateau(opt, { mode: 'up' as never }), /mode must be 'min' or 'max'/);
});

test('ReduceLROnPlateau: max mode with an absolute threshold; a tensor metric works', () => {
  const opt = sgd(0.1);
  const sched = new ReduceLROnPlateau(opt, { mode: 'max', patience: 0, threshold: 0.05, thresholdMode: 'abs' });
  sched.step(tensor(0.5));
  sched.step(0.54); // not better by more than 0.05 → bad epoch, > patience 0 → reduce
  assert.ok(Math.abs(opt.paramGroups[0].lr - 0.01) < 1e-15);
  sched.step(0.6);
  assert.ok(Math.abs(opt.paramGroups[0].lr - 0.01) < 1e-15);
  const sd = sched.stateDict();
  assert.equal(sd.best, 0.6);
  const again = new ReduceLROnPlateau(opt, { mode: 'max' });
  again.loadStateDict(sd);
  assert.equal(again.threshold, 0.05);
  assert.equal(again.numBadEpochs, 0);
});

test('SequentialLR: linear warm-up for 3 steps, then cosine annealing from step 0', () => {
  const opt = sgd(1);
  const warm = new LinearLR(opt, { startFactor: 0.1, totalIters: 3 });
  const cos = new CosineAnnealingLR(opt, { tMax: 10 });
  const sched = new SequentialLR(opt, { schedulers: [warm, cos], milestones: [3] });
  const got = lrs(opt, sched, 15);
  const expected = range(16).map((t) => (t < 3 ? 0.1 + 0.9 * (t / 3) : (1 + Math.cos((Math.PI * (t - 3)) / 10)) / 2));
  assertSeq(got, expected);
  assert.throws(() => new SequentialLR(opt, { schedulers: [warm, cos], milestones: [] }), /one milestone fewer than schedulers/);
  assert.throws(() => new SequentialLR(opt, { schedulers: [warm, new StepLR(sgd(), { stepSize: 2 })], milestones: [2] }), /belongs to another optimizer/);
});

test('scheduler state dicts resume the same sequence', () => {
  const run = (resumeAt: number | null): number[] => {
    let opt = sgd(1);
    const make = (o: optim.Optimizer) => new SequentialLR(o, { schedulers: [new LinearLR(o, { startFactor: 0.2, totalIters: 2 }), new StepLR(o, { stepSize: 2, gamma: 0.5 })], milestones: [2] });
    let sched = make(opt);
    const out: number[] = [];
    for (let t = 0; t < 10; t++) {
      if (t === resumeAt) {
        const osd = opt.stateDict();
        const ssd = JSON.parse(JSON.stringify(sched.stateDict()));
        opt = sgd(123);
        sched = make(opt);
        opt.loadStateDict(osd);
        sched.loadStateDict(ssd);
      }
      sched.step();
      out.push(opt.paramGroups[0].lr);
    }
    return out;
  };
  const straight = run(null);
  assert.deepEqual(run(5), straight);
  assertSeq(straight, [0.6, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625]);
  assert.throws(() => new StepLR(sgd(), { stepSize: 2 }).loadStateDict({ lastEpoch: 'x' }), /scheduler\.lastEpoch = 'x' is not valid: expected an integer ≥ -1/);
});

test('scheduler option errors name the option', () => {
  assert.throws(() => new StepLR(sgd(), { stepSize: 0 }), (e: Error) => e instanceof ValueError && /StepLR: stepSize must be a positive integer/.test(e.message));
  assert.throws(() => new LinearLR(sgd(), { startFactor: 0 }), /LinearLR: startFactor must be in \(0, 1\]/);
  assert.throws(() => new CosineAnnealingLR(sgd(), { tMax: 0 }), /tMax/);
  assert.throws(() => new ExponentialLR(sgd(), { gamma: -1 }), /gamma/);
  assert.throws(() => new StepLR(sgd(), { stepSize: 2, lastEpoch: 4 }), /no initialLr, which resuming/);
});
