// Mastery per concept: which cards a term gathers (whole words, any case, plurals, across lessons)
// and the mean recall over them from real FSRS states.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conceptCards, conceptMastery } from './concepts.ts';
import { recallProbability, schedule, type CardState } from './quiz.ts';

const lessons = [
  {
    id: 'a',
    cards: [
      { id: 'c1', front: 'What does Dropout do at test time?', back: 'Nothing: eval mode turns it off.' },
      { id: 'c2', front: 'Why do dead ReLUs stay dead?', back: 'Their gradient is zero for every input.' },
      { id: 'c3', front: 'What is a learning rate?', back: 'The step size of gradient descent.' },
    ],
  },
  { id: 'b', cards: [{ id: 'c1', front: 'Dropout vs weight decay?', back: 'Noise vs a penalty.' }, { id: 'c2', front: 'Name a dropout-free regularizer.', back: 'L2.' }] },
];

test('a term gathers the cards of every lesson that use it as a whole word, plurals and longer terms included', () => {
  const cards = conceptCards(['dropout', 'ReLU', 'dead ReLU', 'learning rate', 'momentum'], lessons);
  // 'dropout-free' is not a use of dropout (a hyphen joins it into another word).
  assert.deepEqual(cards.get('dropout'), ['a/c1', 'b/c1']);
  assert.deepEqual(cards.get('ReLU'), ['a/c2'], "'ReLUs' is a plural of ReLU, and a card on dead ReLUs exercises ReLU too");
  assert.deepEqual(cards.get('dead ReLU'), ['a/c2']);
  assert.deepEqual(cards.get('learning rate'), ['a/c3']);
  assert.equal(cards.has('momentum'), false, 'a term no card uses is left out');
});

test('mastery is the mean recall over the concept’s cards, unreviewed cards counting 0; weakest first', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const now = new Date('2026-01-03T00:00:00Z');
  const good: CardState = schedule(schedule(null, 'good', t0), 'good', new Date('2026-01-02T00:00:00Z'));
  const states = new Map([['a/c1', good], ['a/c3', good]]);
  const list = conceptMastery(['dropout', 'learning rate', 'ReLU'], lessons, states, now);
  const r = recallProbability(good, now);
  assert.ok(r > 0.9, `recall just after two good reviews: ${r}`);
  const by = new Map(list.map((c) => [c.term, c]));
  assert.equal(by.get('learning rate')!.mastery, r);
  assert.equal(by.get('dropout')!.mastery, r / 2, 'one of two dropout cards reviewed');
  assert.equal(by.get('dropout')!.reviewed, 1);
  assert.equal(by.get('ReLU')!.mastery, 0);
  assert.deepEqual(list.map((c) => c.term), ['ReLU', 'dropout', 'learning rate']);
});
