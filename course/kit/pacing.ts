// What every experiment does around its run: check its config against its params (a clear error
// instead of a NaN later), hear Stop between steps, and let the event loop breathe.

import { ValueError } from '../../engine/index.ts';
import type { Config, Param } from './types.ts';
import { throwIfStopped } from './stopped.ts';

/** Throws a ValueError naming the experiment, the key, the value and what is allowed. */
export function checkConfig(experiment: string, params: readonly Param[], config: Config): void {
  for (const p of params) {
    const v = config[p.key];
    const shown = typeof v === 'string' ? JSON.stringify(v) : String(v); // NaN and undefined print as themselves
    const bad = (allowed: string) => new ValueError(`${experiment}: config '${p.key}' must be ${allowed}, got ${shown}`);
    if (p.kind === 'select') {
      if (typeof v !== 'string' || !p.options.includes(v)) throw bad(`one of ${p.options.join(', ')}`);
    } else if (p.kind === 'boolean') {
      if (typeof v !== 'boolean') throw bad('true or false');
    } else {
      const range = `${p.kind === 'integer' ? 'an integer' : 'a number'} from ${p.min} to ${p.max}`;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < p.min || v > p.max) throw bad(range);
      if (p.kind === 'integer' && !Number.isInteger(v)) throw bad(range);
    }
  }
}

/**
 * Returns a function to await between training steps: it throws StoppedError once the run is
 * stopped, and yields to the event loop every ~`everyMs` of work so a page stays responsive.
 */
export function pacer(signal: AbortSignal, everyMs = 50): () => Promise<void> {
  let last = Date.now();
  return async () => {
    throwIfStopped(signal);
    if (Date.now() - last >= everyMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = Date.now();
      throwIfStopped(signal);
    }
  };
}
