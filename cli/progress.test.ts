// Progress without a terminal: throttled lines; and the downsampling of stored progress events.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { ProgressEvent } from '../course/kit/index.ts';
import { downsampleProgress } from './downsample.ts';
import { createProgressView } from './progress.ts';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (b) => (text += b));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

test('line mode prints at most one progress line per interval, then a closing line', () => {
  const out = capture();
  let clock = 0;
  const view = createProgressView({ stream: out.stream, bars: false, lineIntervalMs: 1000, now: () => clock });
  const bar = view.begin('exp');
  for (let step = 1; step <= 30; step++) {
    clock = step * 100; // 0.1 s per step: 3 s in all
    bar.update({ series: 'ce', step, totalSteps: 30, metrics: { loss: 1 / step } });
  }
  bar.finish('done');
  view.close();
  const lines = out.text().trim().split('\n');
  const progressLines = lines.filter((l) => l.includes(' ce '));
  assert.ok(progressLines.length >= 3 && progressLines.length <= 4, `got ${progressLines.length} lines for 3 s`);
  assert.match(progressLines[0]!, /^\[exp\] ce 1\/30 loss=1$/);
  assert.match(lines.at(-1)!, /^\[exp\] done in 3\.0s$/);
});

const events = (series: string, n: number): ProgressEvent[] => Array.from({ length: n }, (_, i) => ({ series, step: i, metrics: { v: i } }));

test('downsampling keeps short histories whole', () => {
  const e = events('a', 10);
  assert.deepEqual(downsampleProgress(e, 2000), e);
});

test('downsampling caps the count and keeps each series its first and last points', () => {
  const e = [...events('a', 5000), ...events('b', 3000)];
  const kept = downsampleProgress(e, 2000);
  assert.ok(kept.length <= 2000 && kept.length >= 1990, `kept ${kept.length}`);
  for (const [series, n] of [['a', 5000], ['b', 3000]] as const) {
    const steps = kept.filter((k) => k.series === series).map((k) => k.step);
    assert.equal(steps[0], 0);
    assert.equal(steps.at(-1), n - 1);
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]!), 'still in order');
  }
});
