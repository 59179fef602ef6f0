// The fit loop with a hand-made model and optimizer (no nn/optim needed): it learns, reports
// progress events, stops on NaN with the epoch and step, honours abort, early stopping and schedulers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, randn, manualSeed, noGrad, fit, evaluate, accuracy, topKAccuracy, confusionMatrix, precisionRecallF1,
  mseLoss, crossEntropy, TrainingError, AnomalyError, type Tensor, type FitEvent,
} from '../../engine/index.ts';

function linearModel(inF: number, outF: number) {
  const w = randn([outF, inF]).mul(0.1).requiresGrad_();
  const b = randn([outF]).mul(0).requiresGrad_();
  return { w, b, forward: (x: Tensor) => x.matmul(w.t()).add(b), train() {}, eval() {}, parameters: () => [w, b] };
}

function sgd(params: Tensor[], lr: number) {
  return {
    paramGroups: [{ lr }],
    zeroGrad: () => params.forEach((p) => (p.grad = null)),
    step() {
      noGrad(() => params.forEach((p) => p.grad && p.sub_(p.grad.mul(this.paramGroups[0].lr))));
    },
  };
}

function regressionBatches(seed: number) {
  manualSeed(seed);
  const trueW = tensor([[2, -3]]);
  return Array.from({ length: 8 }, () => {
    const x = randn([16, 2]);
    return [x, x.matmul(trueW.t()).add(0.5)] as const;
  });
}

test('fit learns a linear map and emits step, epoch and end events', async () => {
  const batches = Object.assign(regressionBatches(1), {});
  manualSeed(2);
  const model = linearModel(2, 1);
  const events: FitEvent[] = [];
  const history = await fit(model, { train: batches, val: batches.slice(0, 2), loss: mseLoss, optimizer: sgd([model.w, model.b], 0.1), epochs: 5, onEvent: (e) => events.push(e) });
  assert.equal(history.epochs.length, 5);
  assert.ok(history.epochs[4].trainLoss < history.epochs[0].trainLoss / 10, JSON.stringify(history.epochs.map((e) => e.trainLoss)));
  assert.ok(history.epochs[4].valLoss! < 1e-2);
  assert.deepEqual(model.w.toArray().flat().map((v) => Math.round(v as number)), [2, -3]);
  assert.equal(events.filter((e) => e.type === 'step').length, 40);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 5);
  assert.equal(events.at(-1)!.type, 'end');
  const step = events.find((e) => e.type === 'step')!;
  assert.ok(step.type === 'step' && step.stepsPerEpoch === 8 && step.etaSeconds! >= 0 && step.samplesPerSecond > 0);
});

test('a NaN loss stops training with the epoch and step; detectAnomaly names the op', async () => {
  const batches = regressionBatches(3);
  const model = linearModel(2, 1);
  const badLoss = (out: Tensor, y: Tensor) => (out.sum().item() > -1e9 ? out.sub(y).abs().log().mul(0).add(out.sub(out).div(0)).sum() : out.sum());
  await assert.rejects(fit(model, { train: batches, loss: badLoss, optimizer: sgd([model.w, model.b], 0.1), epochs: 1 }), (e: Error) => e instanceof TrainingError && /epoch 1, step 1/.test(e.message));
  await assert.rejects(fit(model, { train: batches, loss: badLoss, optimizer: sgd([model.w, model.b], 0.1), epochs: 1, detectAnomaly: true }), (e: Error) => e instanceof AnomalyError && /'div'/.test(e.message));
});

test('abort, early stopping and per-epoch schedulers', async () => {
  const batches = regressionBatches(4);
  const model = linearModel(2, 1);
  const controller = new AbortController();
  const aborted = await fit(model, { train: batches, loss: mseLoss, optimizer: sgd([model.w, model.b], 0.01), epochs: 3, signal: controller.signal, onEvent: (e) => e.type === 'step' && e.step === 3 && controller.abort() });
  assert.equal(aborted.stopReason, 'aborted');
  assert.equal(aborted.epochs.length, 1);

  let calls = 0;
  const stopper = { step: () => ++calls >= 2 };
  const seen: (number | undefined)[] = [];
  const opt = sgd([model.w, model.b], 0.01);
  const h = await fit(model, { train: batches, loss: mseLoss, optimizer: opt, epochs: 10, earlyStopping: stopper, scheduler: { step: (m) => { seen.push(m); opt.paramGroups[0].lr /= 2; } } });
  assert.equal(h.stopReason, 'early-stopping');
  assert.equal(h.epochs.length, 2);
  assert.deepEqual(seen, h.epochs.map((e) => e.trainLoss));
  assert.deepEqual(h.epochs.map((e) => e.lr), [0.01, 0.005]);
});

test('classification metrics: accuracy, top-k, confusion matrix, precision/recall/F1', () => {
  const logits = tensor([[2, 1, 0], [0, 3, 1], [1, 0, 2], [0, 2, 1]]);
  const target = tensor([0, 1, 1, 2], { dtype: 'int32' });
  assert.equal(accuracy(logits, target), 0.5);
  assert.equal(topKAccuracy(logits, target, 2), 0.75); // row 2: the target scores last of three
  const cm = confusionMatrix(logits, target, 3);
  assert.deepEqual(cm, [[1, 0, 0], [0, 1, 1], [0, 1, 0]]);
  const r = precisionRecallF1(cm);
  assert.deepEqual(r.precision, [1, 0.5, 0]);
  assert.deepEqual(r.recall, [1, 0.5, 0]);
  assert.deepEqual(r.support, [1, 2, 1]);
  assert.equal(r.macro.f1, 0.5);
});

test('evaluate averages loss and metrics over batches weighted by size', () => {
  const model = { forward: (x: Tensor) => x, train() {}, eval() {} };
  const batches = [[tensor([[5, 0], [0, 5], [5, 0]]), tensor([0, 1, 1], { dtype: 'int32' })], [tensor([[0, 5]]), tensor([1], { dtype: 'int32' })]] as const;
  const r = evaluate(model, batches, crossEntropy, { accuracy });
  assert.equal(r.metrics.accuracy, 0.75);
  assert.ok(Math.abs(r.loss - (3 * Math.log1p(Math.exp(-5)) + 5.0067153) / 4) < 1e-4, String(r.loss));
});
