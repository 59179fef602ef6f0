// `gradschool run --all`: every lesson in course order, each as `gradschool run <id>` would run it,
// then a table of each lesson's wall time and claims. It answers "does the whole course still hold,
// and how long does checking it take?" in one command. Exit 0 only when every lesson passed.

import { loadLessons, type Lesson } from '../../lab/lessons.node.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.ts';
import { formatSeconds, table } from '../format.ts';
import type { CommandIo } from '../lookup.ts';
import { runCommand, type RunFlags } from './run.ts';

export type RunAllFlags = Omit<RunFlags, 'experiment' | 'set'>;

interface LessonOutcome {
  id: string;
  number: number;
  title: string;
  seconds: number;
  exitCode: number;
  claims: { passed: number; total: number };
  /** The ids of the claims that failed. */
  failed: string[];
  /** Set when the lesson printed no report (an experiment failed or was stopped before the claims). */
  error?: string;
}

export async function runAllCommand(flags: RunAllFlags, io: CommandIo = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const lessons = io.lessons ?? loadLessons();
  const outcomes: LessonOutcome[] = [];
  const t0 = performance.now();
  if (!flags.json) out.write(`Running ${plural(lessons.length, 'lesson')}${flags.quick ? ' (quick)' : ''}, one after another.\n`);
  for (const lesson of lessons) {
    if (!flags.json) out.write(`${label(lesson)} … `);
    const outcome = await runOne(lesson, flags, io);
    outcomes.push(outcome);
    if (!flags.json) out.write(`${formatSeconds(outcome.seconds)}, ${verdictText(outcome)}\n`);
    if (outcome.exitCode === EXIT_INTERRUPTED) break;
  }
  const totalSeconds = seconds(t0);
  const passed = outcomes.filter((o) => o.exitCode === EXIT_OK).length;
  if (flags.json) {
    out.write(JSON.stringify({ quick: flags.quick, claimSeeds: flags.claimSeeds ?? null, totalSeconds, lessons: outcomes }) + '\n');
  } else {
    out.write(`\n${summaryTable(outcomes)}\n\n${passed} of ${plural(lessons.length, 'lesson')} passed in ${formatSeconds(totalSeconds)}.\n`);
  }
  if (outcomes.some((o) => o.exitCode === EXIT_INTERRUPTED)) return EXIT_INTERRUPTED;
  return passed === lessons.length ? EXIT_OK : EXIT_FAILED;
}

/** Runs one lesson with its report captured as JSON, so that this command can summarize it. */
async function runOne(lesson: Lesson, flags: RunAllFlags, io: CommandIo): Promise<LessonOutcome> {
  const chunks: string[] = [];
  const t0 = performance.now();
  const exitCode = await runCommand(lesson.id, { ...flags, set: [], json: true }, { ...io, out: { write: (s: string) => chunks.push(s) } });
  const base = { id: lesson.id, number: lesson.number, title: lesson.title, seconds: seconds(t0), exitCode };
  const report = parseReport(chunks.join(''));
  if (!report) return { ...base, claims: { passed: 0, total: 0 }, failed: [], error: 'the lesson printed no report' };
  const failedRun = report.runs.find((r) => r.status !== 'completed');
  const failed = report.claims.filter((c) => !c.passed).map((c) => c.id);
  return {
    ...base,
    claims: { passed: report.claims.length - failed.length, total: report.claims.length },
    failed,
    ...(failedRun ? { error: `experiment '${failedRun.experiment}' ${failedRun.status}${failedRun.error ? `: ${failedRun.error}` : ''}` } : {}),
  };
}

interface Report {
  runs: { experiment: string; status: string; error?: string }[];
  claims: { id: string; passed: boolean }[];
}

function parseReport(text: string): Report | undefined {
  try {
    const r = JSON.parse(text) as Report;
    return Array.isArray(r.runs) && Array.isArray(r.claims) ? r : undefined;
  } catch {
    return undefined;
  }
}

const label = (l: { number: number; id: string }) => `${String(l.number).padStart(2, '0')} ${l.id}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;

function verdictText(o: LessonOutcome): string {
  if (o.error) return `failed: ${o.error}`;
  const claims = `claims ${o.claims.passed}/${o.claims.total} passed`;
  return o.failed.length ? `${claims} (failed: ${o.failed.join(', ')})` : claims;
}

function summaryTable(outcomes: readonly LessonOutcome[]): string {
  const rows = outcomes.map((o) => [label(o), formatSeconds(o.seconds), `${o.claims.passed}/${o.claims.total}`, o.exitCode === EXIT_OK ? 'passed' : o.error ? 'failed (run)' : 'failed']);
  return table([{ header: 'lesson' }, { header: 'time', align: 'right' }, { header: 'claims', align: 'right' }, { header: 'verdict' }], rows);
}
