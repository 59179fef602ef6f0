// Small helpers every experiment of this lesson uses: a config check before a run (so a bad value
// fails naming the field, the value and what is allowed) and a yield that keeps Stop responsive.

import type { Config, Param } from '../kit/index.ts';

export function checkConfig(experiment: string, params: readonly Param[], config: Config): void {
  for (const p of params) {
    const v = config[p.key];
    const where = `${experiment}: config '${p.key}'`;
    if (p.kind === 'boolean') {
      if (typeof v !== 'boolean') throw new RangeError(`${where} must be true or false, got ${JSON.stringify(v)}`);
    } else if (p.kind === 'select') {
      if (typeof v !== 'string' || !p.options.includes(v)) throw new RangeError(`${where} must be one of ${p.options.join(', ')}, got ${JSON.stringify(v)}`);
    } else {
      const kind = p.kind === 'integer' ? 'an integer' : 'a number';
      const ok = typeof v === 'number' && Number.isFinite(v) && (p.kind === 'number' || Number.isInteger(v));
      if (!ok || (v as number) < p.min || (v as number) > p.max) throw new RangeError(`${where} must be ${kind} from ${p.min} to ${p.max}, got ${JSON.stringify(v)}`);
    }
  }
}

/** Lets the browser handle Stop and redraw about every 50 ms of work; a no-op cost in between. */
export function makeYielder(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
}
