// `gradschool quiz`: reviews due cards in the terminal. Recall cards: Enter shows the back. Predict
// cards: pick a choice, the experiment runs (quick) and its result grades the pick. Then a 1–4
// rating is scheduled by ts-fsrs and stored. Reads answers line by line, so piped input works.

import type { Card } from '../../course/kit/index.ts';
import { findExperiment, resolveConfig } from '../../lab/claims.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { loadLessons } from '../../lab/lessons.node.ts';
import type { Lesson } from '../../lab/lessons.node.ts';
import { cardId, dueCards, findCard } from '../../lab/progress.node.ts';
import { ratings, type CardState, type Rating } from '../../lab/quiz.ts';
import { openStore, type Store } from '../../lab/store.node.ts';
import { EXIT_OK } from '../errors.ts';
import { execute } from '../execute.ts';
import { formatLocalTime, formatMetrics, formatWhen } from '../format.ts';
import { catchInterrupt } from '../interrupt.ts';
import { findLesson } from '../lookup.ts';
import { createProgressView } from '../progress.ts';
import { LineReader } from '../prompt.ts';
import { DEFAULT_SEED } from '../options.ts';

export interface QuizFlags {
  lesson?: string;
  limit: number;
}

interface QuizCard {
  /** '<lesson>/<card>', the id the store keys reviews by. */
  cardId: string;
  lesson: Lesson;
  card: Card;
  state: string;
}

const QUIT = Symbol('quit');
type Answer<T> = T | typeof QUIT;

const RATING_PROMPT = 'Rate it: 1 Again · 2 Hard · 3 Good · 4 Easy (q quits): ';

export async function quizCommand(flags: QuizFlags): Promise<number> {
  const lessons = flags.lesson === undefined ? loadLessons() : [findLesson(flags.lesson)];
  const store = openStore();
  const out = process.stdout;
  const reader = new LineReader(process.stdin, out, process.stdin.isTTY !== true);
  try {
    const due = dueCards(lessons.map((l) => l.module), store, new Date());
    if (!due.length) {
      out.write(nothingDue(lessons, store));
      return EXIT_OK;
    }
    const session: QuizCard[] = due.slice(0, flags.limit).map((d) => {
      const lesson = lessons.find((l) => l.id === d.lesson)!;
      return { cardId: d.cardId, lesson, card: findCard([lesson.module], d.cardId)!.card, state: d.state };
    });
    out.write(`${due.length} card${due.length === 1 ? '' : 's'} due; reviewing ${session.length}. Type q to stop.\n`);
    let reviewed = 0;
    for (const [i, item] of session.entries()) {
      out.write(`\n[${i + 1}/${session.length}] ${item.cardId} · ${item.card.kind} · ${item.state}\n${item.card.front}\n`);
      const shown = item.card.kind === 'recall' ? await revealRecall(reader, item.card) : await predictAndRun(reader, item);
      if (shown === QUIT) break;
      if (shown === null) continue;
      const rating = await askRating(reader);
      if (rating === QUIT) break;
      const next = store.saveReview({ cardId: item.cardId, rating, now: new Date(), ...shown });
      const dueAt = new Date(next.due);
      out.write(`Next review ${formatWhen(dueAt)} (${formatLocalTime(dueAt)}).\n`);
      reviewed++;
    }
    out.write(`\nReviewed ${reviewed} card${reviewed === 1 ? '' : 's'}; ${store.reviewsToday()} review${store.reviewsToday() === 1 ? '' : 's'} today.\n`);
    return EXIT_OK;
  } finally {
    reader.close();
    store.close();
  }
}

function nothingDue(lessons: readonly Lesson[], store: Store): string {
  const ids = lessons.flatMap((l) => l.module.cards.map((c) => cardId(l.id, c.id)));
  if (!ids.length) return 'There are no quiz cards here yet.\n';
  const now = Date.now();
  let next: { id: string; due: Date } | null = null;
  for (const id of ids) {
    const state: CardState | null = store.cardState(id);
    const due = state ? new Date(state.due) : null;
    if (due && due.getTime() > now && (!next || due < next.due)) next = { id, due };
  }
  if (!next) return 'No cards are due.\n';
  return `No cards are due. The next one, ${next.id}, is due ${formatWhen(next.due)} (${formatLocalTime(next.due)}).\n`;
}

/** Enter (any line) reveals the back. */
async function revealRecall(reader: LineReader, card: Card): Promise<Answer<{}>> {
  const line = await reader.ask('Press Enter to see the answer (q quits): ');
  if (line === null || isQuit(line)) return QUIT;
  process.stdout.write(`→ ${card.back}\n`);
  return {};
}

/** The learner picks a choice, the experiment decides; null when the run did not finish (card skipped). */
async function predictAndRun(reader: LineReader, item: QuizCard): Promise<Answer<{ answer: number; correct: boolean } | null>> {
  const card = item.card;
  if (card.kind !== 'predict') throw new Error(`card ${item.cardId} is not a predict card`);
  const out = process.stdout;
  card.choices.forEach((c, i) => out.write(`  ${i + 1}. ${c}\n`));
  const choice = await askNumber(reader, `Your prediction (1–${card.choices.length}, q quits): `, card.choices.length);
  if (choice === QUIT) return QUIT;

  const exp = findExperiment(item.lesson.module, card.experiment);
  const config = resolveConfig(exp, true, card.config);
  const seed = card.seed ?? DEFAULT_SEED;
  out.write(`Running ${exp.id} (quick, seed ${seed})…\n`);
  const interrupt = catchInterrupt();
  const view = createProgressView({ stream: process.stderr, bars: process.stderr.isTTY === true });
  let run;
  try {
    run = await execute(exp, config, seed, { data: nodeDataSource(), signal: interrupt.signal, view });
  } finally {
    view.close();
    interrupt.dispose();
  }
  if (!run.result) {
    out.write(`The run ${run.status}${run.error ? `: ${run.error}` : ''}; this card is skipped for now.\n`);
    return null;
  }
  const answer = card.answer(run.result);
  const correct = answer === choice - 1;
  out.write(`Result: ${formatMetrics(run.result.metrics)}\n`);
  const verdict = correct ? 'you predicted it.' : `you predicted ${choice} (a wrong prediction is usually rated 1 Again).`;
  out.write(`The experiment says: ${answer + 1}. ${card.choices[answer] ?? '(no such choice)'} — ${verdict}\n`);
  out.write(`→ ${card.back}\n`);
  return { answer: choice - 1, correct };
}

async function askNumber(reader: LineReader, prompt: string, max: number): Promise<Answer<number>> {
  for (;;) {
    const line = await reader.ask(prompt);
    if (line === null || isQuit(line)) return QUIT;
    const n = Number(line.trim());
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    process.stdout.write(`'${line.trim()}' is not a choice; type a number from 1 to ${max}.\n`);
  }
}

async function askRating(reader: LineReader): Promise<Answer<Rating>> {
  for (;;) {
    const line = await reader.ask(RATING_PROMPT);
    if (line === null || isQuit(line)) return QUIT;
    const word = line.trim().toLowerCase();
    const byNumber = ratings[Number(word) - 1];
    if (/^[1-4]$/.test(word) && byNumber) return byNumber;
    if ((ratings as readonly string[]).includes(word)) return word as Rating;
    process.stdout.write(`'${line.trim()}' is not a rating; type 1 (again), 2 (hard), 3 (good) or 4 (easy).\n`);
  }
}

const isQuit = (line: string) => /^q(uit)?$/i.test(line.trim());
