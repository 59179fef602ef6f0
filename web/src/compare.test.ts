import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, labelledEvents } from './compare.ts';

test('settings and metrics side by side, the rows that differ marked, missing keys as null', () => {
  const { settings, metrics } = compareRuns([
    { id: 1, seed: 1, quick: true, config: { lr: 0.1, hidden: 32 }, metrics: { acc: 0.9, loss: 0.3 } },
    { id: 2, seed: 1, quick: true, config: { lr: 0.3, hidden: 32 }, metrics: { acc: 0.9 } },
  ]);
  assert.deepEqual(settings.map((r) => [r.key, r.values, r.differs]), [
    ['seed', [1, 1], false], ['variant', ['quick', 'quick'], false], ['lr', [0.1, 0.3], true], ['hidden', [32, 32], false],
  ]);
  assert.deepEqual(metrics.map((r) => [r.key, r.values, r.differs]), [['acc', [0.9, 0.9], false], ['loss', [0.3, null], true]]);
});

test('overlaid curves keep apart: every series is renamed after its run', () => {
  const e = labelledEvents([{ series: 'cross-entropy', step: 5, metrics: { loss: 1 } }], 'run #12');
  assert.deepEqual(e, [{ series: 'run #12 · cross-entropy', step: 5, metrics: { loss: 1 } }]);
});
