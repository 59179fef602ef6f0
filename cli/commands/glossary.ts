// `gradschool glossary [term]`: the course's terms with their one-line definitions and the lessons
// that show them; with a term, that entry (or the terms that contain it). Exit 1 when none match.

import { buildGlossary, lookUpTerm, type GlossaryTerm } from '../../lab/glossary.ts';
import { loadLessons } from '../../lab/lessons.node.ts';
import { EXIT_FAILED, EXIT_OK } from '../errors.ts';

const lessonsOf = (t: GlossaryTerm): string => t.lessons.map((l) => `${String(l.number).padStart(2, '0')} ${l.id}`).join(', ');

export function glossaryCommand(query: string | undefined, flags: { json: boolean }): number {
  const glossary = buildGlossary(loadLessons());
  const terms = query === undefined ? glossary : lookUpTerm(glossary, query);
  if (flags.json) {
    process.stdout.write(JSON.stringify(terms, null, 2) + '\n');
    return query !== undefined && terms.length === 0 ? EXIT_FAILED : EXIT_OK;
  }
  if (terms.length === 0) {
    process.stderr.write(`gradschool: no glossary term matches '${query}' (${glossary.length} terms: gradschool glossary lists them)\n`);
    return EXIT_FAILED;
  }
  for (const t of terms) process.stdout.write(`${t.term} — ${t.definition}\n    (lesson ${lessonsOf(t)})\n`);
  return EXIT_OK;
}
