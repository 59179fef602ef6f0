// Lesson 06's tests: the contract every lesson meets (claims on their seeds, deterministic quick
// runs, cards, bad configs, Stop, front matter; see lab/testing/lesson-contract.node.ts).

import lesson from './index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

lessonContract(lesson, import.meta.url, {
  prerequisites: ['softmax-vs-argmax'],
  words: [500, 1200],
  predictCards: [1, 2],
  badConfigs: [
    ['ce-vs-mse', { steps: -5 }, /'steps' must be an integer from/],
    ['ce-vs-mse', { optimizer: 'lbfgs' }, /'optimizer' must be one of sgd, adam/],
    ['confidently-wrong', { classes: 1 }, /'classes' must be an integer from 2 to 100/],
    ['binary', { stopAtTarget: 'yes' }, /'stopAtTarget' must be true or false/],
    ['regression', { steps: 2.5 }, /'steps' must be an integer/],
  ],
});
