// An experiment panel's state in the URL query (experiment, seed, quick and each config value the
// learner set), so a link reproduces a run. Values are checked against the params here only to
// report a bad link kindly; the worker validates the config again before running (lab/config.ts).

import type { Config, Param } from '../../course/kit/index.ts';
import type { ExperimentInfo, LessonDetail } from './api.ts';

export type Value = number | string | boolean;

export interface PanelState {
  experiment: string;
  seed: number;
  quick: boolean;
  /** Config values set explicitly; the rest follow the defaults (and the quick variant). */
  overrides: Record<string, Value>;
}

const RESERVED = new Set(['experiment', 'seed', 'quick']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a param accepts, in words. */
export function describeParam(p: Param): string {
  switch (p.kind) {
    case 'number': return `a number from ${p.min} to ${p.max}`;
    case 'integer': return `an integer from ${p.min} to ${p.max}`;
    case 'select': return `one of ${p.options.join(', ')}`;
    case 'boolean': return 'true or false';
  }
}

/** A param's value from text (URL or a number box), or null if the text is not valid for it. */
export function parseParam(p: Param, text: string): Value | null {
  const t = text.trim();
  switch (p.kind) {
    case 'number':
    case 'integer': {
      if (!NUMBER.test(t)) return null;
      const v = Number(t);
      if (v < p.min || v > p.max || (p.kind === 'integer' && !Number.isInteger(v))) return null;
      return v;
    }
    case 'select': return p.options.includes(t) ? t : null;
    case 'boolean': return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : null;
  }
}

/** The seed a panel starts on: the first one this experiment's claims use, so a default quick run's
 *  result can be reused when its claims are checked. */
export function defaultSeed(lesson: LessonDetail, experiment: string): number {
  return lesson.claims.find((c) => c.experiment === experiment)?.seeds[0] ?? 0;
}

export function effectiveConfig(exp: ExperimentInfo, quick: boolean, overrides: Record<string, Value>): Config {
  return { ...exp.defaults, ...(quick ? exp.quick : {}), ...overrides } as Config;
}

/** Reads the panel state from a query; `problems` names each value that was ignored and why. */
export function readPanelState(query: URLSearchParams, lesson: LessonDetail): { state: PanelState; problems: string[] } {
  const problems: string[] = [];
  const first = lesson.experiments[0];
  if (!first) throw new Error(`lesson '${lesson.id}' has no experiments`);
  let exp = first;
  const wanted = query.get('experiment');
  if (wanted !== null) {
    const found = lesson.experiments.find((e) => e.id === wanted);
    if (found) exp = found;
    else problems.push(`experiment '${wanted}' is not one of this lesson's (${lesson.experiments.map((e) => e.id).join(', ')})`);
  }
  let seed = defaultSeed(lesson, exp.id);
  const seedText = query.get('seed');
  if (seedText !== null) {
    if (/^\d{1,9}$/.test(seedText.trim())) seed = Number(seedText);
    else problems.push(`seed '${seedText}' must be a whole number from 0 to 999999999`);
  }
  const quickText = query.get('quick');
  const quick = quickText === null ? true : quickText !== '0' && quickText !== 'false';
  const overrides: Record<string, Value> = {};
  for (const [key, text] of query) {
    if (RESERVED.has(key)) continue;
    const p = exp.params.find((q) => q.key === key);
    if (!p) {
      problems.push(`'${key}' is not a setting of experiment '${exp.id}' (settings: ${exp.params.map((q) => q.key).join(', ') || 'none'})`);
      continue;
    }
    const v = parseParam(p, text);
    if (v === null) problems.push(`${key} = '${text}' is not valid: expected ${describeParam(p)}`);
    else overrides[key] = v;
  }
  return { state: { experiment: exp.id, seed, quick, overrides }, problems };
}

export function writePanelState(s: PanelState): URLSearchParams {
  const q = new URLSearchParams({ experiment: s.experiment, seed: String(s.seed), quick: s.quick ? '1' : '0' });
  for (const [k, v] of Object.entries(s.overrides)) q.set(k, String(v));
  return q;
}

/** A lesson link that reproduces a saved run: every config key of it, as explicit values. */
export function runLink(run: { lesson: string; experiment: string; seed: number; quick: boolean; config: Config }): string {
  return `/lessons/${encodeURIComponent(run.lesson)}?${writePanelState({ experiment: run.experiment, seed: run.seed, quick: run.quick, overrides: run.config }).toString()}`;
}
