// Defaults and checks for the numeric flags (--seed, --claim-seeds, --limit, --port and the PORT
// variable), kept apart from the commands so `--help` and argument errors never load the engine or
// the course (lab/claims.ts imports only types and the kit's number formatting).

import { checkSeedList } from '../lab/claims.ts';
import { UsageError } from './errors.ts';

export const DEFAULT_SEED = 1;
export const DEFAULT_PORT = 4173;
export const DEFAULT_QUIZ_LIMIT = 20;
/** What `gradschool claims` sweeps when no --seeds are given (COURSE.md: at least 30 seeds). */
export const DEFAULT_SWEEP_SEEDS = '1-30';
/** The most seeds one list may name: a sweep runs an experiment per seed. */
export const MAX_SEED_LIST = 1000;
const MAX_SEED = 2 ** 31 - 1;

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

/** A seed list: comma-separated seeds and inclusive ranges, "11,12,13", "1-30", "1-10,50". */
export function parseSeedList(text: string, what: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    const lo = Number(m?.[1]);
    const hi = m?.[2] === undefined ? lo : Number(m[2]);
    if (!m || hi > MAX_SEED) throw new UsageError(`${what} must be seeds from 0 to ${MAX_SEED} and ranges like '1-30', separated by commas; got '${part}' in '${text}'`);
    if (hi < lo) throw new UsageError(`${what}: the range '${part}' ends before it starts`);
    if (seeds.length + hi - lo + 1 > MAX_SEED_LIST) throw new UsageError(`${what} name more than ${MAX_SEED_LIST} seeds ('${text}')`);
    for (let s = lo; s <= hi; s++) seeds.push(s);
  }
  try {
    checkSeedList(seeds);
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message}`);
  }
  return seeds;
}
