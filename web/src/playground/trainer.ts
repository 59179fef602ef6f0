// The playground's training loop on the engine's public API: the data of the settings, minibatch
// steps of the model (model.ts) with the chosen optimizer, loss, schedule and regularizers (L1, L2,
// dropout, batch norm, input noise, early stopping), and the grids the page draws. Any setting may
// change between two steps.

import { optim, noGrad, tidy, fromTypedArray, type Tensor } from '../../../engine/index.ts';
import { dataLoss } from './losses.ts';
import { EXTENT, featurize, gridPoints, makeDataset, normal, rng, split, splitStable, type Points, type Split } from './datasets.ts';
import { Net } from './model.ts';
import { taskOf, type PlaygroundSettings, type Task } from './settings.ts';

export { EXTENT } from './datasets.ts';

export interface Metrics {
  step: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  /** NaN for regression. */
  trainAcc: number;
  testAcc: number;
  /** The learning rate the next step uses (after the schedule). */
  lr: number;
  /** Early stopping: the step whose weights scored the best test loss so far (null: off or not yet checked). */
  bestStep: number | null;
  bestLoss: number | null;
  /** True once early stopping has stopped the run and put the best step's weights back. */
  stopped: boolean;
}

interface Tensors {
  xy: Float32Array;
  features: Float32Array;
  labels: Float32Array;
  x: Tensor;
  n: number;
}

const DATA_KEYS = ['dataset', 'points', 'noise', 'testFraction', 'seed', 'custom', 'features'] as const;
const MODEL_KEYS = ['features', 'layers', 'init', 'seed'] as const;
const SCHEDULE_KEYS = ['lr', 'schedule', 'period', 'gamma'] as const;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const changed = (a: PlaygroundSettings, b: PlaygroundSettings, keys: readonly (keyof PlaygroundSettings)[]) => keys.some((k) => !same(a[k], b[k]));

export class Trainer {
  settings: PlaygroundSettings;
  data!: Split;
  net!: Net;
  step = 0;
  task: Task;
  outputs: number;
  bestStep: number | null = null;
  stopped = false;
  #opt!: optim.Optimizer<{ lr: number }>;
  #sched: optim.lrScheduler.LRScheduler | null = null;
  #stopper: optim.EarlyStopping | null = null;
  #best: Float32Array[] | null = null;
  #train!: Tensors;
  #test!: Tensors;
  #order: number[] = [];
  #cursor = 0;
  #epoch = 0;
  #shuffle: () => number;
  #jitter: () => number;

  constructor(settings: PlaygroundSettings) {
    this.settings = settings;
    ({ task: this.task, outputs: this.outputs } = taskOf(settings));
    this.#shuffle = rng(settings.seed * 7919 + 1);
    this.#jitter = rng(settings.seed * 104729 + 3);
    this.#makeData();
    this.#makeModel();
  }

  /**
   * Applies new settings between steps. New data keeps the weights (training goes on on the new
   * points); a new architecture, initializer, seed or number of outputs starts a fresh net; batch
   * norm on or off keeps the linear weights; a new optimizer keeps the weights and starts its own
   * state. Returns what was rebuilt.
   */
  update(next: PlaygroundSettings): { data: boolean; model: boolean; optimizer: boolean } {
    const prev = this.settings;
    this.settings = next;
    ({ task: this.task, outputs: this.outputs } = taskOf(next));
    const data = changed(prev, next, DATA_KEYS);
    const model = changed(prev, next, MODEL_KEYS) || taskOf(prev).outputs !== this.outputs;
    const bn = prev.batchNorm !== next.batchNorm;
    const optimizer = model || bn || prev.optimizer !== next.optimizer || (next.optimizer === 'adamw' && prev.l2 !== next.l2);
    if (data) this.#makeData();
    if (model) this.#makeModel();
    else {
      this.net.spec = next;
      if (bn) this.net.setBatchNorm(next.batchNorm);
      if (optimizer) this.#makeOptimizer();
      else if (changed(prev, next, SCHEDULE_KEYS)) this.#makeScheduler();
      if (data || bn || prev.patience !== next.patience) this.#makeStopper();
    }
    return { data, model, optimizer };
  }

  #tensors(points: Points): Tensors {
    const f = this.settings.features.length, n = points.labels.length;
    const features = featurize(points.xy, this.settings.features);
    return { xy: points.xy, features, labels: points.labels, n, x: fromTypedArray(features, [n, f]) };
  }

  #makeData(): void {
    const s = this.settings;
    this.data = s.dataset === 'custom'
      ? splitStable({ xy: Float32Array.from(s.custom?.xy ?? []), labels: Float32Array.from(s.custom?.labels ?? []) }, s.testFraction, s.seed)
      : split(makeDataset(s.dataset, s.points, s.noise, s.seed), s.testFraction, s.seed);
    this.#train = this.#tensors(this.data.train);
    this.#test = this.#tensors(this.data.test);
    this.#order = [];
    this.#cursor = 0;
  }

  #makeModel(): void {
    this.net = new Net(this.settings, this.outputs);
    this.step = 0;
    this.#epoch = 0;
    this.#makeOptimizer();
    this.#makeStopper();
  }

  #makeOptimizer(): void {
    const s = this.settings;
    const params = this.net.parameters();
    const make: Record<PlaygroundSettings['optimizer'], () => optim.Optimizer<{ lr: number }>> = {
      sgd: () => new optim.SGD(params, { lr: s.lr }),
      momentum: () => new optim.SGD(params, { lr: s.lr, momentum: 0.9 }),
      nesterov: () => new optim.SGD(params, { lr: s.lr, momentum: 0.9, nesterov: true }),
      adam: () => new optim.Adam(params, { lr: s.lr }),
      // AdamW's decay is decoupled from the gradient: the L2 setting becomes its weight decay.
      adamw: () => new optim.AdamW(params, { lr: s.lr, weightDecay: s.l2 }),
      rmsprop: () => new optim.RMSprop(params, { lr: s.lr }),
      adagrad: () => new optim.Adagrad(params, { lr: s.lr }),
    };
    this.#opt = make[s.optimizer]();
    this.#makeScheduler();
  }

  /** The engine's schedulers, stepped once per optimizer step and brought to the current step (a change keeps the run's clock). */
  #makeScheduler(): void {
    const s = this.settings, opt = this.#opt;
    for (const g of opt.paramGroups) g.lr = g.initialLr = s.lr;
    const { StepLR, CosineAnnealingLR, ExponentialLR } = optim.lrScheduler;
    this.#sched = s.schedule === 'step' ? new StepLR(opt, { stepSize: s.period, gamma: s.gamma })
      : s.schedule === 'cosine' ? new CosineAnnealingLR(opt, { tMax: s.period })
      : s.schedule === 'exponential' ? new ExponentialLR(opt, { gamma: s.gamma ** (1 / s.period) })
      : null;
    this.#sched?.stepTo(this.step);
  }

  #makeStopper(): void {
    this.#stopper = this.settings.patience > 0 ? new optim.EarlyStopping({ patience: this.settings.patience }) : null;
    this.#best = null;
    this.bestStep = null;
    this.stopped = false;
  }

  /** After early stopping: train on from the restored weights, with the patience counted afresh. */
  resume(): void {
    this.stopped = false;
    if (this.#stopper) this.#stopper.counter = 0;
  }

  get lr(): number {
    return this.#opt.paramGroups[0]!.lr;
  }

  forward(x: Tensor, training: boolean): { out: Tensor; hidden: Tensor[] } {
    return this.net.forward(x, training);
  }

  #dataLoss(out: Tensor, labels: Float32Array): Tensor {
    return dataLoss(this.task, this.settings.loss, this.outputs, out, labels);
  }

  /** The next minibatch (features of the points, jittered when input noise is on), reshuffling at each epoch's start. */
  #batch(): { x: Tensor; labels: Float32Array } {
    const { n, xy, features, labels } = this.#train;
    const s = this.settings, f = s.features.length;
    const size = Math.min(s.batch, n);
    const rows = new Float32Array(size * 2), ys = new Float32Array(size);
    let xs: Float32Array = new Float32Array(size * f);
    for (let k = 0; k < size; k++) {
      if (this.#cursor >= this.#order.length) {
        if (this.#order.length) this.#epoch++;
        this.#order = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(this.#shuffle() * (i + 1));
          [this.#order[i], this.#order[j]] = [this.#order[j]!, this.#order[i]!];
        }
        this.#cursor = 0;
      }
      const row = this.#order[this.#cursor++]!;
      if (s.inputNoise > 0) {
        rows[2 * k] = xy[2 * row]! + s.inputNoise * normal(this.#jitter);
        rows[2 * k + 1] = xy[2 * row + 1]! + s.inputNoise * normal(this.#jitter);
      } else xs.set(features.subarray(row * f, row * f + f), k * f);
      ys[k] = labels[row]!;
    }
    if (s.inputNoise > 0) xs = featurize(rows, s.features);
    return { x: fromTypedArray(xs, [size, f]), labels: ys };
  }

  /** Runs up to `steps` optimizer steps (none once early stopping has stopped); returns the mean training objective over them. */
  train(steps: number): number {
    const s = this.settings;
    if (this.#train.n === 0) return NaN;
    let total = 0, done = 0;
    for (; done < steps && !this.stopped; done++) {
      total += tidy(() => {
        const { x, labels } = this.#batch();
        this.#opt.zeroGrad();
        let loss = this.#dataLoss(this.forward(x, true).out, labels);
        if (s.l1 > 0) loss = loss.add(optim.l1Penalty(this.net.weights()).mul(s.l1));
        if (s.l2 > 0 && s.optimizer !== 'adamw') loss = loss.add(optim.l2Penalty(this.net.weights()).mul(s.l2));
        loss.backward();
        this.#opt.step();
        return loss.item();
      }, [this.net.linears, this.net.norms, this.#opt]);
      this.step++;
      this.#sched?.step();
      if (this.#stopper && this.step % Math.ceil(this.#train.n / Math.min(s.batch, this.#train.n)) === 0) this.#checkpoint();
    }
    return total / Math.max(1, done);
  }

  /** Once an epoch: the test loss (the training loss when there is no test set) to early stopping; keeps the best weights, restores them on stopping. */
  #checkpoint(): void {
    const on = this.#test.n ? this.#test : this.#train;
    const loss = tidy(() => noGrad(() => this.#dataLoss(this.forward(on.x, false).out, on.labels).item()));
    const stop = this.#stopper!.step(loss);
    if (this.#stopper!.counter === 0) {
      this.#best = this.net.snapshot();
      this.bestStep = this.step;
    }
    if (stop && this.#best) {
      this.net.restore(this.#best);
      this.stopped = true;
    }
  }

  /** Data loss and accuracy (the largest output's class; logit > 0 for two classes) on the training and test sets, in eval mode. */
  evaluate(): Metrics {
    const on = (t: Tensors): [number, number] => {
      if (t.n === 0) return [NaN, NaN];
      return tidy(() => noGrad(() => {
        const out = this.forward(t.x, false).out;
        const z = out.toTypedArray(), k = this.outputs;
        let right = 0;
        for (let i = 0; i < t.n; i++) {
          let guess = z[i]! > 0 ? 1 : 0;
          if (this.task === 'multiclass') {
            guess = 0;
            for (let c = 1; c < k; c++) if (z[i * k + c]! > z[i * k + guess]!) guess = c;
          }
          if (guess === t.labels[i]) right++;
        }
        return [this.#dataLoss(out, t.labels).item(), this.task === 'regression' ? NaN : right / t.n] as [number, number];
      }));
    };
    const [trainLoss, trainAcc] = on(this.#train), [testLoss, testAcc] = on(this.#test);
    return {
      step: this.step, epoch: this.#epoch, trainLoss, testLoss, trainAcc, testAcc, lr: this.lr,
      bestStep: this.bestStep, bestLoss: this.#stopper && this.bestStep !== null ? this.#stopper.bestValue : null, stopped: this.stopped,
    };
  }

  /**
   * The prediction on a res × res grid over the view (row 0 at the top): P(class 1) for two classes,
   * the class probabilities (res², classes) for several, the value for regression; and each hidden
   * unit's output on a coarser grid, neurons[layer][unit], at most `maxUnits` units per layer.
   */
  grids(res: number, neuronRes: number, maxUnits: number): { boundary: Float32Array; neurons: Float32Array[][] } {
    return tidy(() => noGrad(() => {
      const f = this.settings.features.length;
      const at = (r: number) => this.forward(fromTypedArray(featurize(gridPoints(r, EXTENT), this.settings.features), [r * r, f]), false);
      const out = at(res).out;
      const pred = this.task === 'binary' ? out.sigmoid() : this.task === 'multiclass' ? out.softmax(1) : out;
      const neurons = at(neuronRes).hidden.map((h) => {
        const units = h.shape[1]!, values = h.toTypedArray();
        return Array.from({ length: Math.min(units, maxUnits) }, (_, j) => {
          const g = new Float32Array(neuronRes * neuronRes);
          for (let k = 0; k < g.length; k++) g[k] = values[k * units + j]!;
          return g;
        });
      });
      return { boundary: Float32Array.from(pred.toTypedArray() as Float32Array), neurons };
    }));
  }
}
