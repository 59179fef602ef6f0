// `--set key=value` flags: split, then validated per experiment by lab/config.ts. With several
// experiments each takes the keys it has; a key none of them has is an error listing every valid key.

import type { Config, Experiment } from '../course/kit/index.ts';
import { ConfigError, describeParam, parseConfig } from '../lab/config.ts';
import { UsageError } from './errors.ts';

/** 'lr=0.1' → { lr: '0.1' }; a later flag for the same key wins. */
export function parseSetFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new UsageError(`--set expects key=value, got '${flag}' (e.g. --set steps=200)`);
    out[flag.slice(0, at).trim()] = flag.slice(at + 1).trim();
  }
  return out;
}

function validKeys(experiments: readonly Experiment[]): string {
  return experiments
    .map((e) => `${e.id}: ${e.params.map((p) => `${p.key} (${describeParam(p)})`).join(', ') || 'no settings'}`)
    .join('; ');
}

/** The full config of each experiment: defaults, the quick variant if asked, then the --set values. */
export function configsFor(experiments: readonly Experiment[], sets: Readonly<Record<string, string>>, quick: boolean): Map<string, Config> {
  const unknown = Object.keys(sets).filter((k) => !experiments.some((e) => e.params.some((p) => p.key === k)));
  if (unknown.length) {
    const [key] = unknown;
    throw new UsageError(`unknown setting '${key}' (--set ${key}=${sets[key!]}); valid settings: ${validKeys(experiments)}`);
  }
  const configs = new Map<string, Config>();
  for (const exp of experiments) {
    const own = Object.fromEntries(Object.entries(sets).filter(([k]) => exp.params.some((p) => p.key === k)));
    try {
      configs.set(exp.id, parseConfig(exp, own, { fromStrings: true, quick }));
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(`--set: ${e.message}`);
      throw e;
    }
  }
  return configs;
}
