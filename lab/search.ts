// Search across the course: lesson titles, the interview questions each lesson answers, glossary
// terms, quiz cards and the lesson text, section by section. Every word of the query must appear
// (in any order, any case); hits rank by where they matched (a title beats a passing mention) and
// each carries the link that opens it and a snippet around the first match.

import { termAnchor } from './glossary.ts';
import { headingSlug } from './slug.ts';

export interface SearchableLesson {
  id: string;
  number: number;
  title: string;
  questions: readonly string[];
  glossary: ReadonlyArray<{ term: string; definition: string }>;
  markdown: string;
  cards: ReadonlyArray<{ id: string; front: string; back: string }>;
}

export type HitKind = 'lesson' | 'question' | 'term' | 'section' | 'card';

export interface SearchHit {
  kind: HitKind;
  lesson: { id: string; number: number; title: string };
  /** What matched, in a line: the title, the question, the term, the section heading, the card front. */
  title: string;
  snippet: string;
  href: string;
  score: number;
}

const WEIGHT: Record<HitKind, number> = { lesson: 50, question: 30, term: 40, section: 10, card: 20 };
const SNIPPET = 160;

const words = (q: string): string[] => q.toLowerCase().split(/\s+/).filter(Boolean);

/** Markdown to plain text for matching and snippets: math, code marks, links and emphasis dropped. */
function plain(md: string): string {
  return md
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]+\$/g, (m) => m.slice(1, -1))
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*>+/gm, '')
    .replace(/[*_`#|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lesson text cut at its ### and ## headings, each section with its heading. */
function sections(markdown: string): Array<{ heading: string; rawHeading: string; text: string }> {
  const out: Array<{ heading: string; rawHeading: string; text: string }> = [];
  let heading = '';
  let rawHeading = '';
  let lines: string[] = [];
  const flush = () => {
    const text = plain(lines.join('\n'));
    if (text) out.push({ heading, rawHeading, text });
  };
  for (const line of markdown.split('\n')) {
    const m = /^#{2,4}\s+(.*)$/.exec(line);
    if (m) {
      flush();
      rawHeading = m[1]!;
      heading = plain(rawHeading);
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}


function snippetOf(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  const at = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0));
  if (text.length <= SNIPPET) return text;
  const start = Math.max(0, Math.min(at - 40, text.length - SNIPPET));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + SNIPPET).trim()}${start + SNIPPET < text.length ? '…' : ''}`;
}

/** A lab lesson as the search reads it. */
export const searchable = (l: { id: string; number: number; title: string; questions: readonly string[]; glossary: SearchableLesson['glossary']; markdown: string; module: { cards: SearchableLesson['cards'] } }): SearchableLesson =>
  ({ id: l.id, number: l.number, title: l.title, questions: l.questions, glossary: l.glossary, markdown: l.markdown, cards: l.module.cards });

/** Every hit for `query`, best first (at most `limit`). An empty query finds nothing. */
export function searchCourse(lessons: readonly SearchableLesson[], query: string, limit = 50): SearchHit[] {
  const terms = words(query);
  if (terms.length === 0) return [];
  const phrase = terms.join(' ');
  const hits: SearchHit[] = [];
  for (const lesson of lessons) {
    const ref = { id: lesson.id, number: lesson.number, title: lesson.title };
    const base = `/lessons/${lesson.id}`;
    const consider = (kind: HitKind, title: string, body: string, href: string): void => {
      const hay = `${title} ${body}`.toLowerCase();
      if (!terms.every((t) => hay.includes(t))) return;
      const inTitle = terms.filter((t) => title.toLowerCase().includes(t)).length / terms.length;
      // Where it matched (kind), how much of the query the line itself holds, and the exact phrase.
      const score = WEIGHT[kind] * (0.5 + inTitle) + (hay.includes(phrase) ? 10 : 0);
      hits.push({ kind, lesson: ref, title, snippet: snippetOf(body || title, terms), href, score });
    };
    consider('lesson', lesson.title, lesson.questions.join(' · '), base);
    for (const q of lesson.questions) consider('question', q, '', base);
    for (const g of lesson.glossary) consider('term', g.term, g.definition, `/glossary#${termAnchor(g.term)}`);
    for (const s of sections(lesson.markdown)) consider('section', s.heading || lesson.title, s.text, s.heading ? `${base}#${headingSlug(s.rawHeading)}` : base);
    for (const c of lesson.cards) consider('card', plain(c.front), plain(c.back), `/quiz?lesson=${encodeURIComponent(lesson.id)}`);
  }
  return hits.sort((a, b) => b.score - a.score || a.lesson.number - b.lesson.number).slice(0, limit);
}
