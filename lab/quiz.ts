// Spaced-repetition scheduling on ts-fsrs. A card's memory state is kept as plain JSON (dates as
// ISO strings) so it can live in SQLite, travel over HTTP and be read back unchanged.
// Isomorphic: no Node imports.

import { createEmptyCard, fsrs, Rating as FsrsRating, State, type Card as FsrsCard, type Grade } from 'ts-fsrs';

export const ratings = ['again', 'hard', 'good', 'easy'] as const;
export type Rating = (typeof ratings)[number];

export const stateNames = ['new', 'learning', 'review', 'relearning'] as const;
export type StateName = (typeof stateNames)[number];

/** A ts-fsrs Card with its dates as ISO strings; `state` is ts-fsrs' number (0 new … 3 relearning). */
export interface CardState {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

const grades: Record<Rating, Grade> = {
  again: FsrsRating.Again,
  hard: FsrsRating.Hard,
  good: FsrsRating.Good,
  easy: FsrsRating.Easy,
};

// Fuzz off: the same history always gives the same schedule, which the tests and the CLI rely on.
const scheduler = fsrs({ enable_fuzz: false });

function toJson(card: FsrsCard): CardState {
  const out: CardState = {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
  };
  if (card.last_review) out.last_review = card.last_review.toISOString();
  return out;
}

function fromJson(s: CardState): FsrsCard {
  return { ...s, state: s.state as State, due: new Date(s.due), last_review: s.last_review ? new Date(s.last_review) : undefined };
}

/** How far ahead of this computer's clock a review time may be (another device's clock running
 *  fast); anything later is refused, since a stored future review would skew the card for good. */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * The state after reviewing a card (null: never reviewed) with `rating` at `now`. A review never
 * counts before the card's last one: a `now` behind it (a slow clock, a review synced late) is
 * taken as the last review's time, so the log stays in order and ts-fsrs never sees time run back.
 * The state's last_review is the time the review counted at.
 */
export function schedule(state: CardState | null, rating: Rating, now: Date = new Date()): CardState {
  const grade = grades[rating];
  if (grade === undefined) throw new Error(`unknown rating '${String(rating)}' (valid: ${ratings.join(', ')})`);
  if (Number.isNaN(now.getTime())) throw new Error('review time is not a valid date');
  const card = state ? fromJson(state) : createEmptyCard(now);
  const at = card.last_review && card.last_review.getTime() > now.getTime() ? card.last_review : now;
  if (Number.isNaN(at.getTime())) throw new Error(`the card's last review time '${state?.last_review}' is not a valid date`);
  return toJson(scheduler.next(card, at, grade).card);
}

/**
 * A stored state as it should be read at `clock` (the real time): one whose last review lies
 * further ahead than MAX_CLOCK_SKEW_MS was written by a clock gone wrong (before such times were
 * refused); its last review is pulled back to `clock` and its due date to `clock` or `dueBy` if
 * earlier, so the card is due now and its next review schedules from the present instead of from
 * that future time.
 */
export function repairState(state: CardState, clock: Date = new Date(), dueBy: Date = clock): CardState {
  const last = state.last_review === undefined ? NaN : Date.parse(state.last_review);
  const due = Date.parse(state.due);
  const limit = clock.getTime() + MAX_CLOCK_SKEW_MS;
  if (!(last > limit) && !Number.isNaN(due) && (state.last_review === undefined || !Number.isNaN(last))) return state;
  // Due no later than the time the caller asks about (`dueBy`, a query's `now`, often taken a moment
  // before `clock`), so a repaired card is due in the very query that read it.
  return { ...state, last_review: clock.toISOString(), due: new Date(Math.min(clock.getTime(), dueBy.getTime())).toISOString() };
}

/**
 * FSRS's probability that the card is recalled at `now` (its retrievability, from the stability the
 * review history built): 0 for a card never reviewed, about 0.9 on its due date, falling after it.
 */
export function recallProbability(state: CardState | null, now: Date = new Date()): number {
  if (state === null) return 0;
  const r = scheduler.get_retrievability(fromJson(state), now, false);
  return Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
}

/** A card never reviewed is due; otherwise when its due date has come. */
export function isDue(state: CardState | null, now: Date = new Date()): boolean {
  return state === null || new Date(state.due).getTime() <= now.getTime();
}

export function stateName(state: CardState | null): StateName {
  return state === null ? 'new' : (stateNames[state.state] ?? 'new');
}
