// The two black boxes: MNIST classifiers trained once on the first 50,000 training digits (plain,
// centred MNIST), then frozen. The lesson only calls them forward (probabilities), or backpropagates
// through one to its INPUT; their weights never change after training. Trained once per process and
// per setting, so claims on many seeds share them. Public engine API only.

import { crossEntropy, fromTypedArray, manualSeed, nn, noGrad, optim, softmax, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { batchStream, takeRows, type DataSource } from '../kit/index.ts';
import { PIXELS } from './images.ts';

/** Training digits the black boxes learn from; rows after these are the calibration pool. */
export const BOX_TRAIN = 50_000;

export interface Mnist {
  train: { x: Float32Array; y: Int32Array; n: number };
  test: { x: Float32Array; y: Int32Array; n: number };
}

const loaded = new WeakMap<DataSource, Promise<Mnist>>();

/** All 60,000 training and 10,000 test digits as flat arrays in [0, 1], read once per data source. */
export function loadMnist(data: DataSource): Promise<Mnist> {
  if (!loaded.has(data)) {
    loaded.set(data, (async () => {
      const flat = async (split: 'train' | 'test') => {
        const s = await data.mnist(split);
        const n = s.labels.shape[0]!;
        return { x: s.images.reshape([n, PIXELS]).contiguous().toTypedArray() as Float32Array, y: Int32Array.from(s.labels.toTypedArray()), n };
      };
      return { train: await flat('train'), test: await flat('test') };
    })());
  }
  return loaded.get(data)!;
}

export type Architecture = 'mlp' | 'cnn';

export interface BoxRecipe {
  arch: Architecture;
  steps: number;
  lr: number;
  seed: number;
}

/** A frozen classifier: probabilities for a stack of images, and logits as a Tensor for input gradients. */
export class BlackBox {
  constructor(readonly name: string, private readonly model: nn.Module, private readonly shape: (n: number) => number[]) {
    model.eval();
    for (const p of model.parameters()) p.requiresGrad = false;
  }

  /** Logits for a (n, 784) tensor; the graph reaches the input only (the weights need no gradient). */
  logits(x: Tensor): Tensor {
    return this.model.forward(x.reshape(this.shape(x.shape[0]!)));
  }

  /** Class probabilities (n × 10) for n flat images, in chunks, without a graph. */
  probabilities(x: Float32Array, n: number): Float32Array {
    const out = new Float32Array(n * 10);
    const chunk = 1000;
    for (let i = 0; i < n; i += chunk) {
      const rows = Math.min(chunk, n - i);
      out.set(tidy(() => noGrad(() => softmax(this.logits(fromTypedArray(x.subarray(i * PIXELS, (i + rows) * PIXELS), [rows, PIXELS])), 1).toTypedArray() as Float32Array)), i * 10);
    }
    return out;
  }

  /** A copy of every weight, for checking that nothing the lesson does changes them. */
  weights(): Float32Array[] {
    return this.model.parameters().map((p) => Float32Array.from(p.contiguous().toTypedArray() as Float32Array));
  }
}

function build(arch: Architecture): { model: nn.Module; shape: (n: number) => number[] } {
  if (arch === 'mlp') return { model: new nn.Sequential(new nn.Linear(PIXELS, 128), new nn.ReLU(), new nn.Linear(128, 10)), shape: (n) => [n, PIXELS] };
  // Two 5×5 convolutions, each followed by 2×2 max pooling: 28 → 24 → 12 → 8 → 4.
  return {
    model: new nn.Sequential(
      new nn.Conv2d(1, 8, 5), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(8, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(256, 10),
    ),
    shape: (n) => [n, 1, 28, 28],
  };
}

const boxes = new Map<string, Promise<BlackBox>>();

/**
 * The black box for a recipe: SGD with momentum 0.9, batch 64, on the first 50,000 training digits,
 * trained the first time it is asked for and shared afterwards. `onStep` hears its progress.
 */
export function blackBox(data: DataSource, r: BoxRecipe, pace: () => Promise<void>, onStep: (step: number) => void): Promise<BlackBox> {
  const key = `${r.arch}/${r.steps}/${r.lr}/${r.seed}`;
  if (!boxes.has(key)) {
    const made = (async () => {
      const { train } = await loadMnist(data);
      manualSeed(r.seed);
      const { model, shape } = build(r.arch);
      const opt = new optim.SGD(model.parameters(), { lr: r.lr, momentum: 0.9 });
      const next = batchStream(BOX_TRAIN, 64, r.seed);
      const scopes = stepScopes([model, opt]);
      try {
        for (let step = 0; step < r.steps; step++) {
          const idx = next();
          scopes.step(() => {
            const loss = crossEntropy(model.forward(takeRows(train.x, PIXELS, idx).reshape(shape(64))), takeRows(train.y, 1, idx));
            opt.zeroGrad();
            loss.backward();
            opt.step();
          });
          if (step % 50 === 49) onStep(step + 1);
          await pace();
        }
      } finally {
        scopes.close();
      }
      return new BlackBox(r.arch, model, shape);
    })();
    // A stopped or failed training is not kept: the next run trains again.
    made.catch(() => boxes.delete(key));
    boxes.set(key, made);
  }
  return boxes.get(key)!;
}
