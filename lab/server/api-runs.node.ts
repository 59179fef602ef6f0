// /api/runs: listing saved runs a page at a time, reading one in full, and saving one (its experiment
// must exist, its config must pass the experiment's params, and it must fit RUN_LIMITS).

import { ConfigError, parseConfig } from '../config.ts';
import { newRunSchema, RunTooLargeError, type NewRun } from '../runs.ts';
import { findLesson } from './api-lessons.node.ts';
import type { LabContext } from './context.node.ts';
import { HttpError, JsonReply } from './http.node.ts';
import { intParam, parseBody } from './validation.node.ts';

/** The most runs one page lists; a bigger `limit` is lowered to it. */
export const MAX_RUNS_PAGE = 100;

/**
 * Newest first, `limit` (default 50, at most MAX_RUNS_PAGE) summaries whose id is below `before`.
 * The body stays a plain array; when more runs remain, a `Link: <…>; rel="next"` header (RFC 8288)
 * gives the next page's URL and `X-Next-Before` its cursor.
 */
export function listRuns(ctx: LabContext, query: URLSearchParams): JsonReply {
  const lesson = query.get('lesson') ?? undefined;
  if (lesson !== undefined) findLesson(ctx, lesson);
  const limit = Math.min(intParam(query, 'limit', 1, 1_000_000) ?? 50, MAX_RUNS_PAGE);
  const before = intParam(query, 'before', 1, Number.MAX_SAFE_INTEGER);
  // One more than asked for tells whether another page exists.
  const rows = ctx.store.listRuns({ lesson, limit: limit + 1, before });
  const page = rows.slice(0, limit);
  if (rows.length <= limit) return new JsonReply(page);
  const cursor = String(page[page.length - 1]!.id);
  const next = new URLSearchParams({ ...(lesson !== undefined ? { lesson } : {}), limit: String(limit), before: cursor });
  return new JsonReply(page, { Link: `</api/runs?${next}>; rel="next"`, 'X-Next-Before': cursor });
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
  try {
    return { id: ctx.store.saveRun({ ...(input as unknown as NewRun), config }) };
  } catch (e) {
    if (e instanceof RunTooLargeError) throw new HttpError(413, `${e.part}: ${e.message}`);
    throw e;
  }
}
