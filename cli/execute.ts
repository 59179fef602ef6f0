// One experiment run with live progress: collects its progress events and times it, and reports
// how it ended (completed, stopped through the signal, failed) instead of throwing.

import { StoppedError, type Config, type DataSource, type Experiment, type ExperimentResult, type ProgressEvent } from '../course/kit/index.ts';
import { runExperiment } from '../lab/claims.ts';
import type { RunStatus } from '../lab/runs.ts';
import type { ProgressView } from './progress.ts';

export interface Execution {
  experiment: Experiment;
  config: Config;
  seed: number;
  status: RunStatus;
  seconds: number;
  startedAt: string;
  events: ProgressEvent[];
  /** Present when completed. */
  result?: ExperimentResult;
  error?: string;
}

export interface ExecuteOptions {
  data: DataSource;
  signal: AbortSignal;
  view: ProgressView;
  label?: string;
}

export async function execute(experiment: Experiment, config: Config, seed: number, opts: ExecuteOptions): Promise<Execution> {
  const events: ProgressEvent[] = [];
  const label = opts.label ?? experiment.id;
  const bar = opts.view.begin(label);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { experiment, config, seed, startedAt, events };
  try {
    const result = await runExperiment(experiment, config, seed, {
      data: opts.data,
      signal: opts.signal,
      onProgress: (e) => {
        events.push(e);
        bar.update(e);
      },
      onLog: (m) => opts.view.log(`[${label}] ${m}`),
    });
    bar.finish('done');
    return { ...base, status: 'completed', seconds: elapsed(t0), result };
  } catch (e) {
    const stopped = e instanceof StoppedError || opts.signal.aborted;
    bar.finish(stopped ? 'stopped' : 'failed');
    const error = stopped ? undefined : e instanceof Error ? e.message : String(e);
    return { ...base, status: stopped ? 'stopped' : 'failed', seconds: elapsed(t0), error };
  }
}

/** Seconds since `t0`, to the millisecond (finer digits are noise). */
const elapsed = (t0: number): number => Math.round(performance.now() - t0) / 1000;
