// Loading optimizer and scheduler state checks every value before applying any: a state that would
// make the lr NaN or negative (gamma "x", Adam step -1, stepSize 0…) throws naming the field's path
// and value, and the optimizer, scheduler and model are exactly as before (checkpoints included).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, DTypeError, FormatError, ShapeError, ValueError, io, nn, optim, type Tensor } from '../../engine/index.ts';

const { Adam, AdamW, SGD, RMSprop, Adagrad, EarlyStopping } = optim;
const { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR, ReduceLROnPlateau, SequentialLR } = optim.lrScheduler;

type AnyOptimizer = optim.Optimizer;

/** A small model trained a few steps, so the optimizer has state. */
function trained(make: (ps: Tensor[]) => AnyOptimizer, steps = 2) {
  manualSeed(3);
  const model = new nn.Linear(3, 2);
  const opt = make(model.parameters());
  const x = randn([4, 3]);
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    model.forward(x).pow(2).mean().backward();
    opt.step();
  }
  return { model, opt };
}

/** Everything an optimizer holds, as comparable JSON (tensors as arrays). */
const snapshot = (opt: AnyOptimizer): string =>
  JSON.stringify(opt.stateDict(), (_k, v) => (v && typeof v === 'object' && 'shape' in v && typeof v.toArray === 'function' ? v.toArray() : v));
const weights = (m: nn.Module) => JSON.stringify(Object.entries(m.stateDict()).map(([k, t]) => [k, t.toArray()]));

/** Expects `fn` to throw `cls` with every fragment in its message. */
function throwsWith(fn: () => unknown, cls: new (...a: any[]) => Error, ...fragments: string[]): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.name}: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message lacks '${f}': ${e.message}`);
    return true;
  });
}

/** A copy of opt's state dict with `edit` applied (tensors cloned, so the original stays intact). */
function edited(opt: AnyOptimizer, edit: (sd: any) => void) {
  const sd = opt.stateDict();
  edit(sd);
  return sd;
}

describe('optimizer loadStateDict refuses invalid state and changes nothing', () => {
  const makers: Record<string, (ps: Tensor[]) => AnyOptimizer> = {
    Adam: (ps) => new Adam(ps, { lr: 0.01, amsgrad: true }),
    AdamW: (ps) => new AdamW(ps, { lr: 0.01 }),
    SGD: (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 }),
    RMSprop: (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true }),
    Adagrad: (ps) => new Adagrad(ps, { lr: 0.1 }),
  };
  // [optimizer, what is wrong, edit, error class, fragments the message must hold]
  const cases: Array<[string, string, (sd: any) => void, new (...a: any[]) => Error, string[]]> = [
    ['Adam', 'step -1 (the issue: 1 − β1⁰ = 0 divides the step)', (sd) => (sd.state[0].step = -1), ValueError, ['optimizer.state.0.step = -1', 'an integer ≥ 0']],
    ['Adam', 'a fractional step', (sd) => (sd.state[1].step = 2.5), ValueError, ['optimizer.state.1.step = 2.5']],
    ['Adam', 'a string step', (sd) => (sd.state[0].step = '3'), ValueError, ["optimizer.state.0.step = '3'"]],
    ['Adam', 'a NaN lr', (sd) => (sd.paramGroups[0].lr = NaN), ValueError, ['invalid lr NaN in optimizer.paramGroups.0', 'finite number ≥ 0']],
    ['Adam', 'a negative lr', (sd) => (sd.paramGroups[0].lr = -0.1), ValueError, ['invalid lr -0.1']],
    ['Adam', 'an infinite lr', (sd) => (sd.paramGroups[0].lr = Infinity), ValueError, ['invalid lr Infinity']],
    ['Adam', "an lr of 'x'", (sd) => (sd.paramGroups[0].lr = 'x'), ValueError, ["invalid lr 'x'"]],
    ['Adam', 'β1 = 1', (sd) => (sd.paramGroups[0].betas = [1, 0.999]), ValueError, ['invalid betas[0] 1', 'in [0, 1)']],
    ['Adam', 'one beta', (sd) => (sd.paramGroups[0].betas = [0.9]), ValueError, ['betas', 'a pair']],
    ['Adam', 'a negative eps', (sd) => (sd.paramGroups[0].eps = -1e-8), ValueError, ['invalid eps -1e-8']],
    ['Adam', 'a NaN initialLr left by a scheduler', (sd) => (sd.paramGroups[0].initialLr = NaN), ValueError, ['optimizer.paramGroups.0.initialLr = NaN']],
    ['Adam', 'a negative entry in expAvgSq', (sd) => (sd.state[0].expAvgSq = sd.state[0].expAvgSq.neg()), ValueError, ['optimizer.state.0.expAvgSq[flat index 0] = -', 'it holds squares']],
    ['Adam', 'NaN in expAvg', (sd) => (sd.state[1].expAvg = tensor([NaN, 0])), ValueError, ['optimizer.state.1.expAvg[flat index 0] = NaN']],
    ['Adam', 'an int32 buffer', (sd) => (sd.state[1].expAvg = tensor([1, 2], { dtype: 'int32' })), DTypeError, ['optimizer.state.1.expAvg has dtype int32']],
    ['Adam', 'a buffer of the wrong shape', (sd) => (sd.state[1].expAvg = tensor([1, 2, 3])), ShapeError, ['optimizer.state.1.expAvg has shape [3]', '[2]']],
    ['Adam', 'a number where a buffer belongs', (sd) => (sd.state[1].expAvg = 0), ValueError, ['optimizer.state.1.expAvg = 0', 'a tensor shaped like its parameter [2]']],
    ['Adam', 'a field Adam never keeps', (sd) => (sd.state[0].momentumBuffer = sd.state[0].expAvg), ValueError, ['optimizer.state.0.momentumBuffer is not state this optimizer keeps', 'step, expAvg']],
    ['Adam', 'a repeated parameter index', (sd) => (sd.paramGroups[0].params = [0, 0]), ValueError, ['optimizer.paramGroups.0.params.1 = 0', 'an index no other parameter has']],
    ['Adam', 'a negative parameter index', (sd) => (sd.paramGroups[0].params = [-1, 1]), ValueError, ['optimizer.paramGroups.0.params.0 = -1']],
    ['AdamW', 'an infinite weight decay', (sd) => (sd.paramGroups[0].weightDecay = Infinity), ValueError, ['invalid weightDecay Infinity']],
    ['SGD', 'a NaN momentum', (sd) => (sd.paramGroups[0].momentum = NaN), ValueError, ['invalid momentum NaN']],
    ['SGD', 'Infinity in the momentum buffer', (sd) => (sd.state[1].momentumBuffer = tensor([Infinity, 0])), ValueError, ['optimizer.state.1.momentumBuffer[flat index 0] = Infinity']],
    ['SGD', 'a step (SGD keeps none)', (sd) => (sd.state[0].step = 1), ValueError, ['optimizer.state.0.step is not state this optimizer keeps']],
    ['RMSprop', 'a negative squareAvg', (sd) => (sd.state[1].squareAvg = tensor([-1, 1])), ValueError, ['optimizer.state.1.squareAvg[flat index 0] = -1']],
    ['RMSprop', 'a NaN alpha', (sd) => (sd.paramGroups[0].alpha = NaN), ValueError, ['invalid alpha NaN']],
    ['Adagrad', 'a negative sum', (sd) => (sd.state[1].sum = tensor([0, -2])), ValueError, ['optimizer.state.1.sum[flat index 1] = -2']],
    ['Adagrad', 'step -1', (sd) => (sd.state[1].step = -1), ValueError, ['optimizer.state.1.step = -1']],
    ['Adagrad', 'an infinite lrDecay', (sd) => (sd.paramGroups[0].lrDecay = Infinity), ValueError, ['invalid lrDecay Infinity']],
  ];
  for (const [name, what, edit, cls, fragments] of cases) {
    test(`${name}: ${what}`, () => {
      const { opt } = trained(makers[name]!);
      const bad = edited(opt, edit);
      const before = snapshot(opt);
      throwsWith(() => opt.loadStateDict(bad), cls, `${name}.loadStateDict`, ...fragments);
      assert.equal(snapshot(opt), before, 'unchanged after the failed load');
    });
  }

  test('valid state still loads: PyTorch-style step tensors, float64 buffers for float32 parameters', () => {
    const { opt } = trained(makers.Adam!);
    const sd = edited(opt, (s) => {
      s.state[0].step = tensor(2);
      s.state[0].expAvg = s.state[0].expAvg.to('float64');
    });
    const { opt: other } = trained(makers.Adam!, 5);
    other.loadStateDict(sd);
    assert.equal(other.stateDict().state[0]!.step, 2);
    assert.equal((other.stateDict().state[0]!.expAvg as Tensor).dtype, 'float32');
    assert.equal(snapshot(other), snapshot(opt));
  });

  test('constructors refuse infinite options too (PyTorch lets lr=inf through; it only ever gives NaN weights)', () => {
    const p = [tensor([1, 2], { requiresGrad: true })];
    throwsWith(() => new SGD(p, { lr: Infinity }), ValueError, 'SGD: invalid lr Infinity', 'finite number ≥ 0');
    throwsWith(() => new Adam(p, { weightDecay: Infinity }), ValueError, 'invalid weightDecay Infinity');
    throwsWith(() => new StepLR(new SGD(p, { lr: 0.1 }), { stepSize: 1, gamma: Infinity }), ValueError, 'StepLR: gamma must be');
  });
});

describe('scheduler loadStateDict refuses invalid state and changes nothing', () => {
  const sgd = () => new SGD([tensor([1, 2], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
  const makers: Record<string, () => { stateDict(): any; loadStateDict(sd: any): void }> = {
    StepLR: () => new StepLR(sgd(), { stepSize: 2, gamma: 0.5 }),
    MultiStepLR: () => new MultiStepLR(sgd(), { milestones: [2, 5] }),
    ExponentialLR: () => new ExponentialLR(sgd(), { gamma: 0.9 }),
    CosineAnnealingLR: () => new CosineAnnealingLR(sgd(), { tMax: 10 }),
    LinearLR: () => new LinearLR(sgd()),
    OneCycleLR: () => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 20 }),
    ReduceLROnPlateau: () => new ReduceLROnPlateau(sgd()),
    SequentialLR: () => {
      const opt = sgd();
      return new SequentialLR(opt, { schedulers: [new LinearLR(opt), new StepLR(opt, { stepSize: 2 })], milestones: [3] });
    },
    EarlyStopping: () => new EarlyStopping({ patience: 3 }),
  };
  const cases: Array<[string, string, (sd: any) => void, string[]]> = [
    ['StepLR', "gamma 'x' (the issue)", (sd) => (sd.gamma = 'x'), ["scheduler.gamma = 'x' is not valid: expected a finite number ≥ 0"]],
    ['StepLR', 'stepSize 0 (the issue: ⌊t/0⌋)', (sd) => (sd.stepSize = 0), ['scheduler.stepSize = 0', 'a positive integer']],
    ['StepLR', 'a fractional stepSize', (sd) => (sd.stepSize = 1.5), ['scheduler.stepSize = 1.5']],
    ['StepLR', 'gamma missing', (sd) => delete sd.gamma, ['scheduler.gamma = undefined', '(it is missing)']],
    ['StepLR', 'lastEpoch -2', (sd) => (sd.lastEpoch = -2), ['scheduler.lastEpoch = -2', 'an integer ≥ -1']],
    ['StepLR', 'a NaN base lr', (sd) => (sd.baseLrs = [NaN]), ['scheduler.baseLrs = [NaN]', 'a list of 1 values, each a finite number ≥ 0']],
    ['StepLR', 'base lrs for two groups', (sd) => (sd.baseLrs = [0.1, 0.1]), ['scheduler.baseLrs = [0.1, 0.1]']],
    ['MultiStepLR', 'milestones out of order', (sd) => (sd.milestones = [5, 2]), ['scheduler.milestones = [5, 2]', 'ascending']],
    ['ExponentialLR', 'an infinite gamma', (sd) => (sd.gamma = Infinity), ['scheduler.gamma = Infinity']],
    ['CosineAnnealingLR', 'tMax 0', (sd) => (sd.tMax = 0), ['scheduler.tMax = 0', 'a finite number > 0']],
    ['LinearLR', 'startFactor 0', (sd) => (sd.startFactor = 0), ['scheduler.startFactor = 0', 'in (0, 1]']],
    ['LinearLR', 'totalIters 0', (sd) => (sd.totalIters = 0), ['scheduler.totalIters = 0']],
    ['OneCycleLR', 'a phase that reads another group key', (sd) => (sd.phases[0].startLr = 'lr'), ['scheduler.phases = ', 'one of initialLr, maxLr, minLr']],
    ['OneCycleLR', 'totalSteps 0', (sd) => (sd.totalSteps = 0), ['scheduler.totalSteps = 0']],
    ['OneCycleLR', 'an unknown anneal strategy', (sd) => (sd.annealStrategy = 'cubic'), ["scheduler.annealStrategy = 'cubic'", "one of 'cos', 'linear'"]],
    ['ReduceLROnPlateau', 'factor 1', (sd) => (sd.factor = 1), ['scheduler.factor = 1', 'in [0, 1)']],
    ['ReduceLROnPlateau', 'a NaN best', (sd) => (sd.best = NaN), ['scheduler.best = NaN']],
    ['ReduceLROnPlateau', 'a negative patience', (sd) => (sd.patience = -1), ['scheduler.patience = -1']],
    ['SequentialLR', "a child's gamma 'x'", (sd) => (sd.schedulers[1].gamma = 'x'), ["scheduler.schedulers.1.gamma = 'x'"]],
    ['SequentialLR', 'milestones out of order', (sd) => (sd.milestones = [0.5]), ['scheduler.milestones = [0.5]']],
    ['EarlyStopping', 'a negative counter', (sd) => (sd.counter = -1), ['earlyStopping.counter = -1']],
    ['EarlyStopping', 'a NaN best value', (sd) => (sd.bestValue = NaN), ['earlyStopping.bestValue = NaN']],
  ];
  for (const [name, what, edit, fragments] of cases) {
    test(`${name}: ${what}`, () => {
      const s = makers[name]!();
      const good = JSON.stringify(s.stateDict(), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
      const bad = structuredClone(s.stateDict());
      edit(bad);
      throwsWith(() => s.loadStateDict(bad), ValueError, ...fragments);
      assert.equal(JSON.stringify(s.stateDict(), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)), good, 'unchanged');
    });
  }

  test('SequentialLR checks every child before setting any (its first child stays as it was too)', () => {
    const s = makers.SequentialLR!() as InstanceType<typeof SequentialLR>;
    const bad = structuredClone(s.stateDict()) as any;
    bad.lastEpoch = 7;
    bad.schedulers[0].lastEpoch = 7;
    bad.schedulers[1].stepSize = 0;
    throwsWith(() => s.loadStateDict(bad), ValueError, 'scheduler.schedulers.1.stepSize = 0');
    assert.equal(s.lastEpoch, 0);
    assert.equal(s.schedulers[0]!.lastEpoch, 0);
  });

  test('a forged state cannot replace the scheduler\'s optimizer', () => {
    const s = makers.StepLR!() as InstanceType<typeof StepLR>;
    const opt = s.optimizer;
    s.loadStateDict({ ...s.stateDict(), optimizer: { paramGroups: [] } });
    assert.equal(s.optimizer, opt);
  });
});

describe('loadCheckpoint with invalid optimizer or scheduler state is all-or-nothing', () => {
  const file = 'bad.ckpt';
  const make = (seed: number) => {
    const { model, opt } = trained((ps) => new Adam(ps, { lr: 0.01 }), seed);
    const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
    return { model, opt, sched };
  };
  /** Checkpoint bytes whose optimizer or scheduler state was edited (as a hand-edited file would be). */
  const forged = (opts: { optimizer?: (sd: any) => void; scheduler?: (sd: any) => void }) => {
    const src = make(2);
    const optSd = edited(src.opt, opts.optimizer ?? (() => {}));
    const schedSd = { ...src.sched.stateDict() };
    opts.scheduler?.(schedSd);
    return io.saveCheckpoint({
      model: src.model,
      optimizer: { name: 'Adam', stateDict: () => optSd, loadStateDict: () => {} } as never,
      scheduler: { stateDict: () => schedSd, loadStateDict: () => {} },
      epoch: 1,
    });
  };
  const expectUnchanged = (bytes: Uint8Array, ...fragments: string[]) => {
    const dst = make(4);
    const before = [weights(dst.model), snapshot(dst.opt), JSON.stringify(dst.sched.stateDict())];
    throwsWith(() => io.loadCheckpoint(bytes, { model: dst.model, optimizer: dst.opt, scheduler: dst.sched, file }), FormatError, file, ...fragments);
    assert.deepEqual([weights(dst.model), snapshot(dst.opt), JSON.stringify(dst.sched.stateDict())], before, 'model, optimizer and scheduler unchanged');
  };

  test("the issue's Adam step -1: a FormatError naming optimizer.state.0.step; nothing changed", () => {
    expectUnchanged(forged({ optimizer: (sd) => (sd.state[0].step = -1) }), 'optimizer state', 'optimizer.state.0.step = -1');
  });

  test("the issue's gamma 'x' and stepSize 0: FormatErrors naming scheduler.<field>; nothing changed", () => {
    expectUnchanged(forged({ scheduler: (sd) => (sd.gamma = 'x') }), 'scheduler state', "scheduler.gamma = 'x'");
    expectUnchanged(forged({ scheduler: (sd) => (sd.stepSize = 0) }), 'scheduler state', 'scheduler.stepSize = 0');
  });

  test('a NaN lr or a negative expAvgSq tensor in the file: nothing changed', () => {
    expectUnchanged(forged({ optimizer: (sd) => (sd.paramGroups[0].lr = NaN) }), 'invalid lr NaN in optimizer.paramGroups.0');
    expectUnchanged(forged({ optimizer: (sd) => (sd.state[1].expAvgSq = sd.state[1].expAvgSq.neg().sub(1)) }), 'optimizer.state.1.expAvgSq[flat index 0]');
  });

  test('a valid checkpoint still restores all three', () => {
    const src = make(2);
    const bytes = io.saveCheckpoint({ model: src.model, optimizer: src.opt, scheduler: src.sched, epoch: 1 });
    const dst = make(4);
    io.loadCheckpoint(bytes, { model: dst.model, optimizer: dst.opt, scheduler: dst.sched, file });
    assert.equal(weights(dst.model), weights(src.model));
    assert.equal(snapshot(dst.opt), snapshot(src.opt));
    assert.deepEqual(dst.sched.stateDict(), src.sched.stateDict());
  });
});
