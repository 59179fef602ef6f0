// State-dict keys convert mechanically between gradschool's camelCase and PyTorch's snake_case.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, nn, manualSeed } from '../../engine/index.ts';

test('PyTorch names: BatchNorm buffers, LSTM weights and attention projections', () => {
  const pairs = [
    ['bn.runningMean', 'bn.running_mean'], ['bn.numBatchesTracked', 'bn.num_batches_tracked'],
    ['lstm.weightIhL0', 'lstm.weight_ih_l0'], ['lstm.biasHhL1Reverse', 'lstm.bias_hh_l1_reverse'],
    ['attn.inProjWeight', 'attn.in_proj_weight'], ['attn.outProj.weight', 'attn.out_proj.weight'], ['fc1.weight', 'fc1.weight'],
  ];
  for (const [ours, theirs] of pairs) {
    assert.equal(io.toPyTorchName(ours), theirs);
    assert.equal(io.fromPyTorchName(theirs), ours);
  }
});

test('a state dict survives the round trip through PyTorch names and loads strictly', () => {
  manualSeed(0);
  const model = new nn.Sequential(new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }), new nn.BatchNorm1d(4));
  const torchKeys = io.toPyTorchNames(model.stateDict());
  assert.ok('0.weight_ih_l1_reverse' in torchKeys && '1.running_var' in torchKeys, Object.keys(torchKeys).join(' '));
  const fresh = new nn.Sequential(new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }), new nn.BatchNorm1d(4));
  assert.deepEqual(fresh.loadStateDict(io.fromPyTorchNames(torchKeys)), { missingKeys: [], unexpectedKeys: [] });
});
