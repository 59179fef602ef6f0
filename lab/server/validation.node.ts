// Turning untrusted request input (JSON bodies, query strings) into typed values, or a 400 whose
// message lists every failing field and why.

import type { z } from 'zod';
import { HttpError } from './http.node.ts';

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const where = i.path.map(String).join('.');
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join('; ');
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, `invalid request body: ${describeIssues(result.error.issues)}`);
  return result.data;
}

/** An optional integer query parameter within [min, max]. */
export function intParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new HttpError(400, `query parameter '${name}' = '${raw}' is not valid: expected an integer from ${min} to ${max}`);
  }
  return n;
}

/** An optional ISO-8601 time query parameter; defaults to the current time. */
export function timeParam(query: URLSearchParams, name: string): Date {
  const raw = query.get(name);
  if (raw === null) return new Date();
  return parseTime(raw, `query parameter '${name}'`);
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseTime(raw: string, what: string): Date {
  const date = new Date(raw);
  if (!ISO.test(raw) || Number.isNaN(date.getTime())) {
    throw new HttpError(400, `${what} = '${raw}' is not valid: expected an ISO-8601 time such as 2025-01-31T09:00:00Z`);
  }
  return date;
}
