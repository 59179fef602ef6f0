// The experiment panel's URL state: links round-trip, bad values are reported by name and ignored.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LessonDetail } from './api.ts';
import { toyExperiment } from '../../lab/testing/fixture-lesson.ts';
import { readPanelState, writePanelState, effectiveConfig, parseParam, runLink } from './url-state.ts';

const lesson = {
  id: 'toy-lesson',
  experiments: [
    {
      id: 'fit', title: 'Fit', summary: '',
      // The lab's test experiment: one param of every kind.
      params: toyExperiment.params,
      defaults: toyExperiment.defaults,
      quick: toyExperiment.quick,
    },
    { id: 'other', title: 'Other', summary: '', params: [], defaults: {}, quick: {} },
  ],
  claims: [{ id: 'c', text: '', experiment: 'fit', seeds: [7, 8, 9] }],
} as unknown as LessonDetail;

test('an empty query gives the first experiment, quick, and the seed its claims start with', () => {
  const { state, problems } = readPanelState(new URLSearchParams(''), lesson);
  assert.deepEqual(state, { experiment: 'fit', seed: 7, quick: true, overrides: {} });
  assert.deepEqual(problems, []);
  assert.deepEqual(effectiveConfig(lesson.experiments[0]!, state.quick, state.overrides), { lr: 0.1, width: 2, act: 'relu', bias: true });
});

test('a written state reads back the same', () => {
  const state = { experiment: 'fit', seed: 3, quick: false, overrides: { lr: 0.02, act: 'tanh', bias: false, width: 12 } };
  const back = readPanelState(writePanelState(state), lesson);
  assert.deepEqual(back, { state, problems: [] });
});

test('bad values and unknown keys are named and skipped', () => {
  const { state, problems } = readPanelState(new URLSearchParams('experiment=fit&seed=-1&lr=5&width=2.5&act=gelu&bias=maybe&depth=3'), lesson);
  assert.deepEqual(state.overrides, {});
  assert.equal(state.seed, 7);
  assert.equal(problems.length, 6);
  assert.match(problems.join('\n'), /seed '-1'/);
  assert.match(problems.join('\n'), /lr = '5' is not valid: expected a number from 0.001 to 1/);
  assert.match(problems.join('\n'), /width = '2.5' is not valid: expected an integer/);
  assert.match(problems.join('\n'), /act = 'gelu' is not valid: expected one of relu, tanh/);
  assert.match(problems.join('\n'), /'depth' is not a setting of experiment 'fit'/);
});

test('an unknown experiment falls back to the first and says which exist', () => {
  const { state, problems } = readPanelState(new URLSearchParams('experiment=nope'), lesson);
  assert.equal(state.experiment, 'fit');
  assert.match(problems[0]!, /experiment 'nope' is not one of this lesson's \(fit, other\)/);
});

test('parseParam accepts exponents and booleans as 1/0', () => {
  const lr = lesson.experiments[0]!.params[0]!;
  assert.equal(parseParam(lr, '1e-2'), 0.01);
  assert.equal(parseParam(lr, 'abc'), null);
  assert.equal(parseParam(lesson.experiments[0]!.params[3]!, '0'), false);
});

test('a run link reproduces the run with every config key explicit', () => {
  const link = runLink({ lesson: 'toy-lesson', experiment: 'fit', seed: 4, quick: true, config: { lr: 0.1, width: 2, act: 'relu', bias: true } });
  assert.equal(link, '/lessons/toy-lesson?experiment=fit&seed=4&quick=1&lr=0.1&width=2&act=relu&bias=true');
  const { state } = readPanelState(new URL(link, 'http://x').searchParams, lesson);
  assert.deepEqual(state.overrides, { lr: 0.1, width: 2, act: 'relu', bias: true });
});
