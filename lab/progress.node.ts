// What the learner has done, computed from the store: per-lesson progress and the cards due for
// review. Shared by the lab server's API and the CLI so both count the same way.

import type { Card, LessonModule } from '../course/kit/index.ts';
import { isDue, recallProbability, stateName, type CardState, type StateName } from './quiz.ts';
import type { Store } from './store.node.ts';

export interface LessonProgress {
  runs: number;
  /** Claims whose newest verdict (from whichever run checked them last) is a pass. */
  claimsPassed: number;
  /** Claims with any verdict yet; the rest have never been checked (not the same as failed). */
  claimsChecked: number;
  claimsTotal: number;
  cardsTotal: number;
  /** Cards reviewed at least once. */
  cardsReviewed: number;
  /** Cards never reviewed plus those whose due date has come. */
  cardsDue: number;
  /** When the learner marked the lesson read, or null. */
  readAt: string | null;
  /**
   * How well the lesson's cards are remembered now: the mean of FSRS's recall probability over all
   * of them (a card never reviewed counts 0), from 0 to 1.
   */
  mastery: number;
}

/** A card as JSON: everything but the predict card's answer function. */
export interface CardView {
  id: string;
  kind: Card['kind'];
  front: string;
  back: string;
  choices?: string[];
  experiment?: string;
  config?: Record<string, unknown>;
  seed?: number;
}

export interface DueCard extends Omit<CardView, 'id'> {
  /** '<lesson>/<card>' */
  cardId: string;
  lesson: string;
  due: string;
  state: StateName;
  reps: number;
}

export const cardId = (lesson: string, card: string): string => `${lesson}/${card}`;

export function cardView(card: Card): CardView {
  const view: CardView = { id: card.id, kind: card.kind, front: card.front, back: card.back };
  if (card.kind === 'predict') {
    view.choices = [...card.choices];
    view.experiment = card.experiment;
    if (card.config) view.config = { ...card.config };
    if (card.seed !== undefined) view.seed = card.seed;
  }
  return view;
}

export function lessonProgress(lesson: LessonModule, store: Store, now = new Date(), states = store.cardStates(), reads = store.readLessons()): LessonProgress {
  const claimIds = new Set(lesson.claims.map((c) => c.id));
  const latest = store.latestClaims(lesson.id) ?? [];
  let cardsReviewed = 0;
  let cardsDue = 0;
  let recall = 0;
  for (const card of lesson.cards) {
    const state = states.get(cardId(lesson.id, card.id)) ?? null;
    if (state) cardsReviewed++;
    if (isDue(state, now)) cardsDue++;
    recall += recallProbability(state, now);
  }
  return {
    runs: store.countRuns(lesson.id),
    // Only claims the lesson still has: a renamed or removed claim's old verdict must not count.
    claimsPassed: latest.filter((c) => c.passed && claimIds.has(c.id)).length,
    claimsChecked: latest.filter((c) => claimIds.has(c.id)).length,
    claimsTotal: lesson.claims.length,
    cardsTotal: lesson.cards.length,
    cardsReviewed,
    cardsDue,
    readAt: reads.get(lesson.id) ?? null,
    mastery: lesson.cards.length ? recall / lesson.cards.length : 0,
  };
}

/** Cards due at `now`: reviewed cards whose time has come (earliest first), then new cards in course order. */
export function dueCards(lessons: readonly LessonModule[], store: Store, now = new Date()): DueCard[] {
  const states = store.cardStates(now);
  const reviewed: Array<DueCard & { at: number }> = [];
  const fresh: DueCard[] = [];
  for (const lesson of lessons) {
    for (const card of lesson.cards) {
      const id = cardId(lesson.id, card.id);
      const state: CardState | null = states.get(id) ?? null;
      if (!isDue(state, now)) continue;
      const { id: _local, ...view } = cardView(card);
      const due = state ? state.due : now.toISOString();
      const entry: DueCard = { cardId: id, lesson: lesson.id, ...view, due, state: stateName(state), reps: state?.reps ?? 0 };
      if (state) reviewed.push({ ...entry, at: new Date(state.due).getTime() });
      else fresh.push(entry);
    }
  }
  reviewed.sort((a, b) => a.at - b.at);
  return [...reviewed.map(({ at: _at, ...card }) => card), ...fresh];
}

/** Finds a card by its '<lesson>/<card>' id, or null. */
export function findCard(lessons: readonly LessonModule[], id: string): { lesson: LessonModule; card: Card } | null {
  const slash = id.indexOf('/');
  if (slash < 0) return null;
  const lesson = lessons.find((l) => l.id === id.slice(0, slash));
  const card = lesson?.cards.find((c) => c.id === id.slice(slash + 1));
  return lesson && card ? { lesson, card } : null;
}
