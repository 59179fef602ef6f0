// Running experiments and checking a lesson's claims: each claim runs its experiment (quick
// variant plus the claim's overrides) once per seed, on its own seeds or on a list given for all
// claims (`--claim-seeds`); identical (experiment, config, seed) runs are shared between claims, so
// a lesson's claims cost no more than the distinct runs they need. Every verdict names its seeds.

import type { Claim, ClaimVerdict, Config, DataSource, Experiment, ExperimentResult, LessonModule, ProgressEvent } from '../course/kit/index.ts';
import { fmt } from '../course/kit/stats.ts';

export interface RunOptions {
  data: DataSource;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onLog?: (message: string) => void;
}

/** What checking claims takes besides running: `seeds` replaces every claim's own seed list. */
export interface CheckOptions extends RunOptions {
  seeds?: readonly number[];
}

/** A claim is a statement over several seeds (its bands are set so no seed triple fails), so a
 *  seed list given in place of a claim's own must hold at least this many. */
export const MIN_CLAIM_SEEDS = 3;

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
  /** The seeds the claim's runs used, in order; absent on verdicts saved before seeds were recorded. */
  seeds?: number[];
}

/** A verdict just checked: its seeds are always known. */
export type CheckedClaim = ClaimResult & { seeds: number[] };

/** Throws unless `seeds` are at least MIN_CLAIM_SEEDS distinct whole numbers ≥ 0. */
export function checkSeedList(seeds: readonly number[]): void {
  const bad = seeds.find((s) => !Number.isSafeInteger(s) || s < 0);
  if (bad !== undefined) throw new Error(`claim seeds must be whole numbers ≥ 0, got ${bad}`);
  const repeated = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (repeated !== undefined) throw new Error(`claim seeds must differ, seed ${repeated} is listed twice`);
  if (seeds.length < MIN_CLAIM_SEEDS) {
    throw new Error(`a claim is checked over at least ${MIN_CLAIM_SEEDS} seeds (its band must hold across seeds, which one or two cannot show); got ${seeds.length}: ${seeds.join(', ') || 'none'}`);
  }
}

/** Checks every claim of a lesson (or those in `only`), sharing identical runs between claims. */
export async function checkClaims(lesson: LessonModule, opts: CheckOptions & { only?: readonly string[]; cache?: Map<string, ExperimentResult> }): Promise<CheckedClaim[]> {
  const cache = opts.cache ?? new Map<string, ExperimentResult>();
  const out: CheckedClaim[] = [];
  for (const claim of lesson.claims) {
    if (opts.only && !opts.only.includes(claim.id)) continue;
    out.push(await checkClaim(lesson, claim, opts, cache));
  }
  return out;
}

export async function checkClaim(lesson: LessonModule, claim: Claim, opts: CheckOptions, cache = new Map<string, ExperimentResult>()): Promise<CheckedClaim> {
  if (opts.seeds) checkSeedList(opts.seeds);
  const seeds = [...(opts.seeds ?? claim.seeds)];
  const results = await claimRuns(lesson, claim, seeds, opts, cache);
  return { id: claim.id, text: claim.text, ...verdictOn(claim, results, seeds), seeds };
}

/** The claim's runs (quick variant plus its config) on `seeds`, in order, from `cache` when there. */
export async function claimRuns(lesson: LessonModule, claim: Claim, seeds: readonly number[], opts: RunOptions, cache: Map<string, ExperimentResult>): Promise<ExperimentResult[]> {
  const exp = findExperiment(lesson, claim.experiment);
  const config = resolveConfig(exp, true, claim.config);
  const results: ExperimentResult[] = [];
  for (const seed of seeds) {
    const key = runKey(lesson.id, exp.id, config, seed);
    let result = cache.get(key);
    if (!result) {
      result = await runExperiment(exp, config, seed, opts);
      cache.set(key, result);
    }
    results.push(result);
  }
  return results;
}

/**
 * The claim's check on runs of `seeds`. A check that writes its detail against its own seed list
 * ("seed 1: …" while seeds 11–13 ran) would misname the seeds: a detail naming a seed that did not
 * run is replaced by the claim's value on each seed alone.
 */
export function verdictOn(claim: Claim, results: readonly ExperimentResult[], seeds: readonly number[]): ClaimVerdict {
  const verdict = claim.check(results, seeds);
  if (!misnamesSeeds(verdict.detail, seeds)) return verdict;
  const each = seeds.map((seed, i) => {
    const alone = valueAlone(claim, results[i]!, seed);
    return `seed ${seed}: ${alone ? `${fmt(alone.value)}${alone.passed ? '' : ' ✗'}` : '–'}`;
  });
  return { ...verdict, detail: `value on each seed alone (✗: fails alone): ${each.join(', ')}` };
}

/** Whether `detail` says "seed X" or "seeds X" for an X not in `seeds` ("seed undefined" included). */
export function misnamesSeeds(detail: string | undefined, seeds: readonly number[]): boolean {
  for (const m of (detail ?? '').matchAll(/\bseeds? (\d+|undefined)\b/g)) if (!seeds.includes(Number(m[1]))) return true;
  return false;
}

/** The claim checked on one seed's run, or null when its check needs more than one run. */
export function valueAlone(claim: Claim, result: ExperimentResult, seed: number): ClaimVerdict | null {
  try {
    return claim.check([result], [seed]);
  } catch {
    return null;
  }
}

/** Identifies a run by what determines its result; config keys sorted so order doesn't matter. */
export const runKey = (lesson: string, experiment: string, config: Config, seed: number): string =>
  JSON.stringify([lesson, experiment, seed, Object.keys(config).sort().map((k) => [k, config[k]])]);
