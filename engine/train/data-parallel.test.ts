import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as g from '../index.ts';
import { dataParallel } from './data-parallel.ts';
import { replica } from './data-parallel.fixture.ts';

const MODULE = new URL('./data-parallel.fixture.ts', import.meta.url);

function batch(rows: number, seed: number): [g.Tensor, g.Tensor] {
  g.manualSeed(seed);
  return [g.randn([rows, 6]), g.randint(0, 3, [rows])];
}

const flat = (ps: readonly g.Tensor[]): Float32Array => {
  const parts = ps.map((p) => p.toTypedArray() as Float32Array);
  const out = new Float32Array(parts.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of parts) { out.set(a, at); at += a.length; }
  return out;
};

test('dataParallel: two replicas train as one replica on the whole batch (batch sizes 8, 5 and 1)', async () => {
  g.manualSeed(7);
  const dp = await dataParallel({ module: MODULE, replicas: 2 });
  // The reference: the same module on this thread, from the trainer's (broadcast) starting weights.
  const ref = replica();
  g.noGrad(() => ref.parameters.forEach((p, i) => p.copy_(dp.local.parameters[i])));
  try {
    for (const [step, rows] of [8, 8, 5, 1, 8].entries()) {
      const [x, y] = batch(rows, 100 + step);
      const lossDp = dp.step([x, y]);
      ref.zeroGrad!();
      const loss = ref.loss([x, y]);
      loss.backward();
      ref.update();
      // Each replica's mean covers its rows; weighting by rows gives the whole batch's mean.
      assert.ok(Math.abs(lossDp - loss.item()) < 1e-5, `step ${step}: loss ${lossDp} vs ${loss.item()}`);
    }
    const a = flat(dp.local.parameters), b = flat(ref.parameters);
    const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    assert.ok(worst < 1e-5, `weights differ from whole-batch training by ${worst}`);
    assert.equal(dp.inSync(), true, 'the worker replica drifted from this thread\'s weights');
  } finally {
    await dp.close();
  }
});

test('dataParallel: the replicas hold bit-identical weights after many steps, and broadcast() resets them', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 3, options: { lr: 0.5 } });
  try {
    for (let s = 0; s < 20; s++) dp.step(batch(7, s));
    assert.equal(dp.inSync(), true);
    g.noGrad(() => dp.local.parameters[0].add_(1));
    assert.equal(dp.inSync(), false, 'inSync() must see a changed weight');
    dp.broadcast();
    assert.equal(dp.inSync(), true);
  } finally {
    await dp.close();
  }
});

test('dataParallel: a failure in a worker\'s share names the replica, updates nobody, and the next step runs', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 2, options: { failLoss: 'worker' } });
  try {
    const before = flat(dp.local.parameters);
    assert.throws(() => dp.step(batch(4, 1)), /replica 1: loss refused on purpose/);
    assert.deepEqual(flat(dp.local.parameters), before, 'a failed step must not update this replica');
    // One row: only this thread's replica has work, so the worker's loss is never called.
    assert.ok(Number.isFinite(dp.step(batch(1, 2))));
    assert.equal(dp.inSync(), true);
  } finally {
    await dp.close();
  }
});

test('dataParallel: a NaN loss on one replica throws a TrainingError, and no replica steps on it', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 2, options: { nanOnWorker: true } });
  try {
    const before = flat(dp.local.parameters);
    const [x, y] = batch(4, 1);
    const poisoned = x.clone();
    g.noGrad(() => poisoned.narrow(0, 2, 1).fill_(NaN)); // rows 2–3 are the worker's
    assert.throws(() => dp.step([poisoned, y]), (e: Error) => e instanceof g.TrainingError && /loss became NaN at step 1 \(first on replica 1\); no replica was updated/.test(e.message));
    assert.deepEqual(flat(dp.local.parameters), before);
    assert.equal(dp.inSync(), true);
  } finally {
    await dp.close();
  }
});

test('dataParallel: an update that fails on one replica stops every later step', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 2, options: { failUpdate: true } });
  try {
    dp.step(batch(4, 1));
    assert.throws(() => dp.step(batch(4, 2)), /no longer in step .*replica 1 \(in update\(\).*update refused on purpose/);
  } finally {
    await dp.close();
  }
});

test('dataParallel: bad modules, factories, replicas and inputs are refused by name', async () => {
  await assert.rejects(dataParallel({ module: MODULE, exportName: 'notAFactory' }), /has no exported function 'notAFactory'/);
  await assert.rejects(dataParallel({ module: MODULE, replicas: 0 }), /replicas must be a positive integer, got 0/);
  await assert.rejects(dataParallel({ module: MODULE, replica: 2 } as never), /unknown option 'replica'/);
  await assert.rejects(dataParallel({ module: MODULE, replicas: 2, options: { failFactory: true } }), /replica 1 could not be built .*factory refused on purpose/);
  await assert.rejects(dataParallel({ module: MODULE, replicas: 2, options: { wide: true } }), /replica 1's parameters \(\[9, 6\].*differ from replica 0's \(\[8, 6\]/);
  const dp = await dataParallel({ module: MODULE, replicas: 2 });
  assert.throws(() => dp.step([g.randn([4, 6]), g.randint(0, 3, [5])]), /same batch size along dim 0; got shapes \[4, 6\], \[5\]/);
  assert.throws(() => dp.step([]), /non-empty array of tensors/);
  assert.throws(() => dp.step([new Float32Array(4)] as never), /input 0 is not a tensor \(got object\)/);
  await dp.close();
  assert.throws(() => dp.step(batch(2, 0)), /the trainer is closed/);
});

test('dataParallel: reset() runs on every replica; one that fails there stops every later call', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 2, options: { failReset: true } });
  try {
    dp.step(batch(4, 1));
    dp.reset(); // returns: the worker's failure is recorded, not thrown across threads
    assert.throws(() => dp.step(batch(4, 2)), /no longer in step \(replica 1 \(in reset\(\)\): reset refused on purpose\)/);
  } finally {
    await dp.close();
  }
});

test('dataParallel: a worker that exits is named at the next step instead of a wait', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 2 });
  dp.step(batch(4, 1));
  // Reach in to stop the worker as a crash would (terminate() is what close() uses, so close is not involved).
  const worker = (dp as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0];
  await worker.terminate();
  await new Promise((resolve) => setTimeout(resolve, 20)); // the exit event arrives on the event loop
  assert.throws(() => dp.step(batch(4, 2)), /replica 1's worker exited \(code 1\); build a new trainer/);
  await dp.close();
});

test('fit({ dataParallel }): trains through the replicas, validates on the local one, and refuses what only one thread would run', async () => {
  const dp = await dataParallel({ module: MODULE, replicas: 2 });
  try {
    const local = dp.local as ReturnType<typeof replica> & { keep: [g.nn.Sequential, g.optim.SGD] };
    const [net, opt] = local.keep;
    const batches = [batch(8, 1), batch(8, 2), batch(8, 3)];
    const accuracy = (out: g.Tensor, y: g.Tensor) => out.argmax(1).eq(y).float().mean().item();
    const history = await g.fit(net, { train: batches, val: batches, loss: g.crossEntropy, optimizer: opt, epochs: 3, metrics: { accuracy }, dataParallel: dp });
    const [first, last] = [history.epochs[0], history.epochs[2]];
    assert.ok(last.trainLoss < first.trainLoss, `${first.trainLoss} → ${last.trainLoss}`);
    assert.deepEqual(last.trainMetrics, {}, 'the outputs stay on their replicas');
    assert.ok(last.valMetrics!.accuracy >= 0 && last.valMetrics!.accuracy <= 1);
    assert.equal(dp.inSync(), true);
    for (const extra of [{ beforeStep: () => {} }, { scheduler: { step() {} } }, { detectAnomaly: true }]) {
      await assert.rejects(g.fit(net, { train: batches, loss: g.crossEntropy, optimizer: opt, epochs: 1, dataParallel: dp, ...extra }),
        new RegExp(`with dataParallel, ${Object.keys(extra)[0]} cannot run here`));
    }
  } finally {
    await dp.close();
  }
});
