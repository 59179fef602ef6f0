// Times one step function: warm-up, then samples that each repeat the step for a minimum time.
// Runs inside the engine's own process; the parent process enforces the hard time box.

import type { Mode } from './config.ts';
import type { Step } from './engines/types.ts';

const now = (): number => performance.now() / 1000;

// Awaits a step only when it returns a promise (onnxruntime), so synchronous engines pay nothing.
async function timeSteps(step: Step, reps: number): Promise<number> {
  const t0 = now();
  for (let i = 0; i < reps; i++) {
    const r = step() as { then?: unknown } | undefined;
    if (r && typeof r.then === 'function') await r;
  }
  return now() - t0;
}

/**
 * Returns one rate per sample: `workPerStep` units (GFLOP, samples) per second. Throws, instead
 * of measuring, when the samples would not finish before `deadline` (seconds on performance.now()).
 */
export async function measure(step: Step, workPerStep: number, mode: Mode, deadline: number): Promise<number[]> {
  let steps = 0, spent = 0, last = 0;
  while (steps < mode.warmupSteps || spent < mode.warmupSeconds) {
    last = await timeSteps(step, 1);
    spent += last;
    steps++;
    if (now() > deadline) throw new Error(`time box exceeded during warm-up: one step takes ${last.toFixed(2)} s`);
  }
  const reps = Math.max(1, Math.ceil(mode.minSampleSeconds / Math.max(last, 1e-9)));
  const expected = mode.samples * reps * last;
  if (now() + expected > deadline) {
    throw new Error(`time box: one step takes ${last.toFixed(2)} s (~${(workPerStep / last).toPrecision(3)}/s), ` +
      `${mode.samples} samples would need ~${expected.toFixed(0)} s more`);
  }
  const rates: number[] = [];
  for (let s = 0; s < mode.samples; s++) rates.push((reps * workPerStep) / (await timeSteps(step, reps)));
  return rates;
}
