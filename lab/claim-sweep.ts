// Sweeping a claim over many seeds: the tool a lesson author sets a band with (COURSE.md, "no seed
// triple fails"). Each seed runs once; the claim is then checked on each seed alone and on each
// consecutive triple of the list, and the values are summarized as min / median / max.

import type { Claim, ExperimentResult, LessonModule } from '../course/kit/index.ts';
import { checkSeedList, claimRuns, valueAlone, verdictOn, type RunOptions } from './claims.ts';

export interface SeedValue {
  seed: number;
  /** The claim's value and verdict on this seed alone; null when its check needs several runs. */
  value: number | null;
  passed: boolean | null;
}

export interface TripleVerdict {
  seeds: number[];
  passed: boolean;
  value: number;
}

export interface Range {
  min: number;
  median: number;
  max: number;
}

export interface ClaimSweep {
  id: string;
  text: string;
  experiment: string;
  /** The expectation in words, as the first triple's check states it. */
  expected: string;
  perSeed: SeedValue[];
  /** Over the finite per-seed values; null when there are none. */
  seedRange: Range | null;
  triples: TripleVerdict[];
  tripleRange: Range | null;
  /** Seeds after the last whole triple (the list's length is not a multiple of 3); checked alone only. */
  leftOver: number[];
}

/** Runs `claim` on every seed of `seeds` (at least 3, distinct) and checks it alone and by triples. */
export async function sweepClaim(lesson: LessonModule, claim: Claim, seeds: readonly number[], opts: RunOptions, cache = new Map<string, ExperimentResult>()): Promise<ClaimSweep> {
  checkSeedList(seeds);
  const results = await claimRuns(lesson, claim, seeds, opts, cache);
  const perSeed = seeds.map((seed, i): SeedValue => {
    const alone = valueAlone(claim, results[i]!, seed);
    return { seed, value: alone?.value ?? null, passed: alone?.passed ?? null };
  });
  const triples: TripleVerdict[] = [];
  let expected = '';
  const whole = seeds.length - (seeds.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const three = seeds.slice(i, i + 3);
    const v = verdictOn(claim, results.slice(i, i + 3), three);
    if (i === 0) expected = v.expected;
    triples.push({ seeds: three, passed: v.passed, value: v.value });
  }
  return {
    id: claim.id,
    text: claim.text,
    experiment: claim.experiment,
    expected,
    perSeed,
    seedRange: range(perSeed.map((s) => s.value)),
    triples,
    tripleRange: range(triples.map((t) => t.value)),
    leftOver: seeds.slice(whole),
  };
}

/** min / median / max of the finite values (the median of an even count is the mean of the middle two). */
export function range(values: ReadonlyArray<number | null>): Range | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { min: xs[0]!, median, max: xs[xs.length - 1]! };
}
