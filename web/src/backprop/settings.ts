// The backprop visualizer's settings: the tiny network's inputs, weights, target and activation,
// their checks, and their place in the URL query. No engine and no DOM here.

import { ValueError } from '../../../engine/index.ts';

export const NUMBER_KEYS = ['x1', 'x2', 'w11', 'w12', 'b1', 'w21', 'w22', 'b2', 'v1', 'v2', 'c', 'y'] as const;
export type NumberKey = (typeof NUMBER_KEYS)[number];
export const ACTIVATIONS = ['tanh', 'sigmoid', 'relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export type Settings = Record<NumberKey, number> & { activation: Activation };
export type SettingKey = keyof Settings;
export const SETTING_KEYS: readonly SettingKey[] = [...NUMBER_KEYS, 'activation'];

/** Numbers beyond ±10 only saturate the activation and make the boxes unreadable. */
export const LIMIT = 10;

// Chosen so that no gradient is zero or tiny and the two hidden units pull in different directions.
export const DEFAULT_SETTINGS: Readonly<Settings> = {
  x1: 0.5, x2: -1, w11: 0.8, w12: -0.4, b1: 0.1, w21: -0.6, w22: 0.3, b2: 0.2, v1: 1.2, v2: -0.7, c: 0.05, y: 1, activation: 'tanh',
};

/** What each number is, in words, for the edit panel. */
export const SETTING_WORDS: Record<NumberKey, string> = {
  x1: 'input 1', x2: 'input 2',
  w11: 'weight from x1 to hidden unit 1', w12: 'weight from x2 to hidden unit 1', b1: 'bias of hidden unit 1',
  w21: 'weight from x1 to hidden unit 2', w22: 'weight from x2 to hidden unit 2', b2: 'bias of hidden unit 2',
  v1: 'weight from h1 to the output', v2: 'weight from h2 to the output', c: 'bias of the output',
  y: 'target the output should match',
};

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Checks one setting's value (a number, or text from a number box or the URL); throws ValueError naming the field. */
export function checkSetting(key: string, value: unknown): number | Activation {
  if (!(SETTING_KEYS as readonly string[]).includes(key)) {
    throw new ValueError(`backprop: unknown setting '${key}'; settings: ${SETTING_KEYS.join(', ')}`);
  }
  if (key === 'activation') {
    if (typeof value === 'string' && (ACTIVATIONS as readonly string[]).includes(value)) return value as Activation;
    throw new ValueError(`backprop: activation must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  const v = typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value) : value;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`backprop: ${key} must be a finite number, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
  }
  if (Math.abs(v) > LIMIT) throw new ValueError(`backprop: ${key} must be between −${LIMIT} and ${LIMIT}, got ${v}`);
  return v;
}

/** The defaults with `partial` applied, every key and value checked. */
export function completeSettings(partial: Partial<Settings>): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [k, v] of Object.entries(partial)) out[k] = checkSetting(k, v);
  return out as Settings;
}

/** Settings with one value changed, checked (throws ValueError for an unknown key or a bad value). */
export function withSetting(s: Settings, key: string, value: unknown): Settings {
  return { ...s, [key]: checkSetting(key, value) };
}

/** Reads settings and the step cursor from a query; `problems` names each value that was ignored and why. */
export function readQuery(query: URLSearchParams, stepCount: number): { settings: Settings; step: number; problems: string[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  let step = 0;
  for (const [key, text] of query) {
    if (key === 'step') {
      if (/^\d{1,4}$/.test(text) && Number(text) <= stepCount) step = Number(text);
      else problems.push(`step '${text}' must be a whole number from 0 to ${stepCount}`);
      continue;
    }
    try {
      (settings as Record<string, unknown>)[key] = checkSetting(key, text);
    } catch (e) {
      problems.push((e as Error).message.replace(/^backprop: /, ''));
    }
  }
  return { settings, step, problems };
}

/** The query for a state: only the settings that differ from the defaults, and the step when past 0. */
export function writeQuery(s: Settings, step: number): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of SETTING_KEYS) if (s[k] !== DEFAULT_SETTINGS[k]) q.set(k, String(s[k]));
  if (step > 0) q.set('step', String(step));
  return q;
}
