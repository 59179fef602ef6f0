// Running experiments and checking a lesson's claims: each claim runs its experiment (quick
// variant plus the claim's overrides) once per seed; identical (experiment, config, seed) runs are
// shared between claims, so a lesson's claims cost no more than the distinct runs they need.

import type { Claim, ClaimVerdict, Config, DataSource, Experiment, ExperimentResult, LessonModule, ProgressEvent } from '../course/kit/index.ts';

export interface RunOptions {
  data: DataSource;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onLog?: (message: string) => void;
}

export function findExperiment(lesson: LessonModule, id: string): Experiment {
  const exp = lesson.experiments.find((e) => e.id === id);
  if (!exp) throw new Error(`lesson '${lesson.id}' has no experiment '${id}' (it has: ${lesson.experiments.map((e) => e.id).join(', ')})`);
  return exp;
}

/** The config a run uses: defaults, then the quick variant if asked, then explicit overrides. */
export function resolveConfig(exp: Experiment, quick: boolean, overrides: Partial<Config> = {}): Config {
  return { ...exp.defaults, ...(quick ? exp.quick : {}), ...overrides } as Config;
}

export function runExperiment(exp: Experiment, config: Config, seed: number, opts: RunOptions): Promise<ExperimentResult> {
  return exp.run(config, {
    seed,
    data: opts.data,
    signal: opts.signal ?? new AbortController().signal,
    progress: (e) => opts.onProgress?.(e),
    log: (m) => opts.onLog?.(m),
  });
}

export interface ClaimResult extends ClaimVerdict {
  id: string;
  text: string;
}

/** Checks every claim of a lesson (or those in `only`), sharing identical runs between claims. */
export async function checkClaims(lesson: LessonModule, opts: RunOptions & { only?: readonly string[]; cache?: Map<string, ExperimentResult> }): Promise<ClaimResult[]> {
  const cache = opts.cache ?? new Map<string, ExperimentResult>();
  const out: ClaimResult[] = [];
  for (const claim of lesson.claims) {
    if (opts.only && !opts.only.includes(claim.id)) continue;
    out.push(await checkClaim(lesson, claim, opts, cache));
  }
  return out;
}

export async function checkClaim(lesson: LessonModule, claim: Claim, opts: RunOptions, cache = new Map<string, ExperimentResult>()): Promise<ClaimResult> {
  const exp = findExperiment(lesson, claim.experiment);
  const config = resolveConfig(exp, true, claim.config);
  const results: ExperimentResult[] = [];
  for (const seed of claim.seeds) {
    const key = runKey(lesson.id, exp.id, config, seed);
    let result = cache.get(key);
    if (!result) {
      result = await runExperiment(exp, config, seed, opts);
      cache.set(key, result);
    }
    results.push(result);
  }
  return { id: claim.id, text: claim.text, ...claim.check(results) };
}

/** Identifies a run by what determines its result; config keys sorted so order doesn't matter. */
export const runKey = (lesson: string, experiment: string, config: Config, seed: number): string =>
  JSON.stringify([lesson, experiment, seed, Object.keys(config).sort().map((k) => [k, config[k]])]);
