// Runs fuzz cases in this thread and tallies them: ok, typed errors (the engine's classes, by
// name), untyped errors (anything else, with the first few messages) and the slowest input.
// The CLI runs this inside a worker so a hang can be cut off; the smoke test calls it directly.

import { GradschoolError } from '../../engine/index.ts';
import { caseRng } from './mutate.ts';
import type { LoaderName, Target } from './targets.ts';

export interface Finding {
  seed: number;
  case: number;
  what: string;
  message: string;
}

export interface Tally {
  loader: LoaderName;
  tried: number;
  ok: number;
  typed: Record<string, number>;
  untyped: number;
  /** The first few untyped errors, each reproducible from its seed and case. */
  untypedSamples: Finding[];
  slowest: { ms: number; seed: number; case: number; what: string };
  /** Inputs past the per-input time limit (filled by the CLI's watch). */
  hangs: Finding[];
  /** Inputs during which memory passed the CLI's limit. */
  memory: Finding[];
}

export const emptyTally = (loader: LoaderName): Tally => ({
  loader, tried: 0, ok: 0, typed: {}, untyped: 0, untypedSamples: [], slowest: { ms: 0, seed: 0, case: -1, what: '' }, hangs: [], memory: [],
});

export const typedCount = (t: Tally): number => Object.values(t.typed).reduce((a, b) => a + b, 0);

/** Runs case k of `seed` and adds it to `tally`. */
export async function runCase(target: Target, seed: number, k: number, tally: Tally, samples = 5): Promise<void> {
  const input = target(caseRng(seed, k));
  const start = performance.now();
  try {
    const result = input.run();
    if (result instanceof Promise) await result;
    tally.ok++;
  } catch (e) {
    if (e instanceof GradschoolError) tally.typed[e.name] = (tally.typed[e.name] ?? 0) + 1;
    else {
      tally.untyped++;
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      if (tally.untypedSamples.length < samples) tally.untypedSamples.push({ seed, case: k, what: input.what, message: message.slice(0, 400) });
    }
  }
  const ms = performance.now() - start;
  tally.tried++;
  if (ms > tally.slowest.ms) tally.slowest = { ms, seed, case: k, what: input.what };
}

/** Runs cases from..from+count−1 (or until `deadline`, a performance.now() time) of one seed. */
export async function runCases(target: Target, tally: Tally, opts: { seed: number; from?: number; count?: number; deadline?: number; onCase?: (k: number) => void }): Promise<number> {
  const { seed, from = 0, count = Infinity, deadline = Infinity } = opts;
  let k = from;
  for (; k < from + count && performance.now() < deadline; k++) {
    opts.onCase?.(k);
    await runCase(target, seed, k, tally);
  }
  return k;
}
