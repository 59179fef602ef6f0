// The quiz and progress routes: cards due for review, recording a review (scheduled by ts-fsrs in
// the store), and the learner's progress over the whole course.

import { z } from 'zod';
import { conceptCards, conceptMastery } from '../concepts.ts';
import { findCard, dueCards, lessonProgress } from '../progress.node.ts';
import { MAX_CLOCK_SKEW_MS, ratings, stateName } from '../quiz.ts';
import { courseGlossary, findLesson } from './api-lessons.node.ts';
import type { LabContext } from './context.node.ts';
import { HttpError } from './http.node.ts';
import { parseBody, parseTime, timeParam } from './validation.node.ts';

export function listDueCards(ctx: LabContext, query: URLSearchParams) {
  const now = timeParam(query, 'now');
  const lessonId = query.get('lesson');
  const lessons = lessonId === null ? ctx.lessons : [findLesson(ctx, lessonId)];
  const due = dueCards(lessons.map((l) => l.module), ctx.store, now);
  const concept = query.get('concept');
  if (concept === null) return due;
  const ids = new Set(cardsOfConcept(ctx, concept));
  return due.filter((c) => ids.has(c.cardId));
}

/** The glossary's terms, from the glossary the lesson pages already build once per server. */
const courseTerms = (ctx: LabContext): string[] => courseGlossary(ctx).map((t) => t.term);

/** The cards of one glossary term (any case); a 404 naming the problem when no card uses it. */
function cardsOfConcept(ctx: LabContext, name: string): string[] {
  const term = courseTerms(ctx).find((t) => t.toLowerCase() === name.trim().toLowerCase());
  if (!term) throw new HttpError(404, `concept: '${name}' is not a glossary term (see /api/glossary)`);
  const cards = conceptCards([term], ctx.lessons.map((l) => l.module)).get(term);
  if (!cards) throw new HttpError(404, `concept: no quiz card uses '${term}'`);
  return cards;
}

/** Mastery per concept (glossary term) over the cards that use it, weakest first. */
export function listConcepts(ctx: LabContext) {
  return conceptMastery(courseTerms(ctx), ctx.lessons.map((l) => l.module), ctx.store.cardStates(), new Date());
}

const reviewSchema = z.strictObject({
  cardId: z.string().min(1),
  rating: z.enum(ratings),
  now: z.string().optional(),
  answer: z.number().int().min(0).optional(),
  correct: z.boolean().optional(),
});

// A `now` before the card's last review is clamped to it (the store does it), not refused: the
// review did happen (a slow clock, a review synced late) and the client could do nothing better on
// a 400. A `now` far in the future is refused: stored, it would push the card's schedule off for good.
export function recordReview(ctx: LabContext, body: unknown) {
  const input = parseBody(reviewSchema, body);
  const clock = new Date();
  const now = input.now === undefined ? clock : parseTime(input.now, 'now');
  if (now.getTime() > clock.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new HttpError(400, `now = '${input.now}' is more than ${MAX_CLOCK_SKEW_MS / 3_600_000} hours ahead of the server's clock (${clock.toISOString()}); check this device's clock`);
  }
  const found = findCard(ctx.lessons.map((l) => l.module), input.cardId);
  if (!found) throw new HttpError(404, `cardId: no card '${input.cardId}' (card ids are '<lesson>/<card>')`);
  if (input.answer !== undefined) {
    const { card } = found;
    if (card.kind !== 'predict') throw new HttpError(400, `answer: card '${input.cardId}' is a recall card and takes no answer`);
    if (input.answer >= card.choices.length) {
      throw new HttpError(400, `answer: ${input.answer} is not a choice of card '${input.cardId}' (choices are 0 to ${card.choices.length - 1})`);
    }
  }
  const state = ctx.store.saveReview({ cardId: input.cardId, rating: input.rating, now, answer: input.answer, correct: input.correct });
  // reviewedAt: the time the review counted at (later than `now` when `now` was before the last review).
  return { cardId: input.cardId, due: state.due, state: stateName(state), reps: state.reps, reviewedAt: state.last_review };
}

export function progress(ctx: LabContext) {
  const now = new Date();
  const states = ctx.store.cardStates();
  const reads = ctx.store.readLessons();
  const lessons = Object.fromEntries(ctx.lessons.map((l) => [l.id, lessonProgress(l.module, ctx.store, now, states, reads)]));
  return { lessons, reviewsToday: ctx.store.reviewsToday(now), runs: ctx.store.countRuns() };
}
