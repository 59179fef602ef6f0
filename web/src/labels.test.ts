import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricLabel } from './labels.ts';

test('metric keys read as words: camelCase split, dots as separators, acronyms kept', () => {
  assert.equal(metricLabel('testAccuracy'), 'test accuracy');
  assert.equal(metricLabel('ce.stepsTo90'), 'ce · steps to 90');
  assert.equal(metricLabel('grad.first.layer1'), 'grad · first · layer 1');
  assert.equal(metricLabel('MSE'), 'MSE');
  assert.equal(metricLabel('test accuracy'), 'test accuracy');
});
