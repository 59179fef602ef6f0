// A lesson's progress said in words (for link labels and the plain lesson list).

import type { LessonProgress } from './api.ts';

export function progressWords(p: LessonProgress): string {
  const runs = `${p.runs} run${p.runs === 1 ? '' : 's'}`;
  const claims = p.claimsTotal ? `claims ${p.claimsPassed} of ${p.claimsTotal} passed` : 'no claims';
  const cards = `${p.cardsDue} of ${p.cardsTotal} quiz card${p.cardsTotal === 1 ? '' : 's'} due`;
  return `${runs}; ${claims}; ${cards}.`;
}
