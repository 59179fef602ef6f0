// `gradschool run <lesson>`: runs a lesson's experiments with live progress, prints their metrics,
// checks the lesson's claims for those experiments on their own seeds or on --claim-seeds (reusing
// runs that match a claim's config and seed) and saves every run to the store. The runs' --seed and
// the claims' seeds are reported apart. Exit 0 when every checked claim passed, 1 otherwise.

import type { Claim, DataSource, ExperimentResult, LessonModule } from '../../course/kit/index.ts';
import { checkClaim, runKey, type CheckedClaim, type ClaimResult } from '../../lab/claims.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { RunTooLargeError, type NewRun } from '../../lab/runs.ts';
import { openStore, type Store } from '../../lab/store.node.ts';
import { downsampleProgress } from '../downsample.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.ts';
import { execute, type Execution } from '../execute.ts';
import { claimLines, claimSummary, formatNumber, formatSeconds, formatSeeds, table } from '../format.ts';
import { catchInterrupt } from '../interrupt.ts';
import { chooseExperiments, findLesson, type CommandIo } from '../lookup.ts';
import { createProgressView } from '../progress.ts';
import { configsFor, parseSetFlags } from '../settings.ts';

export interface RunFlags {
  experiment?: string;
  seed: number;
  quick: boolean;
  set: string[];
  claims: boolean;
  /** Replaces every claim's own seeds (at least 3, checked by the parser). */
  claimSeeds?: number[];
  json: boolean;
}

export async function runCommand(lessonName: string, flags: RunFlags, io: CommandIo = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const lesson = findLesson(lessonName, io.lessons);
  const experiments = chooseExperiments(lesson, flags.experiment);
  const configs = configsFor(experiments, parseSetFlags(flags.set), flags.quick);
  const store = openStore();
  const interrupt = catchInterrupt();
  const bars = process.stderr.isTTY === true && !flags.json;
  const data = nodeDataSource();
  const color = out.isTTY === true && !process.env.NO_COLOR;
  try {
    if (!flags.json) {
      out.write(`Lesson ${String(lesson.number).padStart(2, '0')} · ${lesson.title} (runs on seed ${flags.seed}${flags.quick ? ', quick' : ''})\n`);
    }
    const executions: Execution[] = [];
    const view = createProgressView({ stream: process.stderr, bars });
    try {
      for (const exp of experiments) {
        const run = await execute(exp, configs.get(exp.id)!, flags.seed, { data, signal: interrupt.signal, view });
        executions.push(run);
        if (run.status !== 'completed') break;
      }
    } finally {
      view.close();
    }

    const unfinished = executions.find((r) => r.status !== 'completed');
    if (unfinished) {
      const ids = executions.map((r) => save(store, lesson.id, r, flags.quick, []));
      if (flags.json) out.write(JSON.stringify(jsonReport(lesson.id, flags, executions, ids, [])) + '\n');
      if (unfinished.status === 'failed') process.stderr.write(`gradschool: experiment '${unfinished.experiment.id}' failed: ${unfinished.error}\n`);
      else process.stderr.write(`experiment '${unfinished.experiment.id}' stopped after ${formatSeconds(unfinished.seconds)}\n`);
      process.stderr.write(`saved run${ids.length === 1 ? '' : 's'} ${ids.join(', ')} to ${store.path}\n`);
      return unfinished.status === 'stopped' ? EXIT_INTERRUPTED : EXIT_FAILED;
    }

    if (!flags.json) out.write(`\n${metricsTable(executions)}\n`);

    let checked: ClaimCheck = { claims: [], stopped: false };
    if (flags.claims) {
      const toCheck = lesson.module.claims.filter((c) => experiments.some((e) => e.id === c.experiment));
      if (toCheck.length && !flags.json) out.write(`\nChecking ${toCheck.length} claim${toCheck.length === 1 ? '' : 's'} (quick variant, ${describeSeeds(toCheck, flags.claimSeeds)})\n`);
      checked = await checkWithProgress(lesson.module, toCheck, executions, { data, signal: interrupt.signal, bars, seeds: flags.claimSeeds });
    }
    const { claims, stopped, error: claimError } = checked;

    const runIds = executions.map((r) => save(store, lesson.id, r, flags.quick, claims.filter((c) => claimOf(lesson.module.claims, c)?.experiment === r.experiment.id)));
    if (flags.json) {
      out.write(JSON.stringify(jsonReport(lesson.id, flags, executions, runIds, claims)) + '\n');
    } else {
      if (claims.length) out.write(`\n${claims.map((c) => claimLines(c, color)).join('\n')}\n\n${claimSummary(claims)}\n`);
      else if (flags.claims) out.write('\nNo claims to check for these experiments.\n');
      out.write(`Saved run${runIds.length === 1 ? '' : 's'} ${runIds.join(', ')} to ${store.path}\n`);
    }
    if (stopped || claimError) {
      process.stderr.write(`${claimError ? `gradschool: ${claimError}` : 'claim checking stopped'}; the runs were saved with the claims checked so far\n`);
      return stopped ? EXIT_INTERRUPTED : EXIT_FAILED;
    }
    return claims.every((c) => c.passed) ? EXIT_OK : EXIT_FAILED;
  } finally {
    interrupt.dispose();
    store.close();
  }
}

interface ClaimCheck {
  claims: CheckedClaim[];
  stopped: boolean;
  error?: string;
}

/** Checks claims one by one with a bar each; the runs just made seed the cache so matching ones are reused. */
async function checkWithProgress(
  lesson: LessonModule,
  toCheck: readonly Claim[],
  executions: readonly Execution[],
  opts: { data: DataSource; signal: AbortSignal; bars: boolean; seeds?: readonly number[] },
): Promise<ClaimCheck> {
  const cache = new Map<string, ExperimentResult>();
  for (const r of executions) if (r.result) cache.set(runKey(lesson.id, r.experiment.id, r.config, r.seed), r.result);
  const claims: CheckedClaim[] = [];
  const view = createProgressView({ stream: process.stderr, bars: opts.bars });
  try {
    for (const claim of toCheck) {
      const bar = view.begin(`claim ${claim.id}`);
      try {
        const onLog = (m: string) => view.log(`[claim ${claim.id}] ${m}`);
        const verdict = await checkClaim(lesson, claim, { data: opts.data, signal: opts.signal, seeds: opts.seeds, onProgress: (e) => bar.update(e), onLog }, cache);
        bar.finish(verdict.passed ? 'passed' : 'failed');
        claims.push(verdict);
      } catch (e) {
        const stopped = opts.signal.aborted;
        bar.finish(stopped ? 'stopped' : 'failed');
        return { claims, stopped, ...(stopped ? {} : { error: `checking claim '${claim.id}' failed: ${e instanceof Error ? e.message : String(e)}` }) };
      }
    }
    return { claims, stopped: false };
  } finally {
    view.close();
  }
}

const claimOf = (claims: readonly Claim[], result: ClaimResult) => claims.find((c) => c.id === result.id);

/** Which seeds the claims run on: the --claim-seeds list, or each claim's own. */
function describeSeeds(claims: readonly Claim[], given: readonly number[] | undefined): string {
  if (given) return `seeds ${formatSeeds(given)} for every claim`;
  const lists = [...new Set(claims.map((c) => formatSeeds(c.seeds)))];
  return lists.length === 1 ? `seeds ${lists[0]}` : `each claim's own seeds`;
}

/** Saves one run; one whose figures and progress are over RUN_LIMITS is kept without them (its
 *  metrics and claims still count), with a warning, rather than lost. */
function save(store: Store, lesson: string, r: Execution, quick: boolean, claims: ClaimResult[]): number {
  const run: NewRun = {
    lesson,
    experiment: r.experiment.id,
    source: 'cli',
    seed: r.seed,
    quick,
    config: r.config,
    status: r.status,
    seconds: r.seconds,
    startedAt: r.startedAt,
    metrics: r.result?.metrics ?? {},
    figures: r.result?.figures ?? [],
    progress: downsampleProgress(r.events),
    claims,
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
  try {
    return store.saveRun(run);
  } catch (e) {
    if (!(e instanceof RunTooLargeError) || e.part !== 'details') throw e;
    process.stderr.write(`gradschool: ${r.experiment.id}: ${e.message}; saving the run without its figures and progress\n`);
    return store.saveRun({ ...run, figures: [], progress: [] });
  }
}

function metricsTable(runs: readonly Execution[]): string {
  const rows = runs.flatMap((r) =>
    Object.entries(r.result!.metrics).map(([metric, value], i) => [i === 0 ? r.experiment.id : '', metric, formatNumber(value)]),
  );
  const times = runs.map((r) => `${r.experiment.id} ${formatSeconds(r.seconds)}`).join(', ');
  if (!rows.length) return `(no metrics) · ${times}`;
  return `${table([{ header: 'experiment' }, { header: 'metric' }, { header: 'value', align: 'right' }], rows)}\n(${times})`;
}

/** Each run carries its own seed and each claim the seeds it was checked on; no seed stands beside
 *  the claims for both. `claimSeeds` is the --claim-seeds list, null when claims used their own. */
function jsonReport(lesson: string, flags: RunFlags, runs: readonly Execution[], runIds: readonly number[], claims: readonly CheckedClaim[]) {
  const metrics: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.result?.metrics ?? {})) metrics[`${r.experiment.id}.${k}`] = v;
  return {
    lesson,
    quick: flags.quick,
    claimSeeds: flags.claimSeeds ?? null,
    runs: runs.map((r, i) => ({
      experiment: r.experiment.id,
      seed: r.seed,
      config: r.config,
      seconds: r.seconds,
      metrics: r.result?.metrics ?? {},
      runId: runIds[i],
      status: r.status,
      ...(r.error !== undefined ? { error: r.error } : {}),
    })),
    metrics,
    claims: claims.map((c) => ({ id: c.id, text: c.text, seeds: c.seeds, passed: c.passed, value: c.value, expected: c.expected, detail: c.detail })),
  };
}
