// Finding what the command line names: a lesson by id or number ('softmax-vs-argmax', '5', '05'),
// an experiment of that lesson. Unknown names are usage errors that list every valid choice.

import type { Experiment } from '../course/kit/index.ts';
import { loadLessons, type Lesson } from '../lab/lessons.node.ts';
import { UsageError } from './errors.ts';

/** Where a command reads the course from and prints to; tests pass a fixture lesson and a buffer. */
export interface CommandIo {
  lessons?: readonly Lesson[];
  out?: Output;
}
export type Output = { write(text: string): unknown; isTTY?: boolean };

const described = (lessons: readonly Lesson[]) => lessons.map((l) => `${String(l.number).padStart(2, '0')} ${l.id}`).join(', ');

export function findLesson(name: string, lessons: readonly Lesson[] = loadLessons()): Lesson {
  const trimmed = name.trim();
  const byId = lessons.find((l) => l.id === trimmed);
  if (byId) return byId;
  if (/^\d+$/.test(trimmed)) {
    const byNumber = lessons.find((l) => l.number === Number(trimmed));
    if (byNumber) return byNumber;
  }
  throw new UsageError(`no lesson '${name}'; valid lessons (number or id): ${described(lessons)}`);
}

/** The experiments to run: the one named, or all of the lesson's. */
export function chooseExperiments(lesson: Lesson, id: string | undefined): Experiment[] {
  const all = lesson.module.experiments as Experiment[];
  if (id === undefined) return [...all];
  const exp = all.find((e) => e.id === id);
  if (!exp) throw new UsageError(`lesson '${lesson.id}' has no experiment '${id}'; valid experiments: ${all.map((e) => e.id).join(', ')}`);
  return [exp];
}
