// /api/runs: listing saved runs, reading one in full, and saving one (its experiment must exist and
// its config must pass the experiment's params).

import { ConfigError, parseConfig } from '../config.ts';
import { newRunSchema, type NewRun } from '../runs.ts';
import { findLesson } from './api-lessons.node.ts';
import type { LabContext } from './context.node.ts';
import { HttpError } from './http.node.ts';
import { intParam, parseBody } from './validation.node.ts';

export function listRuns(ctx: LabContext, query: URLSearchParams) {
  const lesson = query.get('lesson') ?? undefined;
  if (lesson !== undefined) findLesson(ctx, lesson);
  const limit = intParam(query, 'limit', 1, 1000) ?? 50;
  return ctx.store.listRuns({ lesson, limit });
}

export function getRun(ctx: LabContext, idText: string) {
  const id = Number(idText);
  const run = /^\d{1,15}$/.test(idText) ? ctx.store.getRun(id) : null;
  if (!run) throw new HttpError(404, `no run with id '${idText}'`);
  return run;
}

export function createRun(ctx: LabContext, body: unknown): { id: number } {
  const input = parseBody(newRunSchema, body);
  const lesson = findLesson(ctx, input.lesson);
  const exp = lesson.module.experiments.find((e) => e.id === input.experiment);
  if (!exp) {
    const known = lesson.module.experiments.map((e) => e.id).join(', ');
    throw new HttpError(404, `experiment: lesson '${lesson.id}' has no experiment '${input.experiment}' (it has: ${known})`);
  }
  let config;
  try {
    config = parseConfig(exp, input.config, { quick: input.quick });
  } catch (e) {
    if (e instanceof ConfigError) throw new HttpError(400, `config: ${e.message}`);
    throw e;
  }
  // Non-finite numbers arrive as null (JSON has no NaN); the record keeps them as null.
  const id = ctx.store.saveRun({ ...(input as unknown as NewRun), config });
  return { id };
}
