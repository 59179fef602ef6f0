// GET /api/lessons and /api/lessons/:id: lesson metadata, text (Markdown and rendered HTML),
// experiments with their params, claims and cards as plain JSON, and the learner's progress.

import type { Lesson } from '../lesson-file.node.ts';
import { renderMarkdown } from '../markdown.node.ts';
import { buildGlossary, glossaryLinks } from '../glossary.ts';
import { cardView, lessonProgress, type LessonProgress } from '../progress.node.ts';
import { HttpError } from './http.node.ts';
import { z } from 'zod';
import { parseBody } from './validation.node.ts';
import type { LabContext } from './context.node.ts';

export function findLesson(ctx: LabContext, id: string, field = 'lesson'): Lesson {
  const lesson = ctx.lessons.find((l) => l.id === id);
  if (!lesson) throw new HttpError(404, `${field}: no lesson '${id}' (lessons: ${ctx.lessons.map((l) => l.id).join(', ') || 'none'})`);
  return lesson;
}

function summary(lesson: Lesson, progress: LessonProgress) {
  return {
    id: lesson.id,
    number: lesson.number,
    title: lesson.title,
    folder: lesson.folder,
    questions: lesson.questions,
    glossary: lesson.glossary,
    prerequisites: lesson.prerequisites,
    experiments: lesson.module.experiments.map((e) => ({ id: e.id, title: e.title, summary: e.summary })),
    progress,
  };
}

export function listLessons(ctx: LabContext) {
  const now = new Date();
  const states = ctx.store.cardStates();
  const reads = ctx.store.readLessons(); // one query for the whole list, not one per lesson
  return ctx.lessons.map((l) => summary(l, lessonProgress(l.module, ctx.store, now, states, reads)));
}

const rendered = new WeakMap<Lesson, string>();
/** The course's glossary, built once per list of lessons (a server's lessons never change). */
const glossaries = new WeakMap<readonly Lesson[], ReturnType<typeof buildGlossary>>();
export function courseGlossary(ctx: LabContext): ReturnType<typeof buildGlossary> {
  let glossary = glossaries.get(ctx.lessons);
  if (!glossary) glossaries.set(ctx.lessons, (glossary = buildGlossary(ctx.lessons)));
  return glossary;
}

export function lessonDetail(ctx: LabContext, id: string) {
  const lesson = findLesson(ctx, id);
  let html = rendered.get(lesson);
  if (html === undefined) {
    html = renderMarkdown(lesson.markdown, glossaryLinks(courseGlossary(ctx), lesson.unlinked));
    rendered.set(lesson, html);
  }
  const m = lesson.module;
  return {
    ...summary(lesson, lessonProgress(m, ctx.store)),
    markdown: lesson.markdown,
    html,
    experiments: m.experiments.map((e) => ({ id: e.id, title: e.title, summary: e.summary, params: e.params, defaults: e.defaults, quick: e.quick })),
    claims: m.claims.map((c) => ({ id: c.id, text: c.text, experiment: c.experiment, seeds: c.seeds, config: c.config ?? {} })),
    cards: m.cards.map(cardView),
  };
}

const readSchema = z.strictObject({ read: z.boolean() });

/** POST /api/lessons/:id/read {read}: marks the lesson read (or not) and returns when. */
export function markLessonRead(ctx: LabContext, id: string, body: unknown) {
  const lesson = findLesson(ctx, id);
  const { read } = parseBody(readSchema, body);
  return { lesson: lesson.id, readAt: ctx.store.markRead(lesson.id, read) };
}
