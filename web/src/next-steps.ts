// What to do next, from the learner's progress: review what is due, read the next lesson whose
// prerequisites are read, strengthen the weakest lesson read and the weakest concept quizzed, run
// the experiments of a lesson read but never run. At most a few suggestions, most urgent first.

import type { ConceptMastery, LessonProgress } from './api.ts';

export interface NextLesson {
  id: string;
  number: number;
  title: string;
  prerequisites: readonly string[];
  progress: LessonProgress;
}

export interface Suggestion {
  kind: 'review' | 'read' | 'strengthen' | 'run';
  text: string;
  href: string;
}

/** Below this mastery (mean recall probability) a read lesson's cards need strengthening. */
export const MASTERED = 0.8;

export function nextSteps(lessons: readonly NextLesson[], concepts: readonly ConceptMastery[] = []): Suggestion[] {
  const out: Suggestion[] = [];
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const isRead = (id: string): boolean => byId.get(id)?.progress.readAt != null;
  const due = lessons.reduce((n, l) => n + l.progress.cardsDue, 0);
  const reviewedDue = lessons.reduce((n, l) => n + Math.min(l.progress.cardsDue, l.progress.cardsReviewed), 0);
  // Cards already reviewed and due again come first: forgetting them undoes work already done.
  if (reviewedDue > 0) out.push({ kind: 'review', text: `Review ${due} quiz card${due === 1 ? '' : 's'} due (${reviewedDue} you have seen before).`, href: '/quiz' });
  const ordered = [...lessons].sort((a, b) => a.number - b.number);
  // The next lesson to read: the first unread one whose written prerequisites are all read.
  const next = ordered.find((l) => !isRead(l.id) && l.prerequisites.every((p) => !byId.has(p) || isRead(p)));
  if (next) out.push({ kind: 'read', text: `Read lesson ${next.number}: ${next.title}.`, href: `/lessons/${next.id}` });
  const weakest = ordered
    .filter((l) => isRead(l.id) && l.progress.cardsReviewed > 0 && l.progress.mastery < MASTERED)
    .sort((a, b) => a.progress.mastery - b.progress.mastery)[0];
  if (weakest) out.push({ kind: 'strengthen', text: `Strengthen lesson ${weakest.number}, ${weakest.title}: you would recall ${Math.round(weakest.progress.mastery * 100)}% of its cards now.`, href: `/quiz?lesson=${encodeURIComponent(weakest.id)}` });
  // A concept spans lessons; one used by a single card is that card, which the review already covers.
  const weakConcept = concepts
    .filter((c) => c.cards.length >= 2 && c.reviewed > 0 && c.mastery < MASTERED)
    .sort((a, b) => a.mastery - b.mastery)[0];
  if (weakConcept) {
    out.push({
      kind: 'strengthen',
      text: `Strengthen “${weakConcept.term}”: you would recall ${Math.round(weakConcept.mastery * 100)}% of the ${weakConcept.cards.length} cards that use it.`,
      href: `/quiz?concept=${encodeURIComponent(weakConcept.term)}`,
    });
  }
  const unrun = ordered.find((l) => isRead(l.id) && l.progress.runs === 0 && l.progress.claimsTotal > 0);
  if (unrun) out.push({ kind: 'run', text: `Run lesson ${unrun.number}'s experiments and check its ${unrun.progress.claimsTotal} claims yourself.`, href: `/lessons/${unrun.id}#experiments` });
  if (reviewedDue === 0 && due > 0 && out.length < 4) out.push({ kind: 'review', text: `Try the ${due} quiz card${due === 1 ? '' : 's'} of the lessons you have read or will read.`, href: '/quiz' });
  return out;
}
