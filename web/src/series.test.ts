// Aligning series for uPlot, the progress bar fraction, and downsampling saved progress.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressEvent } from '../../course/kit/index.ts';
import { alignSeries, downsampleProgress, formatNumber, ProgressLog } from './series.ts';

test('series are aligned on the union of their x values, with gaps as null', () => {
  const a = alignSeries([
    { name: 'a', points: [[0, 1], [2, 3]] },
    { name: 'b', points: [[1, 5], [2, NaN]] },
  ]);
  assert.deepEqual(a, { names: ['a', 'b'], xs: [0, 1, 2], ys: [[1, null, 3], [null, 5, null]] });
});

test('the progress log keeps one chart per metric and counts the fraction done', () => {
  const log = new ProgressLog();
  log.add({ series: 'ce', step: 5, totalSteps: 10, metrics: { loss: 1, acc: 0.5 } });
  log.add({ series: 'mse', step: 0, totalSteps: 10, metrics: { loss: 2 } });
  assert.deepEqual(log.metrics, ['loss', 'acc']);
  assert.deepEqual(log.aligned('loss'), { names: ['ce', 'mse'], xs: [0, 5], ys: [[null, 1], [2, null]] });
  assert.equal(log.fraction(), 5 / 20);
});

test('downsampling keeps at most the limit, every series, and each series\' first and last event', () => {
  const events: ProgressEvent[] = [];
  for (let i = 0; i < 5000; i++) events.push({ series: 'long', step: i, metrics: { loss: i } });
  for (let i = 0; i < 30; i++) events.push({ series: 'short', step: i, metrics: { loss: i } });
  const out = downsampleProgress(events, 2000);
  assert.ok(out.length <= 2000 && out.length > 1900, `${out.length} events`);
  const long = out.filter((e) => e.series === 'long');
  assert.equal(long[0]!.step, 0);
  assert.equal(long.at(-1)!.step, 4999);
  assert.ok(out.some((e) => e.series === 'short' && e.step === 29));
  // Order is preserved.
  assert.ok(long.every((e, i) => i === 0 || e.step > long[i - 1]!.step));
  assert.equal(downsampleProgress(events.slice(0, 10), 2000).length, 10);
});

test('numbers are shown briefly', () => {
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(1234), '1,234');
  assert.equal(formatNumber(0.00001234), '1.23e-5');
  assert.equal(formatNumber(null), '—');
});
