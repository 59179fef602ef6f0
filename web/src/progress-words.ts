// A lesson's progress said in words (for link labels, the plain lesson list and the map's boxes).
// Claims nobody has checked yet are "not checked", never counted as failures.

import type { LessonProgress } from './api.ts';

/** The claims part: "7 claims, not checked yet", "all 7 claims passed", "5 of 7 claims passed, 1 failed". */
export function claimWords(p: LessonProgress): string {
  const n = p.claimsTotal;
  if (n === 0) return 'no claims';
  const noun = `claim${n === 1 ? '' : 's'}`;
  if (p.claimsChecked === 0) return `${n} ${noun}, not checked yet`;
  if (p.claimsPassed === n) return `all ${n} ${noun} passed`;
  const failed = p.claimsChecked - p.claimsPassed;
  const unchecked = n - p.claimsChecked;
  return `${p.claimsPassed} of ${n} ${noun} passed` + (failed ? `, ${failed} failed` : '') + (unchecked ? `, ${unchecked} not checked yet` : '');
}

export function progressWords(p: LessonProgress): string {
  const runs = p.runs ? `${p.runs} run${p.runs === 1 ? '' : 's'}` : 'not run yet';
  const cards = `${p.cardsDue} of ${p.cardsTotal} quiz card${p.cardsTotal === 1 ? '' : 's'} due`;
  return `${runs}; ${claimWords(p)}; ${cards}.`;
}

/** The map box's one short line: "not started", or runs and claims as counts. */
export function progressShort(p: LessonProgress): string {
  if (p.runs === 0 && p.claimsChecked === 0 && p.cardsReviewed === 0) return p.cardsDue ? `not started · ${p.cardsDue} cards` : 'not started';
  const claims = p.claimsChecked ? ` · ${p.claimsPassed}/${p.claimsTotal} claims ✓` : '';
  return `${p.runs} run${p.runs === 1 ? '' : 's'}${claims}${p.cardsDue ? ` · ${p.cardsDue} due` : ''}`;
}
