import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, labelledEvents, seriesNames } from './compare.ts';
import { chartStyles, seriesStyle } from './components/palette.ts';

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

test('series names come once each, in the order the runs first report them', () => {
  const ev = (series: string) => ({ series, step: 1, metrics: {} });
  assert.deepEqual(seriesNames([{ progress: [ev('b'), ev('a'), ev('b')] }, { progress: [ev('c'), ev('a')] }]), ['b', 'a', 'c']);
});

test('overlaid runs: each series keeps its colour across runs and each run its dash; other charts cycle', () => {
  const names = ['run #1 · sgd', 'run #1 · adam', 'run #2 · sgd', 'run #2 · adam'];
  const s = chartStyles(names);
  assert.equal(s[0]!.colour, s[2]!.colour, 'sgd: one colour in both runs');
  assert.notEqual(s[0]!.colour, s[1]!.colour);
  assert.deepEqual(s[0]!.dash, s[1]!.dash, 'run #1: one dash');
  assert.notDeepEqual(s[0]!.dash, s[2]!.dash);
  const plain = ['sgd', 'adam', 'momentum'];
  assert.deepEqual(chartStyles(plain), plain.map((_, i) => seriesStyle(i)));
  // One run only, or more series than colours: nothing to pair, so the usual cycle.
  assert.deepEqual(chartStyles(['run #1 · a', 'run #1 · b']), [seriesStyle(0), seriesStyle(1)]);
  const many = Array.from({ length: 8 }, (_, i) => [`run #1 · s${i}`, `run #2 · s${i}`]).flat();
  assert.deepEqual(chartStyles(many), many.map((_, i) => seriesStyle(i)));
});
