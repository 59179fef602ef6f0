// --set flags: split into key/value, validated per experiment, errors name the key and what is valid.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Experiment } from '../course/kit/index.ts';
import { UsageError } from './errors.ts';
import { configsFor, parseSetFlags } from './settings.ts';

const experiment = (id: string, params: Experiment['params'], defaults: Experiment['defaults'], quick = {}): Experiment => ({
  id, title: id, summary: '', params, defaults, quick, run: async () => ({ metrics: {}, figures: [] }),
});

const a = experiment('a', [{ key: 'steps', label: 'Steps', kind: 'integer', min: 1, max: 1000 }], { steps: 500 }, { steps: 50 });
const b = experiment('b', [{ key: 'loss', label: 'Loss', kind: 'select', options: ['ce', 'mse'] }], { loss: 'ce' });

test('parseSetFlags splits on the first = and rejects flags without one', () => {
  assert.deepEqual(parseSetFlags(['steps=3', 'x=a=b']), { steps: '3', x: 'a=b' });
  assert.throws(() => parseSetFlags(['steps']), (e: Error) => e instanceof UsageError && /key=value/.test(e.message) && /'steps'/.test(e.message));
});

test('each experiment takes its own keys, on top of the quick variant when asked', () => {
  const configs = configsFor([a, b], { steps: '7', loss: 'mse' }, true);
  assert.deepEqual(configs.get('a'), { steps: 7 });
  assert.deepEqual(configs.get('b'), { loss: 'mse' });
  assert.deepEqual(configsFor([a], {}, true).get('a'), { steps: 50 });
  assert.deepEqual(configsFor([a], {}, false).get('a'), { steps: 500 });
});

test('an unknown key or a bad value is a usage error naming the key, the value and what is valid', () => {
  assert.throws(() => configsFor([a, b], { lr: '0.1' }, false), (e: Error) => e instanceof UsageError && /'lr'/.test(e.message) && /steps/.test(e.message) && /loss/.test(e.message));
  assert.throws(() => configsFor([a], { steps: '5000' }, false), (e: Error) => e instanceof UsageError && /'steps'/.test(e.message) && /5000/.test(e.message) && /1 to 1000/.test(e.message));
  assert.throws(() => configsFor([b], { loss: 'hinge' }, false), (e: Error) => /'hinge'/.test(e.message) && /'ce', 'mse'/.test(e.message));
});
