// Progress in words: unchecked claims never read as failures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimWords, progressShort, progressWords } from './progress-words.ts';

const fresh = { runs: 0, claimsPassed: 0, claimsChecked: 0, claimsTotal: 7, cardsTotal: 9, cardsReviewed: 0, cardsDue: 9, readAt: null, mastery: 0 };

test('a new learner reads "not checked yet", not "0 of 7 passed"', () => {
  assert.equal(progressWords(fresh), 'not run yet; 7 claims, not checked yet; 9 of 9 quiz cards due.');
  assert.equal(progressShort(fresh), 'not started · 9 cards');
  assert.doesNotMatch(progressWords(fresh), /0 of 7/);
});

test('checked claims: all passed, some failed, some not checked', () => {
  assert.equal(claimWords({ ...fresh, claimsChecked: 7, claimsPassed: 7 }), 'all 7 claims passed');
  assert.equal(claimWords({ ...fresh, claimsChecked: 6, claimsPassed: 5 }), '5 of 7 claims passed, 1 failed, 1 not checked yet');
  assert.equal(claimWords({ ...fresh, claimsChecked: 7, claimsPassed: 6 }), '6 of 7 claims passed, 1 failed');
  assert.equal(claimWords({ ...fresh, claimsTotal: 0 }), 'no claims');
  assert.equal(progressShort({ ...fresh, runs: 2, claimsChecked: 7, claimsPassed: 6, cardsDue: 0, cardsReviewed: 9 }), '2 runs · 6/7 claims ✓');
});
