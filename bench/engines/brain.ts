// brain.js 1.6.1's NeuralNetwork: MLP only (it has no matrix product or convolution to call).
// Its semantics differ from the others, and the note printed with the table says how.

import { createRequire } from 'node:module';
import { LR, type Batch, type Param } from '../data.ts';
import type { Engine } from './types.ts';

interface BrainNet {
  train(data: { input: number[]; output: number[] }[], opts: Record<string, unknown>): { error: number };
  run(input: number[]): ArrayLike<number>;
  weights: number[][][] | Float32Array[][];
  biases: number[][] | Float32Array[];
}

// brain.js validates momentum to lie in (0, 1), so plain SGD is approximated by a negligible momentum.
const TRAIN_OPTS = { iterations: 1, errorThresh: 1e-9, learningRate: LR, momentum: 1e-9, log: false };

export const NOTE =
  'brain.js updates per sample (128 SGD steps per batch of 128, not one), applies ReLU to the output layer too and ' +
  'minimises squared error instead of softmax cross-entropy (its NeuralNetwork has neither softmax nor batches); ' +
  'momentum 1e-9 because it rejects 0; figures are samples/s like the others';

export function create(): Engine {
  return {
    async init() {
      const require = createRequire(import.meta.url);
      require('brain.js'); // load now, so a missing package is an init error
      return { threads: 1, note: NOTE };
    },

    async train(kind, batch: Batch, init: Param[]) {
      if (kind !== 'mlp') throw new Error('brain.js has no convolution layers');
      const require = createRequire(import.meta.url);
      const { NeuralNetwork } = require('brain.js') as { NeuralNetwork: new (o: object) => BrainNet };
      const net = new NeuralNetwork({ hiddenLayers: [256, 128], activation: 'relu' });
      const n = batch.labels.length;
      // brain.js treats typed arrays as lookup tables, so it needs plain arrays.
      const data = Array.from({ length: n }, (_, i) => ({
        input: Array.from(batch.x.subarray(i * 784, (i + 1) * 784)),
        output: Array.from(batch.oneHot.subarray(i * 10, (i + 1) * 10)),
      }));
      net.train(data.slice(0, 1), { ...TRAIN_OPTS }); // sizes the layers from the data
      // The shared initial weights: brain.js keeps weights[layer][node][k] = (out, in) like PyTorch.
      for (let layer = 1; layer <= 3; layer++) {
        const w = init[2 * (layer - 1)], b = init[2 * (layer - 1) + 1];
        const [outs, ins] = w.shape;
        for (let o = 0; o < outs; o++) {
          for (let k = 0; k < ins; k++) net.weights[layer][o][k] = w.data[o * ins + k];
          net.biases[layer][o] = b.data[o];
        }
      }
      return {
        step: () => net.train(data, { ...TRAIN_OPTS }),
        // Its own objective: the mean over samples of the mean squared error of the 10 outputs.
        loss: () => {
          let sum = 0;
          for (const { input, output } of data) {
            const out = net.run(input);
            for (let j = 0; j < 10; j++) sum += (out[j] - output[j]) ** 2 / 10;
          }
          return sum / n;
        },
      };
    },
  };
}
