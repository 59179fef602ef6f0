// fit(): the training loop every lesson and example shares. One epoch = one pass over `train`;
// each step is forward → loss → backward → (callbacks) → optimizer step. It reports progress as
// plain events, so a terminal bar and a web chart consume the same stream, and it yields to the
// event loop now and then, so a Stop button (an AbortSignal) is heard mid-epoch.

import type { Tensor } from '../tensor/tensor.ts';
import { noGrad, detectAnomaly } from '../autograd/grad-mode.ts';
import { TrainingError, ValueError } from '../errors.ts';
import { stepScopes } from '../tensor/tidy.ts';
import { checkOptions } from '../options.ts';

export interface FitModel {
  forward(...inputs: Tensor[]): Tensor;
  train(mode?: boolean): unknown;
  eval(): unknown;
}
export interface FitOptimizer {
  zeroGrad(): void;
  step(): void;
  paramGroups?: ReadonlyArray<{ lr: number }>;
}
/** Schedulers step once per epoch (or per batch with schedulerInterval 'step'); the monitored loss is passed for plateau schedulers. */
export interface FitScheduler {
  step(metric?: number): void;
}
export type Batch = readonly Tensor[];
export type Metric = (output: Tensor, target: Tensor) => number;

export interface FitOptions {
  train: Iterable<Batch> & { length?: number };
  val?: Iterable<Batch>;
  loss: (output: Tensor, target: Tensor) => Tensor;
  optimizer: FitOptimizer;
  epochs: number;
  scheduler?: FitScheduler;
  schedulerInterval?: 'epoch' | 'step';
  /** Named metrics computed on every batch and averaged, weighted by batch size. */
  metrics?: Record<string, Metric>;
  /** Stops when step(monitored loss) returns true (see optim.EarlyStopping). */
  earlyStopping?: { step(value: number): boolean };
  /** Called after backward, before the optimizer step (gradient clipping, logging). */
  beforeStep?: () => void;
  onEvent?: (event: FitEvent) => void;
  signal?: AbortSignal;
  /** Runs every step under detectAnomaly(), so a NaN names the op that made it (slower). */
  detectAnomaly?: boolean;
  /**
   * Trains data-parallel: each batch goes to `dataParallel.step([x, y])` (see dataParallel), whose
   * replicas run the forward, backward and update; `model`, `loss` and `optimizer` are then the
   * local replica's, used for validation and the learning rate in the records. Clipping and
   * schedules belong in the replica's update(), since every replica must run them, so
   * beforeStep, scheduler and detectAnomaly are refused; training metrics are not computed (the
   * outputs stay on their replicas), validation metrics are.
   */
  dataParallel?: { step(inputs: readonly Tensor[]): number };
  /** How often to let the event loop run, in milliseconds (default 50). */
  yieldEveryMs?: number;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainMetrics: Record<string, number>;
  valLoss?: number;
  valMetrics?: Record<string, number>;
  lr?: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface History {
  epochs: EpochRecord[];
  stopReason: 'completed' | 'early-stopping' | 'aborted';
}

export type FitEvent =
  | { type: 'step'; epoch: number; step: number; stepsPerEpoch?: number; loss: number; samplesPerSecond: number; etaSeconds?: number }
  | { type: 'epoch'; record: EpochRecord }
  | { type: 'end'; history: History };

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Running sums of loss and metrics, weighted by batch size. */
function tally(names: string[]) {
  let count = 0;
  let loss = 0;
  const sums = Object.fromEntries(names.map((n) => [n, 0]));
  return {
    add(n: number, l: number, values: Record<string, number>) {
      count += n;
      loss += l * n;
      for (const k of names) sums[k] += values[k] * n;
    },
    loss: () => loss / count,
    metrics: () => Object.fromEntries(names.map((k) => [k, sums[k] / count])),
    count: () => count,
  };
}

function batchMetrics(metrics: Record<string, Metric>, output: Tensor, target: Tensor): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([name, fn]) => [name, fn(output, target)]));
}

/** Average loss and metrics of `model` over `batches`, in eval mode and without a graph. */
export function evaluate(model: FitModel, batches: Iterable<Batch>, loss: FitOptions['loss'], metrics: Record<string, Metric> = {}) {
  model.eval();
  const t = tally(Object.keys(metrics));
  noGrad(() => {
    const scopes = stepScopes([model]); // each batch's tensors are freed when it is scored
    for (const [x, y] of batches) {
      scopes.step(() => {
        const out = model.forward(x);
        t.add(y.shape[0] ?? 1, loss(out, y).item(), batchMetrics(metrics, out, y));
      });
    }
  });
  return { loss: t.loss(), metrics: t.metrics() };
}

const FIT_KEYS = ['train', 'val', 'loss', 'optimizer', 'epochs', 'scheduler', 'schedulerInterval', 'metrics', 'earlyStopping', 'beforeStep', 'onEvent', 'signal', 'detectAnomaly', 'yieldEveryMs', 'dataParallel'];

export async function fit(model: FitModel, opts: FitOptions): Promise<History> {
  checkOptions('fit', opts, FIT_KEYS, { lossFn: 'write loss', valData: 'write val', trainData: 'write train' });
  const { train, optimizer, epochs, metrics = {}, onEvent, signal, yieldEveryMs = 50, dataParallel } = opts;
  if (dataParallel) {
    const clash = (['beforeStep', 'scheduler', 'detectAnomaly'] as const).filter((k) => opts[k]);
    if (clash.length) throw new ValueError(`fit: with dataParallel, ${clash.join(' and ')} cannot run here: every replica must do the same, so put clipping and schedules in the replica's update()`);
  }
  const trainMetrics = dataParallel ? {} : metrics;
  const stepsPerEpoch = typeof train.length === 'number' ? train.length : undefined;
  const history: History = { epochs: [], stopReason: 'completed' };
  let lastPause = now();
  let stepsDone = 0;
  const started = now();
  // Each step's tensors are freed (in wasm memory) when it ends, except what the model, optimizer
  // and scheduler hold on to: weights, gradients, moments, cached state.
  const scopes = stepScopes([model, optimizer, opts.scheduler]);

  for (let epoch = 1; epoch <= epochs && history.stopReason === 'completed'; epoch++) {
    model.train();
    const t = tally(Object.keys(trainMetrics));
    const epochStart = now();
    let step = 0;
    for (const [x, y] of train) {
      step++;
      const run = () => {
        optimizer.zeroGrad();
        const out = model.forward(x);
        const loss = opts.loss(out, y);
        const value = loss.item();
        if (!Number.isFinite(value)) {
          throw new TrainingError(`fit: the loss became ${value} at epoch ${epoch}, step ${step}${opts.detectAnomaly ? '' : ' (pass detectAnomaly: true to name the op that produced it)'}`);
        }
        loss.backward();
        opts.beforeStep?.();
        optimizer.step();
        return { out, value };
      };
      const n = y.shape[0] ?? 1;
      const value = scopes.step(() => {
        if (dataParallel) {
          const v = dataParallel.step([x, y]);
          t.add(n, v, {});
          return v;
        }
        const { out, value } = opts.detectAnomaly ? detectAnomaly(run) : run();
        t.add(n, value, noGrad(() => batchMetrics(metrics, out, y)));
        return value;
      });
      if (opts.schedulerInterval === 'step') opts.scheduler?.step();
      stepsDone++;
      const elapsed = (now() - started) / 1000;
      const perStep = elapsed / stepsDone;
      const samplesPerSecond = t.count() / ((now() - epochStart) / 1000);
      const remaining = stepsPerEpoch !== undefined ? (epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step) : undefined;
      onEvent?.({ type: 'step', epoch, step, stepsPerEpoch, loss: value, samplesPerSecond, etaSeconds: remaining === undefined ? undefined : remaining * perStep });
      if (now() - lastPause > yieldEveryMs) {
        await pause();
        lastPause = now();
      }
      if (signal?.aborted) {
        history.stopReason = 'aborted';
        break;
      }
    }
    const seconds = (now() - epochStart) / 1000;
    const record: EpochRecord = { epoch, trainLoss: t.loss(), trainMetrics: t.metrics(), seconds, samplesPerSecond: t.count() / seconds, lr: optimizer.paramGroups?.[0]?.lr };
    if (opts.val) {
      const v = evaluate(model, opts.val, opts.loss, metrics);
      record.valLoss = v.loss;
      record.valMetrics = v.metrics;
    }
    history.epochs.push(record);
    onEvent?.({ type: 'epoch', record });
    const monitored = record.valLoss ?? record.trainLoss;
    if (opts.schedulerInterval !== 'step') opts.scheduler?.step(monitored);
    if (history.stopReason === 'completed' && opts.earlyStopping?.step(monitored)) history.stopReason = 'early-stopping';
  }
  onEvent?.({ type: 'end', history });
  return history;
}
