// Checkpoints: one safetensors file holding model, optimizer, scheduler, epoch and metrics; training
// resumed from it continues exactly; files that don't fit the model throw FormatErrors naming the file.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, zeros, randn, manualSeed, FormatError, ValueError, io, nn, optim, type Tensor } from '../../engine/index.ts';
import { saveCheckpointFile, loadCheckpointFile } from '../../engine/io/checkpoint.node.ts';

const { saveCheckpoint, loadCheckpoint, readCheckpoint, saveSafetensors, loadSafetensors } = io;
const { Linear } = nn;
const { Adam, SGD, EarlyStopping } = optim;

class Net extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  constructor(hidden = 4) {
    super();
    this.fc1 = new Linear(3, hidden);
    this.fc2 = new Linear(hidden, 2);
    this.registerBuffer('seen', zeros([1]));
  }
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

const x = tensor([[0.5, -1, 2], [1, 0, -0.5], [-2, 1, 1]]);
const y = tensor([[1, 0], [0, 1], [1, 1]]);

function trainSteps(model: Net, opt: { zeroGrad(): void; step(): unknown }, n: number): void {
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    model.forward(x).sub(y).pow(2).mean().backward();
    opt.step();
  }
}

function setup(seed: number) {
  manualSeed(seed);
  const model = new Net();
  const opt = new Adam([{ params: model.fc1.parameters() }, { params: model.fc2.parameters(), lr: 0.05 }], { lr: 0.01 });
  return { model, opt };
}

const values = (m: nn.Module) => Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, t.toArray()]));

function throwsFormat(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof FormatError, `expected FormatError, got ${e.name}: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message lacks '${f}': ${e.message}`);
    return true;
  });
}

describe('checkpoint layout', () => {
  test('model tensors under model., optimizer tensors under optimizer.state., the rest as JSON metadata', () => {
    const { model, opt } = setup(1);
    trainSteps(model, opt, 2);
    const stop = new EarlyStopping({ patience: 3 });
    const bytes = saveCheckpoint({ model, optimizer: opt, scheduler: stop, epoch: 4, metrics: { loss: 0.25, accuracy: [0.5, 0.75] }, extra: { note: 'hi', mask: tensor([true, false]) } });
    const { tensors, metadata } = loadSafetensors(bytes);
    assert.deepEqual(Object.keys(tensors).filter((k) => k.startsWith('model.')).sort(), ['model.fc1.bias', 'model.fc1.weight', 'model.fc2.bias', 'model.fc2.weight', 'model.seen']);
    assert.deepEqual(tensors['model.fc1.weight'].toArray(), model.fc1.weight.toArray());
    // Adam keeps two running averages per parameter; parameters are indexed across groups in order.
    assert.deepEqual(tensors['optimizer.state.3.expAvgSq'].shape, [2]);
    assert.deepEqual(tensors['optimizer.state.0.expAvg'].shape, [4, 3]);
    assert.deepEqual(tensors['extra.mask'].toArray(), [true, false]);
    assert.equal(metadata.format, 'gradschool.checkpoint');
    assert.equal(metadata.epoch, '4');
    assert.equal(metadata.optimizer_class, 'Adam');
    assert.deepEqual(JSON.parse(metadata.metrics), { loss: 0.25, accuracy: [0.5, 0.75] });
    const optimizer = JSON.parse(metadata.optimizer);
    assert.deepEqual(optimizer.paramGroups.map((g: { params: number[]; lr: number }) => [g.params, g.lr]), [[[0, 1], 0.01], [[2, 3], 0.05]]);
    assert.deepEqual(optimizer.state['2'], { step: 2 });
    // Infinity (early stopping's best before any step) survives JSON.
    assert.deepEqual(JSON.parse(metadata.scheduler).bestValue, { $nonfinite: 'Infinity' });
    assert.deepEqual(readCheckpoint(bytes).schedulerState, { bestValue: Infinity, bestEpoch: -1, counter: 0, epoch: 0 });
  });
});

describe('checkpoint round trip', () => {
  test('restores model, optimizer, scheduler, epoch and metrics, and training resumes exactly', () => {
    const a = setup(2);
    const sched = new optim.lrScheduler.StepLR(a.opt, { stepSize: 2, gamma: 0.5 });
    for (let i = 0; i < 3; i++) {
      trainSteps(a.model, a.opt, 1);
      sched.step();
    }
    const stop = new EarlyStopping({ patience: 2, mode: 'max' });
    stop.step(0.5);
    const bytes = saveCheckpoint({ model: a.model, optimizer: a.opt, scheduler: sched, epoch: 3, metrics: { loss: 0.125 }, extra: { seed: 2, earlyStopping: stop.stateDict() } });

    const b = setup(99); // different initial weights
    const sched2 = new optim.lrScheduler.StepLR(b.opt, { stepSize: 2, gamma: 0.5 });
    const ck = loadCheckpoint(bytes, { model: b.model, optimizer: b.opt, scheduler: sched2 });
    assert.equal(ck.epoch, 3);
    assert.deepEqual(ck.metrics, { loss: 0.125 });
    assert.deepEqual(ck.extra, { seed: 2, earlyStopping: stop.stateDict() });
    assert.deepEqual(ck.missingKeys, []);
    assert.deepEqual(values(b.model), values(a.model));
    assert.deepEqual(b.opt.paramGroups.map((g) => g.lr), [0.005, 0.025]); // halved once, after step 2
    assert.equal(sched2.lastEpoch, 3);

    // Two more epochs each: the lr halves again at step 4, and Adam's moments and step counts came back too.
    for (const { model, opt, s } of [{ ...a, s: sched }, { ...b, s: sched2 }]) {
      for (let i = 0; i < 2; i++) {
        trainSteps(model, opt, 1);
        s.step();
      }
    }
    assert.deepEqual(b.opt.paramGroups.map((g) => g.lr), [0.0025, 0.0125]);
    assert.deepEqual(values(b.model), values(a.model));
  });

  test('saveCheckpointFile / loadCheckpointFile; errors name the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gs-ck-'));
    try {
      const path = join(dir, 'epoch3.safetensors');
      const a = setup(3);
      saveCheckpointFile(path, { model: a.model, epoch: 3 });
      const b = setup(4);
      assert.equal(loadCheckpointFile(path, { model: b.model }).epoch, 3);
      assert.deepEqual(values(b.model), values(a.model));
      throwsFormat(() => loadCheckpointFile(path, { model: new Net(5) }), path, 'model state', 'fc1.weight', '[4, 3]', '[5, 3]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoints that do not fit throw FormatErrors naming the file', () => {
  const file = 'run7.ckpt';
  const a = setup(5);
  trainSteps(a.model, a.opt, 1);
  const withOpt = saveCheckpoint({ model: a.model, optimizer: a.opt, epoch: 1 });
  const modelOnly = saveCheckpoint({ model: a.model, epoch: 1 });

  test('a shape mismatch names the key and both shapes', () => {
    throwsFormat(() => loadCheckpoint(modelOnly, { model: new Net(6), file }), file, 'model state', "'fc1.weight'", '[4, 3]', '[6, 3]');
  });

  test('missing and unexpected keys under strict; listed otherwise', () => {
    class Bigger extends Net {
      extra = new Linear(2, 2);
    }
    throwsFormat(() => loadCheckpoint(modelOnly, { model: new Bigger(), file }), file, 'missing keys: extra.weight, extra.bias');
    const r = loadCheckpoint(modelOnly, { model: new Bigger(), strict: false, file });
    assert.deepEqual(r.missingKeys, ['extra.weight', 'extra.bias']);
    assert.deepEqual(r.unexpectedKeys, []);
  });

  test('another optimizer class, or none in the file', () => {
    const b = setup(6);
    throwsFormat(() => loadCheckpoint(withOpt, { model: b.model, optimizer: new SGD(b.model.parameters(), { lr: 0.1 }), file }), file, '__metadata__.optimizer_class', 'Adam', 'SGD');
    throwsFormat(() => loadCheckpoint(modelOnly, { model: b.model, optimizer: b.opt, file }), file, '__metadata__.optimizer', 'no optimizer state');
  });

  test('a failed optimizer restore leaves the model as it was', () => {
    const b = setup(7);
    const before = values(b.model);
    const oneGroup = new Adam(b.model.parameters(), { lr: 0.01 }); // the file has two groups
    throwsFormat(() => loadCheckpoint(withOpt, { model: b.model, optimizer: oneGroup, file }), file, 'optimizer state', '2 parameter groups');
    assert.deepEqual(values(b.model), before);
  });

  test('a failed scheduler restore leaves model and optimizer as they were', () => {
    const scheduler = { stateDict: () => ({ lastEpoch: 1 }), loadStateDict: () => { throw new ValueError('lastEpoch does not fit'); } };
    const bytes = saveCheckpoint({ model: a.model, optimizer: a.opt, scheduler, epoch: 1 });
    const b = setup(8);
    trainSteps(b.model, b.opt, 1);
    const [model, groups, state] = [values(b.model), JSON.stringify(b.opt.paramGroups.map((g) => g.lr)), b.opt.stateDict().state[0].expAvg as Tensor];
    throwsFormat(() => loadCheckpoint(bytes, { model: b.model, optimizer: b.opt, scheduler, file }), file, 'scheduler state', 'lastEpoch does not fit');
    assert.deepEqual(values(b.model), model);
    assert.equal(JSON.stringify(b.opt.paramGroups.map((g) => g.lr)), groups);
    assert.deepEqual((b.opt.stateDict().state[0].expAvg as Tensor).toArray(), state.toArray());
  });

  test('not a checkpoint, or metadata that is not JSON of the right kind', () => {
    throwsFormat(() => loadCheckpoint(saveSafetensors({ 'fc1.weight': randn([4, 3]) }), { model: new Net(), file }), file, '__metadata__.format', 'loadSafetensors()');
    const meta = (m: Record<string, string>) => saveSafetensors({}, { format: 'gradschool.checkpoint', format_version: '1', epoch: '0', ...m });
    throwsFormat(() => readCheckpoint(meta({ epoch: '{' }), { file }), file, '__metadata__.epoch', 'not valid JSON');
    throwsFormat(() => readCheckpoint(meta({ epoch: '"three"' }), { file }), '__metadata__.epoch', 'must be a number');
    throwsFormat(() => readCheckpoint(meta({ metrics: '[1]' }), { file }), '__metadata__.metrics');
    throwsFormat(() => readCheckpoint(meta({ optimizer: '{"paramGroups": [{"params": [0, 0]}], "state": {}}' }), { file }), '__metadata__.optimizer.paramGroups[0].params', 'index 0 appears more than once');
    throwsFormat(() => readCheckpoint(meta({ optimizer: '{"paramGroups": [{"params": [0]}], "state": {"4": {"step": 1}}}' }), { file }), '__metadata__.optimizer.state.4', 'in no parameter group');
    throwsFormat(() => readCheckpoint(meta({ format_version: '9' }), { file }), '__metadata__.format_version');
    const stray = saveSafetensors({ 'optim.x': zeros([1]) }, { format: 'gradschool.checkpoint', format_version: '1', epoch: '0' });
    throwsFormat(() => readCheckpoint(stray, { file }), 'tensor "optim.x"', 'belongs to no part');
  });

  test('saving checks its arguments', () => {
    assert.throws(() => saveCheckpoint({ model: {} as nn.Module, epoch: 0 }), ValueError);
    assert.throws(() => saveCheckpoint({ model: a.model, epoch: NaN }), /epoch must be a finite number/);
  });
});
