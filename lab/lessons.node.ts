// The course as the lab sees it: every registry lesson's text and metadata joined with its module,
// in reading order. Read from disk once per process and cached.

import { fileURLToPath } from 'node:url';
import { lessonFolders, lessons as registry } from '../course/index.ts';
import type { LessonModule } from '../course/kit/index.ts';
import { readLesson, type Lesson } from './lesson-file.node.ts';

export type { GlossaryEntry, Lesson } from './lesson-file.node.ts';
export { parseLessonText, readLesson } from './lesson-file.node.ts';

const courseDir = fileURLToPath(new URL('../course/', import.meta.url));

/** Joins modules with their lesson.md files; throws on the first lesson that is missing or invalid. */
export function loadLessonsFrom(modules: readonly LessonModule[], folders: Readonly<Record<string, string>>, dir: string): Lesson[] {
  const seen = new Set<string>();
  return modules.map((m) => {
    if (seen.has(m.id)) throw new Error(`the course registry lists lesson '${m.id}' twice`);
    seen.add(m.id);
    const folder = folders[m.id];
    if (!folder) throw new Error(`the course registry has no folder for lesson '${m.id}' (course/index.ts lessonFolders)`);
    return readLesson(m, folder, dir);
  });
}

let cached: Lesson[] | undefined;

/** Every lesson of the course, in reading order. */
export function loadLessons(): Lesson[] {
  cached ??= loadLessonsFrom(registry, lessonFolders, courseDir);
  return cached;
}

export function getLesson(id: string): Lesson {
  const all = loadLessons();
  const lesson = all.find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson '${id}' (lessons: ${all.map((l) => l.id).join(', ')})`);
  return lesson;
}
