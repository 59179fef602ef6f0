// Mastery per concept: a concept is a glossary term, and its cards are the quiz cards (of any lesson)
// whose question or answer uses the term. Its mastery is the mean of FSRS's recall probability over
// those cards now, so "you would recall 40% of what you know about dropout" draws on every lesson
// that quizzes dropout, not only the one that defines it.

import type { Card } from '../course/kit/index.ts';
import { recallProbability, type CardState } from './quiz.ts';
import { termPattern } from './term-links.ts';

export interface ConceptMastery {
  term: string;
  /** '<lesson>/<card>' ids of the cards that use the term, in course order. */
  cards: string[];
  /** How many of them have been reviewed at least once. */
  reviewed: number;
  /** Mean recall probability over the cards (a card never reviewed counts 0), from 0 to 1. */
  mastery: number;
}

interface CardSource {
  id: string;
  cards: ReadonlyArray<Pick<Card, 'id' | 'front' | 'back'>>;
}

/**
 * Each term's cards: those whose front or back mentions it as a whole word (any case, plural too).
 * A card about "dead ReLU" counts for "ReLU" as well: it exercises both. Terms no card uses are left out.
 */
export function conceptCards(terms: readonly string[], lessons: readonly CardSource[]): Map<string, string[]> {
  const texts = lessons.flatMap((l) => l.cards.map((c) => ({ id: `${l.id}/${c.id}`, text: `${c.front}\n${c.back}` })));
  const out = new Map<string, string[]>();
  for (const term of terms) {
    const pattern = termPattern([term]);
    const ids = texts.filter((t) => t.text.search(pattern) >= 0).map((t) => t.id);
    if (ids.length) out.set(term, ids);
  }
  return out;
}

/** Every concept with at least one card, weakest first (ties alphabetical), from the cards' FSRS states. */
export function conceptMastery(
  terms: readonly string[],
  lessons: readonly CardSource[],
  states: ReadonlyMap<string, CardState>,
  now: Date = new Date(),
): ConceptMastery[] {
  const out: ConceptMastery[] = [];
  for (const [term, cards] of conceptCards(terms, lessons)) {
    let recall = 0;
    let reviewed = 0;
    for (const id of cards) {
      const state = states.get(id) ?? null;
      if (state) reviewed++;
      recall += recallProbability(state, now);
    }
    out.push({ term, cards, reviewed, mastery: recall / cards.length });
  }
  return out.sort((a, b) => a.mastery - b.mastery || a.term.localeCompare(b.term));
}
