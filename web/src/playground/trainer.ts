// The playground's model and training loop on the engine's public API: an MLP built from the
// settings (any depth, a width and activation per layer, one logit out), minibatch steps with the
// chosen optimizer, loss and regularizers, and the grids the page draws (the decision boundary and
// every hidden unit's own output). Settings may change between any two steps.

import {
  nn, optim, manualSeed, noGrad, tidy, fromTypedArray, binaryCrossEntropyWithLogits, mseLoss,
  leakyRelu, elu, gelu, silu, dropout, type Tensor,
} from '../../../engine/index.ts';
import { featurize, gridPoints, makeDataset, rng, split, type Split } from './datasets.ts';
import type { ActivationName, PlaygroundSettings } from './settings.ts';

/** The view: the data square plus a margin for points that noise pushed out. */
export const EXTENT = 1.2;

const activationFns: Record<ActivationName, (x: Tensor) => Tensor> = {
  tanh: (x) => x.tanh(),
  relu: (x) => x.relu(),
  sigmoid: (x) => x.sigmoid(),
  linear: (x) => x,
  leakyRelu: (x) => leakyRelu(x),
  elu: (x) => elu(x),
  gelu: (x) => gelu(x),
  silu: (x) => silu(x),
};

/** The gain nn.init uses for each activation (those nn.init does not name get ReLU's or 1). */
const gainName: Record<ActivationName, 'tanh' | 'relu' | 'sigmoid' | 'linear' | 'leakyRelu'> = {
  tanh: 'tanh', relu: 'relu', sigmoid: 'sigmoid', linear: 'linear', leakyRelu: 'leakyRelu', elu: 'relu', gelu: 'relu', silu: 'relu',
};

export interface Metrics {
  step: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
}

interface Tensors {
  features: Float32Array;
  x: Tensor;
  y: Tensor;
  n: number;
}

const DATA_KEYS = ['dataset', 'points', 'noise', 'testFraction', 'seed'] as const;
const MODEL_KEYS = ['features', 'layers', 'init', 'seed'] as const;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class Trainer {
  settings: PlaygroundSettings;
  data!: Split;
  layers: nn.Linear[] = [];
  step = 0;
  #opt!: optim.Optimizer<{ lr: number }>;
  #train!: Tensors;
  #test!: Tensors;
  #order: number[] = [];
  #cursor = 0;
  #epoch = 0;
  #shuffle: () => number;

  constructor(settings: PlaygroundSettings) {
    this.settings = settings;
    this.#shuffle = rng(settings.seed * 7919 + 1);
    this.#makeData();
    this.#makeModel();
  }

  /**
   * Applies new settings between steps. New data keeps the weights (training goes on on the new
   * points); a new architecture, initializer or seed starts a fresh net; a new optimizer keeps the
   * weights and starts its own state. Returns what was rebuilt.
   */
  update(next: PlaygroundSettings): { data: boolean; model: boolean; optimizer: boolean } {
    const prev = this.settings;
    this.settings = next;
    const data = DATA_KEYS.some((k) => !same(prev[k], next[k])) || !same(prev.features, next.features);
    const model = MODEL_KEYS.some((k) => !same(prev[k], next[k]));
    const optimizer = model || prev.optimizer !== next.optimizer || (next.optimizer === 'adamw' && prev.l2 !== next.l2);
    if (data) this.#makeData();
    if (model) this.#makeModel();
    else if (optimizer) this.#makeOptimizer();
    else for (const g of this.#opt.paramGroups) g.lr = next.lr;
    return { data, model, optimizer };
  }

  #tensors(xy: Float32Array, labels: Uint8Array): Tensors {
    const f = this.settings.features.length, n = labels.length;
    const features = featurize(xy, this.settings.features);
    return { features, n, x: fromTypedArray(features, [n, f]), y: fromTypedArray(Float32Array.from(labels), [n, 1]) };
  }

  #makeData(): void {
    const s = this.settings;
    this.data = split(makeDataset(s.dataset, s.points, s.noise, s.seed), s.testFraction, s.seed);
    this.#train = this.#tensors(this.data.train.xy, this.data.train.labels);
    this.#test = this.#tensors(this.data.test.xy, this.data.test.labels);
    this.#order = [];
    this.#cursor = 0;
  }

  #makeModel(): void {
    const s = this.settings;
    manualSeed(s.seed);
    const sizes = [s.features.length, ...s.layers.map((l) => l.units), 1];
    this.layers = sizes.slice(1).map((out, i) => new nn.Linear(sizes[i]!, out));
    if (s.init !== 'default') {
      this.layers.forEach((layer, i) => {
        const act = s.layers[i]?.activation ?? 'linear';
        if (s.init === 'xavier') nn.init.xavierUniform_(layer.weight, nn.init.calculateGain(gainName[act]));
        else nn.init.kaimingNormal_(layer.weight, { nonlinearity: gainName[act] === 'leakyRelu' ? 'leakyRelu' : gainName[act] });
        nn.init.zeros_(layer.bias!);
      });
    }
    this.step = 0;
    this.#epoch = 0;
    this.#makeOptimizer();
  }

  #makeOptimizer(): void {
    const s = this.settings;
    const params = this.layers.flatMap((l) => [l.weight, l.bias!]);
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
  }

  /** x: (N, F) → the logit (N, 1) and each hidden layer's output after its activation, (N, units). */
  forward(x: Tensor, training: boolean): { logit: Tensor; hidden: Tensor[] } {
    const hidden: Tensor[] = [];
    let h = x;
    this.settings.layers.forEach((spec, i) => {
      h = activationFns[spec.activation](this.layers[i]!.forward(h));
      hidden.push(h);
      if (this.settings.dropout > 0) h = dropout(h, this.settings.dropout, training);
    });
    return { logit: this.layers[this.layers.length - 1]!.forward(h), hidden };
  }

  #dataLoss(logit: Tensor, y: Tensor): Tensor {
    return this.settings.loss === 'bce' ? binaryCrossEntropyWithLogits(logit, y) : mseLoss(logit.sigmoid(), y);
  }

  /** The next minibatch's rows, reshuffling at each epoch's start. */
  #batch(): { x: Tensor; y: Tensor } {
    const { n, features } = this.#train;
    const f = this.settings.features.length;
    const size = Math.min(this.settings.batch, n);
    const xs = new Float32Array(size * f), ys = new Float32Array(size);
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
      xs.set(features.subarray(row * f, row * f + f), k * f);
      ys[k] = this.data.train.labels[row]!;
    }
    return { x: fromTypedArray(xs, [size, f]), y: fromTypedArray(ys, [size, 1]) };
  }

  /** Runs `steps` optimizer steps; returns the mean training objective (data loss + penalties) over them. */
  train(steps: number): number {
    const s = this.settings;
    const weights = this.layers.map((l) => l.weight);
    let total = 0;
    for (let i = 0; i < steps; i++) {
      total += tidy(() => {
        const { x, y } = this.#batch();
        this.#opt.zeroGrad();
        let loss = this.#dataLoss(this.forward(x, true).logit, y);
        if (s.l1 > 0) loss = loss.add(optim.l1Penalty(weights).mul(s.l1));
        if (s.l2 > 0 && s.optimizer !== 'adamw') loss = loss.add(optim.l2Penalty(weights).mul(s.l2));
        loss.backward();
        this.#opt.step();
        return loss.item();
      }, [this.layers, this.#opt]);
      this.step++;
    }
    return total / Math.max(1, steps);
  }

  /** Data loss and accuracy (logit > 0 means class 1) on the training and test sets, in eval mode. */
  evaluate(): Metrics {
    const on = (t: Tensors): [number, number] => {
      if (t.n === 0) return [NaN, NaN];
      return tidy(() => noGrad(() => {
        const logit = this.forward(t.x, false).logit;
        const z = logit.toTypedArray(), labels = t.y.toTypedArray();
        let right = 0;
        for (let i = 0; i < t.n; i++) if ((z[i]! > 0 ? 1 : 0) === labels[i]) right++;
        return [this.#dataLoss(logit, t.y).item(), right / t.n] as [number, number];
      }));
    };
    const [trainLoss, trainAcc] = on(this.#train), [testLoss, testAcc] = on(this.#test);
    return { step: this.step, epoch: this.#epoch, trainLoss, testLoss, trainAcc, testAcc };
  }

  /**
   * P(class 1) on a res × res grid over the view (row 0 at the top), and each hidden unit's output on a
   * coarser grid: neurons[layer][unit], at most `maxUnits` units per layer (the page shows the first ones).
   */
  grids(res: number, neuronRes: number, maxUnits: number): { boundary: Float32Array; neurons: Float32Array[][] } {
    return tidy(() => noGrad(() => {
      const f = this.settings.features.length;
      const at = (r: number) => this.forward(fromTypedArray(featurize(gridPoints(r, EXTENT), this.settings.features), [r * r, f]), false);
      const boundary = at(res).logit.sigmoid().toTypedArray() as Float32Array;
      const neurons = at(neuronRes).hidden.map((h) => {
        const units = h.shape[1]!, values = h.toTypedArray();
        return Array.from({ length: Math.min(units, maxUnits) }, (_, j) => {
          const g = new Float32Array(neuronRes * neuronRes);
          for (let k = 0; k < g.length; k++) g[k] = values[k * units + j]!;
          return g;
        });
      });
      return { boundary: Float32Array.from(boundary), neurons };
    }));
  }
}
