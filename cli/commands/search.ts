// `gradschool search <words…>`: the course's best matches for the words, each with where it matched
// (lesson, question, term, section or card), a snippet, and the lab address that opens it.

import { loadLessons } from '../../lab/lessons.node.ts';
import { searchCourse, searchable, type HitKind } from '../../lab/search.ts';
import { EXIT_FAILED, EXIT_OK } from '../errors.ts';

const KIND: Record<HitKind, string> = { lesson: 'lesson', question: 'question', term: 'glossary', section: 'text', card: 'quiz card' };

export function searchCommand(query: string, flags: { limit: number; json: boolean }): number {
  const hits = searchCourse(loadLessons().map(searchable), query, flags.limit);
  if (flags.json) {
    process.stdout.write(JSON.stringify(hits, null, 2) + '\n');
    return hits.length ? EXIT_OK : EXIT_FAILED;
  }
  if (hits.length === 0) {
    process.stderr.write(`gradschool: nothing in the course matches '${query}' (every word must appear; try fewer words)\n`);
    return EXIT_FAILED;
  }
  for (const h of hits) {
    process.stdout.write(`${String(h.lesson.number).padStart(2, '0')} ${h.lesson.id} · ${KIND[h.kind]}: ${h.title}\n`);
    if (h.snippet && h.snippet !== h.title) process.stdout.write(`    ${h.snippet}\n`);
    process.stdout.write(`    ${h.href}\n`);
  }
  return EXIT_OK;
}
