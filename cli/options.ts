// Defaults and checks for the numeric flags (--seed, --limit, --port and the PORT variable), kept
// apart from the commands so `--help` and argument errors never load the engine or the course.

import { UsageError } from './errors.ts';

export const DEFAULT_SEED = 1;
export const DEFAULT_PORT = 4173;
export const DEFAULT_QUIZ_LIMIT = 20;

/** Parses a whole number in [min, max]; `what` names it in the error ("the seed"). */
export function parseInteger(text: string, min: number, max: number, what: string): number {
  const t = text.trim();
  const n = Number(t);
  if (!/^[+-]?\d+$/.test(t) || n < min || n > max) throw new UsageError(`${what} must be an integer from ${min} to ${max}, got '${text}'`);
  return n;
}

export function parsePort(text: string, what: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) > 65535) throw new UsageError(`${what} must be a number from 0 to 65535 (0 picks a free one), got '${text}'`);
  return Number(t);
}
