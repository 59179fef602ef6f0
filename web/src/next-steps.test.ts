import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSteps, type NextLesson } from './next-steps.ts';

const progress: NextLesson['progress'] = { runs: 0, claimsPassed: 0, claimsChecked: 0, claimsTotal: 4, cardsTotal: 6, cardsReviewed: 0, cardsDue: 6, readAt: null, mastery: 0 };
const lesson = (number: number, id: string, prerequisites: string[] = [], p: Partial<typeof progress> = {}): NextLesson =>
  ({ id, number, title: `Lesson ${id}`, prerequisites, progress: { ...progress, ...p } });

test('a new learner is told to read the first lesson, not that anything failed', () => {
  const steps = nextSteps([lesson(1, 'a'), lesson(2, 'b', ['a'])]);
  assert.deepEqual(steps.map((s) => s.kind), ['read', 'review']);
  assert.equal(steps[0]!.href, '/lessons/a');
});

test('the next lesson to read waits for its written prerequisites; planned ones do not block it', () => {
  const read = { readAt: '2026-12-05T10:00:00Z' };
  const steps = nextSteps([lesson(1, 'a', [], read), lesson(2, 'b', ['c']), lesson(3, 'c', ['planned-x'])]);
  assert.equal(steps.find((s) => s.kind === 'read')!.href, '/lessons/c', 'b waits for c, which only needs a planned lesson');
});

test('cards seen before and due come first; the weakest read lesson is named with its recall; a read lesson never run is suggested', () => {
  const steps = nextSteps([
    lesson(1, 'a', [], { readAt: 'x', cardsReviewed: 6, cardsDue: 2, mastery: 0.55, runs: 3 }),
    lesson(2, 'b', [], { readAt: 'x', cardsReviewed: 6, cardsDue: 0, mastery: 0.3 }),
    lesson(3, 'c', [], { readAt: 'x', cardsReviewed: 6, cardsDue: 0, mastery: 0.95, runs: 1 }),
  ]);
  assert.deepEqual(steps.map((s) => s.kind), ['review', 'strengthen', 'run']);
  assert.match(steps[1]!.text, /lesson 2, Lesson b: you would recall 30% of its cards now/);
  assert.equal(steps[2]!.href, '/lessons/b#experiments');
});

test('the weakest concept quizzed (two cards or more, some reviewed) is named with its recall and a quiz link', () => {
  const read = { readAt: 'x', cardsReviewed: 6, cardsDue: 0, mastery: 0.9, runs: 1 };
  const concept = (term: string, cards: number, reviewed: number, mastery: number) => ({ term, cards: Array.from({ length: cards }, (_, i) => `a/c${i}`), reviewed, mastery });
  const steps = nextSteps([lesson(1, 'a', [], read)], [
    concept('dropout', 3, 2, 0.4),
    concept('ReLU', 1, 1, 0.1), // one card: the card's own review covers it
    concept('epoch', 4, 0, 0), // never reviewed: nothing to strengthen yet
    concept('momentum', 2, 2, 0.95), // mastered
  ]);
  const s = steps.filter((x) => x.kind === 'strengthen');
  assert.equal(s.length, 1);
  assert.match(s[0]!.text, /“dropout”: you would recall 40% of the 3 cards that use it/);
  assert.equal(s[0]!.href, '/quiz?concept=dropout');
});
