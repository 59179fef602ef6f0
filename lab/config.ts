// Validating an experiment's config against its params (CLI flags, URL queries, API bodies): a
// strict zod schema built from the params, and errors that name the key, the value and what is valid.
// Isomorphic: the web worker and the server use the same rules.

import { z } from 'zod';
import type { Config, Experiment, Param } from '../course/kit/index.ts';

/** A config that failed validation; `keys` lists the offending keys (for forms to highlight). */
export class ConfigError extends Error {
  constructor(message: string, readonly keys: readonly string[]) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** What a param accepts, in words ("a number from 0.001 to 1"). */
export function describeParam(p: Param): string {
  switch (p.kind) {
    case 'number': return `a number from ${p.min} to ${p.max}`;
    case 'integer': return `an integer from ${p.min} to ${p.max}`;
    case 'select': return `one of ${p.options.map((o) => `'${o}'`).join(', ')}`;
    case 'boolean': return 'true or false';
  }
}

function paramSchema(p: Param): z.ZodType {
  switch (p.kind) {
    case 'number': return z.number().min(p.min).max(p.max);
    case 'integer': return z.number().int().min(p.min).max(p.max);
    case 'select': return z.enum(p.options as [string, ...string[]]);
    case 'boolean': return z.boolean();
  }
}

/** Every key optional (missing keys take the defaults); unknown keys rejected. */
export function configSchema(exp: Experiment) {
  const shape: Record<string, z.ZodType> = {};
  for (const p of exp.params) shape[p.key] = paramSchema(p).optional();
  return z.strictObject(shape);
}

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Turns strings from a command line or URL into the types the params expect; anything unconvertible
 *  is left as it is, so validation reports it with the original text. */
export function configFromStrings(exp: Experiment, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const p = exp.params.find((q) => q.key === key);
    if (typeof value !== 'string' || !p) out[key] = value;
    else if (p.kind === 'number' || p.kind === 'integer') out[key] = NUMBER.test(value.trim()) ? Number(value) : value;
    else if (p.kind === 'boolean') out[key] = value === 'true' ? true : value === 'false' ? false : value;
    else out[key] = value;
  }
  return out;
}

export interface ParseConfigOptions {
  /** Convert string values first (CLI flags, URL query parameters). */
  fromStrings?: boolean;
  /** Fill missing keys from the quick variant rather than the full defaults. */
  quick?: boolean;
}

/** The full config a run uses: `raw` validated, missing keys filled from the defaults (and quick
 *  variant if asked). Throws a ConfigError naming every bad key, its value and what is valid. */
export function parseConfig(exp: Experiment, raw: unknown, opts: ParseConfigOptions = {}): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`config for experiment '${exp.id}' must be an object of key/value pairs, got ${show(raw)}`, []);
  }
  const input = opts.fromStrings ? configFromStrings(exp, raw as Record<string, unknown>) : (raw as Record<string, unknown>);
  const result = configSchema(exp).safeParse(input);
  if (!result.success) {
    const messages: string[] = [];
    const keys: string[] = [];
    const validKeys = exp.params.map((p) => p.key).join(', ') || 'none';
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          keys.push(key);
          messages.push(`unknown config key '${key}' for experiment '${exp.id}' (valid keys: ${validKeys})`);
        }
        continue;
      }
      const key = String(issue.path[0]);
      const p = exp.params.find((q) => q.key === key)!;
      keys.push(key);
      messages.push(`config '${key}' = ${show(input[key])} is not valid: expected ${describeParam(p)}`);
    }
    throw new ConfigError(messages.join('; '), [...new Set(keys)]);
  }
  const base = { ...exp.defaults, ...(opts.quick ? exp.quick : {}) } as Config;
  const given = Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) as Config;
  return { ...base, ...given };
}
