// Scheduling with ts-fsrs: ratings move due dates the expected way and states survive JSON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDue, repairState, schedule, stateName, type CardState, recallProbability } from './quiz.ts';

const now = new Date('2025-03-01T09:00:00Z');
const minutes = (state: CardState, from: Date) => (new Date(state.due).getTime() - from.getTime()) / 60_000;

test('a new card is due; after a review it is not due until its due date', () => {
  assert.equal(isDue(null, now), true);
  const s = schedule(null, 'good', now);
  assert.equal(isDue(s, now), false);
  assert.equal(isDue(s, new Date(s.due)), true);
  assert.equal(s.reps, 1);
  assert.equal(stateName(null), 'new');
  assert.notEqual(stateName(s), 'new');
});

test("'good' moves the due date into the future; 'again' keeps it within minutes", () => {
  const good = schedule(null, 'good', now);
  const again = schedule(null, 'again', now);
  assert.ok(minutes(good, now) > 0);
  assert.ok(minutes(again, now) > 0 && minutes(again, now) <= 10, `again: due in ${minutes(again, now)} min`);
  assert.ok(minutes(again, now) < minutes(good, now));
});

test('repeated good reviews space the card out further each time', () => {
  let state: CardState | null = null;
  let at = now;
  const gaps: number[] = [];
  for (let i = 0; i < 4; i++) {
    state = schedule(state, 'good', at);
    gaps.push(minutes(state, at));
    at = new Date(state.due);
  }
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! > gaps[i - 1]!, `gaps grow: ${gaps.join(', ')}`);
  assert.equal(stateName(state), 'review');
  assert.ok(gaps[3]! > 24 * 60, 'after four good reviews the card waits more than a day');
});

test("'again' on a card in review sends it back to relearning, due soon", () => {
  let state = schedule(null, 'easy', now);
  const reviewAt = new Date(state.due);
  assert.equal(stateName(state), 'review');
  state = schedule(state, 'again', reviewAt);
  assert.equal(stateName(state), 'relearning');
  assert.equal(state.lapses, 1);
  assert.ok(minutes(state, reviewAt) <= 10);
});

test('state JSON round-trips and scheduling from the copy gives the same result', () => {
  const s = schedule(schedule(null, 'good', now), 'hard', new Date('2025-03-01T09:30:00Z'));
  const copy = JSON.parse(JSON.stringify(s)) as CardState;
  assert.deepEqual(copy, s);
  assert.equal(typeof copy.due, 'string');
  const later = new Date('2025-03-05T09:00:00Z');
  assert.deepEqual(schedule(copy, 'good', later), schedule(s, 'good', later));
});

test('bad ratings and dates are refused', () => {
  assert.throws(() => schedule(null, 'meh' as never, now), /unknown rating 'meh'/);
  assert.throws(() => schedule(null, 'good', new Date('nope')), /not a valid date/);
});

test('a repaired state is due at the time asked about, even when read a moment after it (no race)', () => {
  const broken = schedule(null, 'good', new Date('2999-01-01T00:00:00Z'));
  const asked = new Date('2026-12-05T12:00:00.000Z');
  const readAt = new Date(asked.getTime() + 5); // the store reads 5 ms after the request took its `now`
  const repaired = repairState(broken, readAt, asked);
  assert.equal(repaired.last_review, readAt.toISOString(), 'the next review schedules from the present');
  assert.ok(isDue(repaired, asked), `due by ${asked.toISOString()}, got ${repaired.due}`);
  const sane = schedule(null, 'good', asked);
  assert.equal(repairState(sane, readAt, asked), sane, 'a sane state is left alone');
});

test('recall probability: 0 for a card never reviewed, high just after a review, falling with time', () => {
  assert.equal(recallProbability(null), 0);
  const t0 = new Date('2026-01-01T00:00:00Z');
  const state = schedule(schedule(null, 'good', t0), 'good', new Date('2026-01-02T00:00:00Z'));
  const soon = recallProbability(state, new Date('2026-01-03T00:00:00Z'));
  const atDue = recallProbability(state, new Date(state.due));
  const later = recallProbability(state, new Date('2026-03-03T00:00:00Z'));
  assert.ok(soon > atDue && atDue > later, `${soon} > ${atDue} > ${later}`);
  assert.ok(Math.abs(atDue - 0.9) < 0.02, `about FSRS's target retention on the due date: ${atDue}`);
});
