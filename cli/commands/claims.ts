// `gradschool claims <lesson> --seeds 1-30`: sweeps the lesson's claims over many seeds (quick
// variant) and prints, per claim, each seed's value alone, min / median / max, and every seed
// triple's verdict: what a lesson author sets a band from. Saves nothing. Exit 1 if a triple fails.

import type { ExperimentResult } from '../../course/kit/index.ts';
import { sweepClaim, type ClaimSweep } from '../../lab/claim-sweep.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../errors.ts';
import { formatSeeds, sweepLines } from '../format.ts';
import { catchInterrupt } from '../interrupt.ts';
import { findLesson, type CommandIo } from '../lookup.ts';
import { createProgressView } from '../progress.ts';

export interface ClaimsFlags {
  /** At least 3, checked by the parser; taken in triples in this order. */
  seeds: number[];
  /** Claim ids to sweep; empty: all of the lesson's. */
  claims: string[];
  json: boolean;
}

export async function claimsCommand(lessonName: string, flags: ClaimsFlags, io: CommandIo = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const lesson = findLesson(lessonName, io.lessons);
  const all = lesson.module.claims;
  const unknown = flags.claims.filter((id) => !all.some((c) => c.id === id));
  if (unknown.length) throw new UsageError(`lesson '${lesson.id}' has no claim '${unknown[0]}'; valid claims: ${all.map((c) => c.id).join(', ') || 'none'}`);
  const chosen = flags.claims.length ? all.filter((c) => flags.claims.includes(c.id)) : all;
  const color = out.isTTY === true && !process.env.NO_COLOR;
  const interrupt = catchInterrupt();
  const view = createProgressView({ stream: process.stderr, bars: process.stderr.isTTY === true && !flags.json });
  const data = nodeDataSource();
  // Claims of one experiment and config share their runs.
  const cache = new Map<string, ExperimentResult>();
  const sweeps: ClaimSweep[] = [];
  let error: string | undefined;
  try {
    if (!flags.json) out.write(`Lesson ${String(lesson.number).padStart(2, '0')} · ${lesson.title}: ${chosen.length} claim${chosen.length === 1 ? '' : 's'} on seeds ${formatSeeds(flags.seeds)} (quick variant, triples in order)\n`);
    for (const claim of chosen) {
      const bar = view.begin(`claim ${claim.id}`);
      try {
        const onLog = (m: string) => view.log(`[claim ${claim.id}] ${m}`);
        const sweep = await sweepClaim(lesson.module, claim, flags.seeds, { data, signal: interrupt.signal, onProgress: (e) => bar.update(e), onLog }, cache);
        bar.finish(sweep.triples.every((t) => t.passed) ? 'every triple passed' : 'a triple failed');
        sweeps.push(sweep);
      } catch (e) {
        bar.finish(interrupt.signal.aborted ? 'stopped' : 'failed');
        if (!interrupt.signal.aborted) error = `sweeping claim '${claim.id}' failed: ${e instanceof Error ? e.message : String(e)}`;
        break;
      }
    }
  } finally {
    view.close();
    interrupt.dispose();
  }

  const held = sweeps.filter((s) => s.triples.every((t) => t.passed)).length;
  if (flags.json) out.write(JSON.stringify({ lesson: lesson.id, seeds: flags.seeds, quick: true, claims: sweeps }) + '\n');
  else if (sweeps.length) out.write(`\n${sweeps.map((s) => sweepLines(s, color)).join('\n\n')}\n\n${held} of ${sweeps.length} claim${sweeps.length === 1 ? '' : 's'} passed on every triple\n`);
  if (interrupt.signal.aborted || error) {
    process.stderr.write(`${error ? `gradschool: ${error}` : 'sweep stopped'}; ${sweeps.length} of ${chosen.length} claims were swept\n`);
    return error ? EXIT_FAILED : EXIT_INTERRUPTED;
  }
  return held === sweeps.length ? EXIT_OK : EXIT_FAILED;
}
