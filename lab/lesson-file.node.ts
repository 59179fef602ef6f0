// Reading one lesson's lesson.md: YAML front matter checked with zod against the lesson's registry
// entry, then joined with its module (experiments, claims, cards) into a Lesson.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { LessonModule } from '../course/kit/index.ts';

export interface GlossaryEntry {
  term: string;
  definition: string;
}

export interface Lesson {
  id: string;
  number: number;
  title: string;
  /** Folder under course/, `<nn>-<id>`. */
  folder: string;
  /** The interview questions the lesson answers. */
  questions: string[];
  glossary: GlossaryEntry[];
  /** Glossary terms the text uses in another sense (statistical "bias"), so they are not linked. */
  unlinked: string[];
  /** Ids of lessons to read first. */
  prerequisites: string[];
  /** The text without its front matter. */
  markdown: string;
  module: LessonModule;
}

const text = z.string().trim().min(1);
const frontMatterSchema = z.strictObject({
  id: text,
  number: z.number().int().min(1),
  title: text,
  questions: z.array(text).min(1),
  glossary: z.array(z.strictObject({ term: text, definition: text })).default([]),
  prerequisites: z.array(text).default([]),
  unlinked: z.array(text).default([]),
});

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits and validates a lesson.md; `where` names the file in errors. */
export function parseLessonText(source: string, where: string): Omit<Lesson, 'folder' | 'module'> {
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new Error(`${where}: no front matter (the file must start with a '---' line, YAML, then another '---' line)`);
  let yaml: unknown;
  try {
    yaml = parseYaml(match[1]!);
  } catch (e) {
    throw new Error(`${where}: front matter is not valid YAML: ${(e as Error).message}`);
  }
  const result = frontMatterSchema.safeParse(yaml);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(front matter)'}: ${i.message}`);
    throw new Error(`${where}: invalid front matter: ${problems.join('; ')}`);
  }
  return { ...result.data, markdown: source.slice(match[0].length).replace(/^\s*\n/, '') };
}

/** Reads `<courseDir>/<folder>/lesson.md` and checks it agrees with the registry (id, folder number). */
export function readLesson(module: LessonModule, folder: string, courseDir: string): Lesson {
  const file = join(courseDir, folder, 'lesson.md');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`lesson '${module.id}': cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = parseLessonText(source, file);
  if (parsed.id !== module.id) throw new Error(`${file}: front matter id '${parsed.id}' differs from the registry id '${module.id}'`);
  const folderNumber = Number(/^(\d+)-/.exec(folder)?.[1]);
  if (folderNumber !== parsed.number) {
    throw new Error(`${file}: front matter number ${parsed.number} differs from the folder's number (${folder})`);
  }
  return { ...parsed, folder, module };
}
