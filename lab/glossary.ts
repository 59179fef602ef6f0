// The course's glossary: every term a lesson's front matter defines, gathered in one list, each
// linked to the lessons that define it. The definition comes from the first lesson (in reading
// order) that gives one; later lessons that define the same term again are listed with it.

import type { GlossaryEntry } from './lesson-file.node.ts';

export interface GlossaryTerm {
  term: string;
  definition: string;
  /** Lessons that define the term, in reading order; the first one's definition is shown. */
  lessons: Array<{ id: string; number: number; title: string }>;
}

/** The part of a lesson the glossary reads (a Lesson, or a fixture). */
export interface GlossarySource {
  id: string;
  number: number;
  title: string;
  glossary: readonly GlossaryEntry[];
}

const key = (term: string): string => term.trim().toLowerCase();

/** Every defined term, alphabetical (case-insensitive), merged across lessons. */
export function buildGlossary(lessons: readonly GlossarySource[]): GlossaryTerm[] {
  const byKey = new Map<string, GlossaryTerm>();
  for (const lesson of [...lessons].sort((a, b) => a.number - b.number)) {
    for (const { term, definition } of lesson.glossary) {
      const ref = { id: lesson.id, number: lesson.number, title: lesson.title };
      const known = byKey.get(key(term));
      if (known) known.lessons.push(ref);
      else byKey.set(key(term), { term, definition, lessons: [ref] });
    }
  }
  return [...byKey.values()].sort((a, b) => key(a.term).localeCompare(key(b.term)));
}

/**
 * Looks a term up: the exact term (any case) alone, otherwise every term or definition that
 * contains the query ("relu" finds "dead ReLU" and "ReLU"). Empty when nothing matches.
 */
export function lookUpTerm(glossary: readonly GlossaryTerm[], query: string): GlossaryTerm[] {
  const q = key(query);
  if (!q) return [];
  const exact = glossary.filter((t) => key(t.term) === q);
  if (exact.length) return exact;
  const inTerm = glossary.filter((t) => key(t.term).includes(q));
  return inTerm.length ? inTerm : glossary.filter((t) => key(t.definition).includes(q));
}

/** A term's anchor on the glossary page (`term-dead-relu`), so lesson text can link to it. */
export function termAnchor(term: string): string {
  return `term-${term.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/**
 * The glossary as links for one lesson's text: each term pointing at its entry on the glossary
 * page, less the terms the lesson uses in another sense (its front matter's `unlinked`).
 */
export function glossaryLinks(
  glossary: readonly GlossaryTerm[],
  unlinked: readonly string[] = [],
): Array<{ term: string; definition: string; href: string }> {
  const skip = new Set(unlinked.map(key));
  return glossary.filter((t) => !skip.has(key(t.term))).map((t) => ({ term: t.term, definition: t.definition, href: `/glossary#${termAnchor(t.term)}` }));
}
