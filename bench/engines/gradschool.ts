// gradschool on its js reference backend, or on the wasm backend with one thread or all cores, or
// one thread on the relaxed-SIMD kernels (wasm-fma; Node 20 needs --experimental-wasm-relaxed-simd).
// The models use the functional API; mlp/cnn/sgdStep below are the only lines to change when
// nn.Linear / nn.Conv2d / optim.SGD arrive.

import { availableParallelism } from 'node:os';
import * as g from '../../engine/index.ts';
import type { Tensor } from '../../engine/index.ts';
import { LR, type Batch, type Param } from '../data.ts';
import type { Engine, EngineInfo } from './types.ts';
import { trainSeq } from './gradschool-seq.ts';

export type Variant = 'js' | 'wasm-1t' | 'wasm-mt' | 'wasm-fma';

type Params = Record<string, Tensor>;

const mlp = (p: Params, x: Tensor): Tensor => {
  const h1 = g.linear(x, p['fc1.weight'], p['fc1.bias']).relu();
  const h2 = g.linear(h1, p['fc2.weight'], p['fc2.bias']).relu();
  return g.linear(h2, p['fc3.weight'], p['fc3.bias']);
};

const cnn = (p: Params, x: Tensor): Tensor => {
  const h1 = g.maxPool2d(g.conv2d(x, p['conv1.weight'], p['conv1.bias']).relu(), 2);
  const h2 = g.maxPool2d(g.conv2d(h1, p['conv2.weight'], p['conv2.bias']).relu(), 2);
  return g.linear(g.flatten(h2, 1), p['fc.weight'], p['fc.bias']);
};

// Plain SGD: p ← p − lr·∇p, then clear the gradient (what optim.SGD's step + zeroGrad will do).
function sgdStep(params: Tensor[], lr: number): void {
  g.noGrad(() => {
    for (const p of params) {
      p.sub_(p.grad!.mul(lr));
      p.grad = null;
    }
  });
}

// Where the wasm backend cannot load (no SIMD here) this variant reports why instead of a figure.
async function useWasm(threads: number): Promise<void> {
  try {
    g.setBackend('wasm');
  } catch (e) {
    throw new Error(`gradschool's wasm backend is not available here (${(e as Error).message})`);
  }
  g.setNumThreads(threads);
  // The thread pool loads node:worker_threads asynchronously: give it a turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
}

export function create(variant: Variant): Engine {
  return {
    async init(): Promise<EngineInfo> {
      if (variant === 'js') {
        g.setBackend('js');
        return { threads: 1 };
      }
      // wasm-fma asks for the relaxed kernels (an error where the host lacks them); the others
      // take what 'auto' (or GRADSCHOOL_WASM_KERNELS) gives, named in the note.
      if (variant === 'wasm-fma') g.setWasmKernels('relaxed');
      await useWasm(variant === 'wasm-mt' ? availableParallelism() : 1);
      return { threads: g.getNumThreads(), note: `${g.getWasmKernels()} kernels` };
    },

    // Asked again after each measurement: the table shows the threads the figure was measured with.
    threadsNow: () => (variant === 'js' ? 1 : g.getNumThreads()),

    async sgemm(n, a, b) {
      const A = g.fromTypedArray(a.slice(), [n, n]);
      const B = g.fromTypedArray(b.slice(), [n, n]);
      return () => g.noGrad(() => A.matmul(B));
    },

    async train(kind, batch: Batch, init: Param[]) {
      const p: Params = {};
      for (const q of init) p[q.name] = g.fromTypedArray(q.data.slice(), q.shape).requiresGrad_();
      const params = Object.values(p);
      const forward = kind === 'mlp' ? mlp : cnn;
      const x = g.fromTypedArray(batch.x.slice(), batch.xShape);
      const y = g.fromTypedArray(batch.labels.slice(), [batch.labels.length]);
      // Each step in a scope, as fit() runs it: its tensors live in wasm memory and are freed when
      // it ends (the js backend ignores scopes).
      const scopes = g.stepScopes([params]);
      return {
        step: () => scopes.step(() => {
          g.crossEntropy(forward(p, x), y).backward();
          sgdStep(params, LR);
        }),
        loss: () => g.noGrad(() => g.crossEntropy(forward(p, x), y).item()),
      };
    },

    trainSeq: async (kind, batch, init) => trainSeq(kind, batch, init),
  };
}
