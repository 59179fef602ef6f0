// Fuzzing the loaders (safetensors, checkpoints, IDX, gzip) and the ONNX importer with seeded
// mutations of valid files: every truncation and corrupt header length exhaustively, then a short
// smoke run of the same fuzzers `npm run fuzz` runs for minutes (scripts/fuzz/). A loader must
// return a well-formed result or throw FormatError; the importer, which also runs the model, may
// throw any of the engine's error classes. Anything else (TypeError, RangeError…) fails the test.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, tensor, manualSeed, nn, optim, io, loadOnnxModel, FormatError, setTensorMemoryLimit, type Tensor } from '../../engine/index.ts';
import { splitSafetensors } from '../../scripts/fuzz/mutate.ts';
import { makeTarget, type LoaderName } from '../../scripts/fuzz/targets.ts';
import { emptyTally, runCases, typedCount } from '../../scripts/fuzz/run.ts';

/** 'format' when load throws FormatError, 'ok' when it returns; anything else fails. */
function attempt(what: string, load: () => unknown): 'ok' | 'format' {
  try {
    load();
    return 'ok';
  } catch (e) {
    if (e instanceof FormatError) return 'format';
    return assert.fail(`${what}: threw ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
}

/** Every cut of a file, and every change of its length field, must be refused. */
function cutsAndLengths(file: Uint8Array, n: number, load: (b: Uint8Array) => unknown): number {
  let cases = 0;
  for (let cut = 0; cut < file.length; cut++) {
    assert.equal(attempt(`cut at ${cut}`, () => load(file.subarray(0, cut))), 'format', `a file cut at byte ${cut} of ${file.length} loaded`);
    cases++;
  }
  const lengths = [0, 1, 2, n - 8, n - 1, n + 1, n + 8, file.length - 8, file.length, 2 ** 31, 2 ** 32 + n, 2 ** 53, 2 ** 64 - 1];
  for (const len of lengths) {
    const b = file.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(len)), true);
    assert.equal(attempt(`length ${len}`, () => load(b)), 'format', `header length ${len} (true ${n}) loaded`);
    cases++;
  }
  return cases;
}

class Net extends nn.Module {
  fc1 = new nn.Linear(3, 4);
  fc2 = new nn.Linear(4, 2);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

describe('fuzz: every truncation and corrupt header length', () => {
  test('safetensors: each is a FormatError', () => {
    manualSeed(11);
    const file = io.saveSafetensors({ w: randn([3, 4]), i: tensor([[7, -8]], { dtype: 'int32' }), m: tensor([true, false]), e: randn([0, 2]) }, { note: 'fuzz' });
    assert.ok(cutsAndLengths(file, splitSafetensors(file).n, (b) => io.loadSafetensors(b, { file: 'fuzz.safetensors' })) > 200);
  });

  test('checkpoint: each is a FormatError', () => {
    manualSeed(12);
    const model = new Net();
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const file = io.saveCheckpoint({ model, optimizer: opt, epoch: 2, metrics: { loss: 0.5 } });
    const target = new Net();
    const load = (b: Uint8Array) => io.loadCheckpoint(b, { model: target, optimizer: new optim.Adam(target.parameters(), { lr: 0.01 }), file: 'fuzz.ckpt' });
    assert.ok(cutsAndLengths(file, splitSafetensors(file).n, load) > 500);
  });

  test('ONNX: each cut of an exported model is a FormatError', () => {
    manualSeed(13);
    const file = io.exportOnnx(new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Linear(6, 3)), [randn([2, 4])]);
    // The graph comes before opset_import in the encoding, so no cut leaves a complete model.
    for (let cut = 0; cut < file.length; cut++) assert.equal(attempt(`cut at ${cut}`, () => loadOnnxModel(file.subarray(0, cut), 'fuzz.onnx')), 'format');
  });
});

// The smoke run: the same targets and mutations as `npm run fuzz`, a few hundred inputs each.
const SMOKE: Array<[LoaderName, number]> = [['safetensors', 600], ['checkpoint', 400], ['idx', 600], ['gzip', 200], ['onnx', 400]];

describe('fuzz: smoke run of npm run fuzz', () => {
  for (const [loader, count] of SMOKE) {
    test(`${loader}: ${count} mutated inputs, no untyped error`, async () => {
      const previous = setTensorMemoryLimit(64 * 2 ** 20);
      try {
        const tally = emptyTally(loader);
        await runCases(makeTarget(loader), tally, { seed: 7, count });
        const summary = JSON.stringify({ ...tally, untypedSamples: tally.untypedSamples.map((f) => `case ${f.case} (${f.what}): ${f.message}`) }, null, 1);
        assert.equal(tally.untyped, 0, summary);
        assert.equal(tally.tried, count);
        // Loaders refuse bad files with FormatError only; the importer may also fail running a model (ShapeError…).
        if (loader !== 'onnx') assert.deepEqual(Object.keys(tally.typed), tally.typed.FormatError ? ['FormatError'] : [], summary);
        // Both outcomes happen, so the mutations reach past the first check and some still load.
        assert.ok(tally.ok > count / 50 && typedCount(tally) > count / 4, summary);
      } finally {
        setTensorMemoryLimit(previous);
      }
    });
  }
});
