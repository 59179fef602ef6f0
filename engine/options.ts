// Option objects checked against the keys a function accepts. JavaScript drops an unknown key
// without a word, so a typo (`unbiased` for `correction`, snake_case `weight_decay`) would silently
// run with the default: here it is an error naming the key, the function and what it accepts.

import { ValueError } from './errors.ts';

/** Where the caller passed snake_case or PyTorch's name for a key we spell differently. */
const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Throws ValueError if `opts` has a key not in `allowed` (undefined values count: `{lr: undefined}`
 * is still a key the caller wrote). `hints` maps a known PyTorch spelling to what to write instead.
 */
export function checkOptions(where: string, opts: object | undefined | null, allowed: readonly string[], hints: Readonly<Record<string, string>> = {}): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== 'object' || Array.isArray(opts)) throw new ValueError(`${where}: options must be an object of {${allowed.join(', ')}}, got ${Array.isArray(opts) ? 'an array' : typeof opts}`);
  for (const key of Object.keys(opts)) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((a) => a.toLowerCase() === camel(key).toLowerCase()); // weight_decay, keepDim
    const hint = hints[key] ?? (near ? `write ${near}` : undefined);
    throw new ValueError(`${where}: unknown option '${key}'${hint ? ` (${hint})` : ''}; accepted: ${allowed.join(', ') || 'none'}`);
  }
}
