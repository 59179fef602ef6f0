// `gradschool lessons`: the course in reading order with each lesson's size (experiments, claims,
// cards) and the learner's progress from the store (runs, claims passed, cards due).

import { loadLessons } from '../../lab/lessons.node.ts';
import { lessonProgress } from '../../lab/progress.node.ts';
import { openStore } from '../../lab/store.node.ts';
import { EXIT_OK } from '../errors.ts';
import { table } from '../format.ts';

export function lessonsCommand(flags: { json: boolean }): number {
  const lessons = loadLessons();
  const store = openStore();
  try {
    const now = new Date();
    const states = store.cardStates();
    const reads = store.readLessons();
    const rows = lessons.map((l) => ({ lesson: l, progress: lessonProgress(l.module, store, now, states, reads) }));
    if (flags.json) {
      const json = rows.map(({ lesson: l, progress }) => ({
        id: l.id,
        number: l.number,
        title: l.title,
        questions: l.questions,
        experiments: l.module.experiments.map((e) => e.id),
        claims: l.module.claims.length,
        cards: l.module.cards.length,
        progress,
      }));
      process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      return EXIT_OK;
    }
    const right = 'right' as const;
    const columns = [
      { header: '#', align: right },
      { header: 'id' },
      { header: 'title' },
      { header: 'experiments', align: right },
      { header: 'claims', align: right },
      { header: 'cards', align: right },
      { header: 'runs', align: right },
      { header: 'claims passed', align: right },
      { header: 'cards due', align: right },
    ];
    const body = rows.map(({ lesson: l, progress: p }) => [
      String(l.number).padStart(2, '0'),
      l.id,
      l.title,
      String(l.module.experiments.length),
      String(l.module.claims.length),
      String(l.module.cards.length),
      String(p.runs),
      store.latestClaims(l.id) ? `${p.claimsPassed}/${p.claimsTotal}` : '–',
      String(p.cardsDue),
    ]);
    process.stdout.write(`${table(columns, body)}\n\nRun one: gradschool run <id or number> --quick · quiz: gradschool quiz\n`);
    return EXIT_OK;
  } finally {
    store.close();
  }
}
