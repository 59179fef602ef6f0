// TensorFlow.js 4.22 on its pure-JS cpu backend or its WebAssembly (XNNPACK) backend, one thread.
// Training uses tfjs's fused matMul/conv2d (+bias +ReLU, what tf.layers uses) and optimizer.minimize,
// so tfjs gets its best path; optimizer.minimize disposes every intermediate, so memory stays flat.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CHARS, CLIP_NORM, LR, LSTM_HIDDEN, SEQ_LR, type Batch, type Param, type SeqBatch } from '../data.ts';
import type { Engine, EngineInfo } from './types.ts';

export type Variant = 'cpu' | 'wasm';

// Emscripten reads the .wasm with fs.readFile in Node: watching that call names the binary that
// really loaded (tfjs picks plain, -simd or -threaded-simd from feature flags).
async function loadWasmBackend(): Promise<EngineInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  wasm.setWasmPaths(dist);
  const read: string[] = [];
  const fsAny = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved = { readFile: fsAny.readFile, readFileSync: fsAny.readFileSync };
  for (const name of ['readFile', 'readFileSync'] as const) {
    fsAny[name] = (...args: unknown[]) => {
      if (String(args[0]).endsWith('.wasm')) read.push(basename(String(args[0])));
      return saved[name].apply(fs, args);
    };
  }
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed to initialise');
  } finally {
    Object.assign(fsAny, saved);
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const binary = read.length ? read.join(', ') : `unknown (flags: simd ${simd}, threads ${mt})`;
  return {
    threads: wasm.getThreadsCount(),
    note: `loads ${binary}; SIMD ${simd ? 'on' : 'off'}, multithreading ${mt ? 'on' : 'off (tfjs disables wasm threads in Node)'}`,
  };
}

type Vars = Record<string, tf.Variable>;

// gradschool's layouts → tfjs's: linear (out, in) → (in, out); conv (out, in, kH, kW) → (kH, kW, in, out);
// the CNN's fc rows go from PyTorch's (C, H, W) flatten order to tfjs's NHWC (H, W, C) order.
function toTfjs(p: Param): tf.Tensor {
  const t = tf.tensor(p.data, p.shape);
  if (p.shape.length === 4) return tf.transpose(t, [2, 3, 1, 0]);
  if (p.name === 'fc.weight') return tf.transpose(t.reshape([10, 16, 5, 5]), [2, 3, 1, 0]).reshape([400, 10]);
  return p.shape.length === 2 ? tf.transpose(t) : t;
}

const mlp = (v: Vars, x: tf.Tensor2D): tf.Tensor => {
  const h1 = tf.fused.matMul({ a: x, b: v['fc1.weight'] as tf.Tensor2D, bias: v['fc1.bias'], activation: 'relu' });
  const h2 = tf.fused.matMul({ a: h1, b: v['fc2.weight'] as tf.Tensor2D, bias: v['fc2.bias'], activation: 'relu' });
  return tf.fused.matMul({ a: h2, b: v['fc3.weight'] as tf.Tensor2D, bias: v['fc3.bias'] });
};

const cnn = (v: Vars, x: tf.Tensor4D): tf.Tensor => {
  const c1 = tf.fused.conv2d({ x, filter: v['conv1.weight'] as tf.Tensor4D, strides: 1, pad: 'valid', bias: v['conv1.bias'], activation: 'relu' });
  const p1 = tf.maxPool(c1, 2, 2, 'valid');
  const c2 = tf.fused.conv2d({ x: p1, filter: v['conv2.weight'] as tf.Tensor4D, strides: 1, pad: 'valid', bias: v['conv2.bias'], activation: 'relu' });
  const p2 = tf.maxPool(c2, 2, 2, 'valid');
  return tf.fused.matMul({ a: p2.reshape([x.shape[0], 400]), b: v['fc.weight'] as tf.Tensor2D, bias: v['fc.bias'] });
};

/**
 * char-lstm in tfjs ops, as tf.layers' LSTMCell computes it (gates i, f, g, o like PyTorch's) but
 * without the layers API, as the MLP above uses tf.fused instead of tf.layers. The weights arrive
 * transposed to (in, 4H); the embedding table is not transposed.
 */
function lstmLogits(v: Vars, x: tf.Tensor2D, state: [tf.Tensor2D, tf.Tensor2D] | null): { logits: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
  const [n, l] = x.shape;
  let [h, c] = state ?? [tf.zeros([n, LSTM_HIDDEN]) as tf.Tensor2D, tf.zeros([n, LSTM_HIDDEN]) as tf.Tensor2D];
  const bias = v['lstm.bias_ih_l0'].add(v['lstm.bias_hh_l0']);
  // The embedding as one-hot × table: tfjs-wasm has no UnsortedSegmentSum, gather's gradient (a 2% detour in flops).
  const embedded = tf.matMul(tf.oneHot(x.reshape([n * l]) as tf.Tensor1D, CHARS), v['embed.weight'] as tf.Tensor2D);
  const steps = tf.unstack(embedded.reshape([n, l, -1]), 1) as tf.Tensor2D[];
  const outs: tf.Tensor2D[] = [];
  for (const xt of steps) {
    const gates = tf.matMul(xt, v['lstm.weight_ih_l0'] as tf.Tensor2D).add(tf.matMul(h, v['lstm.weight_hh_l0'] as tf.Tensor2D)).add(bias);
    const [i, f, g, o] = tf.split(gates, 4, 1);
    c = tf.sigmoid(f).mul(c).add(tf.sigmoid(i).mul(tf.tanh(g))) as tf.Tensor2D;
    h = tf.sigmoid(o).mul(tf.tanh(c)) as tf.Tensor2D;
    outs.push(h);
  }
  const out = tf.stack(outs, 1).reshape([n * l, LSTM_HIDDEN]) as tf.Tensor2D;
  return { logits: tf.fused.matMul({ a: out, b: v['head.weight'] as tf.Tensor2D, bias: v['head.bias'] }) as tf.Tensor2D, h, c };
}

/** The char-lstm step: Adam (PyTorch's ε 1e-8, not tfjs's 1e-7), gradients clipped to global norm 1 as PyTorch does. */
function lstmTrainer(kind: string, batch: SeqBatch, init: Param[]) {
  if (kind !== 'lstm') throw new Error('tfjs has no transformer layers; the bench does not hand-write one');
  const v: Vars = {};
  // Unnamed: tfjs gives each variable a unique name, so a second trainer in one process (tests) can coexist.
  for (const p of init) v[p.name] = tf.tidy(() => tf.variable(p.name === 'embed.weight' ? tf.tensor(p.data, p.shape) : toTfjs(p), true));
  const x = tf.tensor2d(batch.x, batch.shape, 'int32');
  const y = tf.oneHot(tf.tensor1d(batch.y, 'int32'), CHARS);
  const vars = Object.values(v);
  const optimizer = tf.train.adam(SEQ_LR, 0.9, 0.999, 1e-8);
  let state: [tf.Tensor2D, tf.Tensor2D] | null = null;
  return {
    step: () => {
      const { grads } = tf.variableGrads(() => {
        const { logits, h, c } = lstmLogits(v, x, state);
        tf.dispose(state ?? []);
        state = [tf.keep(h), tf.keep(c)]; // carried to the next step as constants: backward stops here
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      }, vars);
      const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
      const coef = Math.min(CLIP_NORM / (norm + 1e-6), 1);
      tf.tidy(() => optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.mul(coef)]))));
      tf.dispose(Object.values(grads));
    },
    loss: () => tf.tidy(() => tf.losses.softmaxCrossEntropy(y, lstmLogits(v, x, null).logits).dataSync()[0]),
  };
}

export function create(variant: Variant): Engine {
  return {
    async init() {
      if (variant === 'wasm') return loadWasmBackend();
      if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") failed');
      return { threads: 1 };
    },

    async sgemm(n, a, b) {
      const A = tf.tensor2d(a, [n, n]), B = tf.tensor2d(b, [n, n]);
      return () => tf.tidy(() => { tf.matMul(A, B); });
    },

    async train(kind, batch: Batch, init: Param[]) {
      const v: Vars = {};
      for (const p of init) v[p.name] = tf.tidy(() => tf.variable(toTfjs(p), true, `${kind}.${p.name}`));
      const n = batch.labels.length;
      const x = kind === 'mlp' ? tf.tensor2d(batch.x, [n, 784]) : tf.tensor4d(batch.x, [n, 28, 28, 1]);
      const y = tf.tensor2d(batch.oneHot, [n, 10]);
      const lossFn = (): tf.Scalar =>
        tf.losses.softmaxCrossEntropy(y, kind === 'mlp' ? mlp(v, x as tf.Tensor2D) : cnn(v, x as tf.Tensor4D)) as tf.Scalar;
      const optimizer = tf.train.sgd(LR);
      const vars = Object.values(v);
      return {
        step: () => { optimizer.minimize(lossFn, false, vars); },
        loss: () => tf.tidy(() => lossFn().dataSync()[0]),
      };
    },

    trainSeq: async (kind, batch, init) => lstmTrainer(kind, batch, init),
  };
}
