// A small made-up lesson for the lab's own tests, so they exercise every param kind and card kind
// without depending on the course's real lessons (which have their own tests).

import type { Experiment, LessonModule } from '../../course/kit/index.ts';
import type { Lesson } from '../lesson-file.node.ts';

export const toyExperiment: Experiment = {
  id: 'toy',
  title: 'Toy',
  summary: 'Returns its learning rate as the loss.',
  params: [
    { key: 'lr', label: 'learning rate', kind: 'number', min: 0.001, max: 1, log: true },
    { key: 'width', label: 'width', kind: 'integer', min: 1, max: 64 },
    { key: 'act', label: 'activation', kind: 'select', options: ['relu', 'tanh'] },
    { key: 'bias', label: 'bias', kind: 'boolean' },
  ],
  defaults: { lr: 0.1, width: 8, act: 'relu', bias: true },
  quick: { width: 2 },
  run: async (config) => ({ metrics: { loss: config.lr as number }, figures: [] }),
};

export const fixtureModule: LessonModule = {
  id: 'fixture-lesson',
  experiments: [toyExperiment],
  claims: [
    { id: 'small-loss', text: 'The loss is small.', experiment: 'toy', seeds: [1, 2, 3], check: (rs) => ({ passed: true, value: rs.length, expected: 'small' }) },
    { id: 'wide', text: 'Width helps.', experiment: 'toy', seeds: [1, 2, 3], config: { width: 4 }, check: () => ({ passed: false, value: 0, expected: 'wide' }) },
  ],
  cards: [
    { id: 'what-is-lr', kind: 'recall', front: 'What is a learning rate?', back: 'The step size.' },
    {
      id: 'guess-loss', kind: 'predict', front: 'Will the loss be below 0.5?', choices: ['yes', 'no'], experiment: 'toy', config: { lr: 0.2 }, seed: 1,
      answer: (r) => (r.metrics.loss! < 0.5 ? 0 : 1), back: 'The loss equals the learning rate.',
    },
  ],
};

export const fixtureLesson: Lesson = {
  id: 'fixture-lesson',
  number: 99,
  title: 'A fixture',
  folder: '99-fixture-lesson',
  questions: ['Does the lab work?'],
  glossary: [{ term: 'loss', definition: 'What training lowers.' }],
  prerequisites: [],
  unlinked: [],
  markdown: '# Fixture\n\nThe loss $L = \\frac{1}{n}\\sum_i \\ell_i$.\n',
  module: fixtureModule,
};
