// Checks for state dicts being loaded into optimizers and schedulers: each value's type and range,
// so that a corrupt or hand-edited checkpoint fails naming the field's path and value, instead of
// loading and then training to NaN (a step of -1 divides by 1 − β⁰ = 0; a gamma of "x" gives NaN).

import { ValueError } from '../errors.ts';

/** One field's rule: `ok` says if a value passes, `expected` says in words what passes. */
export interface Rule {
  ok: (v: unknown) => boolean;
  expected: string;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const rules = {
  /** lr, weight decay, gamma…: NaN and ±Infinity never make sense as a rate or a factor. */
  nonNegative: { ok: (v) => num(v) && v >= 0, expected: 'a finite number ≥ 0' },
  positive: { ok: (v) => num(v) && v > 0, expected: 'a finite number > 0' },
  finite: { ok: num, expected: 'a finite number' },
  /** A best-so-far value: starts at ±Infinity, never NaN (nothing would ever compare better). */
  notNaN: { ok: (v) => typeof v === 'number' && !Number.isNaN(v), expected: 'a number (±Infinity allowed, not NaN)' },
  count: { ok: (v) => Number.isSafeInteger(v) && (v as number) >= 0, expected: 'an integer ≥ 0' },
  positiveInt: { ok: (v) => Number.isSafeInteger(v) && (v as number) > 0, expected: 'a positive integer' },
  /** lastEpoch: -1 means "not started" (a SequentialLR's waiting schedules keep it). */
  epoch: { ok: (v) => Number.isSafeInteger(v) && (v as number) >= -1, expected: 'an integer ≥ -1' },
  bool: { ok: (v) => typeof v === 'boolean', expected: 'true or false' },
  unit: { ok: (v) => num(v) && v >= 0 && v < 1, expected: 'a number in [0, 1)' },
} satisfies Record<string, Rule>;

export const oneOf = (...values: readonly string[]): Rule => ({
  ok: (v) => typeof v === 'string' && values.includes(v),
  expected: `one of ${values.map((x) => `'${x}'`).join(', ')}`,
});

/** A list of exactly `n` values (when n is given), each passing `item`. */
export const listOf = (item: Rule, n?: number): Rule => ({
  ok: (v) => Array.isArray(v) && (n === undefined || v.length === n) && v.every((x) => item.ok(x)),
  expected: `a list of ${n === undefined ? '' : `${n} `}values, each ${item.expected}`,
});

/** A value as the error message shows it: strings quoted, short. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return v.length > 8 ? `a list of ${v.length} values` : `[${v.map(show).join(', ')}]`;
  return typeof v === 'object' ? `a ${v.constructor?.name ?? 'null-prototype'} object` : typeof v;
}

export function stateError(who: string, path: string, value: unknown, expected: string): ValueError {
  return new ValueError(`${who}: ${path} = ${show(value)} is not valid: expected ${expected}`);
}

/** Throws a ValueError naming `path` and the value unless it passes `rule`. */
export function checkField(who: string, path: string, value: unknown, rule: Rule): void {
  if (!rule.ok(value)) throw stateError(who, path, value, value === undefined ? `${rule.expected} (it is missing)` : rule.expected);
}

/** Checks every field `spec` names in `sd` (each must be present), under `prefix`. */
export function checkFields(who: string, prefix: string, sd: Record<string, unknown>, spec: Readonly<Record<string, Rule>>): void {
  for (const [key, rule] of Object.entries(spec)) checkField(who, `${prefix}.${key}`, sd[key], rule);
}
