// Output formatting: tables align, numbers read well, claim lines carry the verdict and evidence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimLines, claimSummary, formatNumber, formatSeeds, formatWhen, table, visibleWidth } from './format.ts';

test('table pads every column to its widest cell and right-aligns numbers', () => {
  const text = table([{ header: 'name' }, { header: 'n', align: 'right' }], [['a', '1'], ['longer', '100']]);
  const lines = text.split('\n');
  assert.equal(lines.length, 4);
  assert.equal(lines[0], 'name      n');
  assert.equal(lines[2], 'a         1');
  assert.equal(lines[3], 'longer  100');
  assert.equal(new Set(lines.map(visibleWidth)).size, 1, 'every line is as wide as the header');
});

test('colour codes take no width', () => {
  assert.equal(visibleWidth('\u001b[32m✓ passed\u001b[0m'), 8);
});

test('formatNumber keeps integers, rounds others to 4 significant digits, uses exponents at the extremes', () => {
  assert.equal(formatNumber(180), '180');
  assert.equal(formatNumber(0.912345), '0.9123');
  assert.equal(formatNumber(12.3456), '12.35');
  assert.equal(formatNumber(0.00001234), '1.23e-5');
  assert.equal(formatNumber(2.5e9 + 0.5), '2.50e+9');
  assert.equal(formatNumber(NaN), 'NaN');
});

test('a claim line shows the mark, the text, the value, the expectation and the detail', () => {
  const passed = claimLines({ id: 'c', text: 'Softmax keeps order', passed: true, value: 0.5, expected: '≥ 0.4', detail: 'seed 1: 0.5' });
  assert.match(passed, /^✓ passed {2}Softmax keeps order/);
  assert.match(passed, /value 0\.5, expected ≥ 0\.4/);
  assert.match(passed, /seed 1: 0\.5/);
  const failed = claimLines({ id: 'c', text: 'T', passed: false, value: 2, expected: '< 1' });
  assert.match(failed, /^✗ failed/);
  assert.equal(failed.split('\n').length, 2, 'no detail line without a detail');
  assert.equal(claimSummary([{ id: 'a', text: '', passed: true, value: 1, expected: '' }, { id: 'b', text: '', passed: false, value: 1, expected: '' }]), '1 of 2 claims passed');
});

test('seed lists print runs of four or more as ranges, and a verdict line names its seeds', () => {
  assert.equal(formatSeeds(Array.from({ length: 30 }, (_, i) => i + 1)), '1–30');
  assert.equal(formatSeeds([11, 12, 13]), '11, 12, 13');
  assert.equal(formatSeeds([1, 2, 3, 4, 9, 11, 12]), '1–4, 9, 11, 12');
  assert.equal(formatSeeds([5, 4, 3, 2]), '5, 4, 3, 2', 'only rising runs collapse');
  const line = claimLines({ id: 'c', text: 'T', passed: true, value: 1, expected: '> 0', seeds: [4, 5, 6, 7] });
  assert.match(line, /value 1, expected > 0 · seeds 4–7$/m);
  assert.doesNotMatch(claimLines({ id: 'c', text: 'T', passed: true, value: 1, expected: '> 0' }), /seeds/, 'a verdict saved without seeds names none');
});

test('formatWhen says how far off a date is', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  assert.equal(formatWhen(new Date('2025-01-01T00:10:00Z'), now), 'in 10 minutes');
  assert.equal(formatWhen(new Date('2025-01-04T00:00:00Z'), now), 'in 3 days');
  assert.equal(formatWhen(new Date('2024-12-31T00:00:00Z'), now), 'now');
});
