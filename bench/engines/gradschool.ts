// gradschool on its js reference backend, or on the wasm backend with one thread or all cores, or
// one thread on the relaxed-SIMD kernels (wasm-fma; Node 20 needs --experimental-wasm-relaxed-simd).
// All cores two ways: wasm-mt splits each big op (matmul, convolution) across threads; wasm-dp
// trains data-parallel, one replica per core on its rows of the batch, gradients summed.

import { availableParallelism } from 'node:os';
import * as g from '../../engine/index.ts';
import type { Tensor } from '../../engine/index.ts';
import type { Batch, Param } from '../data.ts';
import { buildClassifier } from './gradschool-classifiers.ts';
import type { Engine, EngineInfo } from './types.ts';
import { trainSeq, freshLoss } from './gradschool-seq.ts';
import { modelOf } from './replicas.ts';

export type Variant = 'js' | 'wasm-1t' | 'wasm-mt' | 'wasm-dp' | 'wasm-fma';

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

// wasm-dp: one replica per core (replicas.ts), each on one kernel thread.
const REPLICAS = new URL('./replicas.ts', import.meta.url);

export function create(variant: Variant): Engine {
  // The open trainer of the last training workload (wasm-dp): closed before the next workload,
  // so its workers never compete with it.
  let trainer: g.DataParallel | null = null;
  const closeTrainer = async (): Promise<void> => {
    await trainer?.close();
    trainer = null;
  };
  const parallel = async (kind: 'mlp' | 'cnn' | 'lstm' | 'gpt', init: Param[], inputs: Tensor[]) => {
    await closeTrainer();
    trainer = await g.dataParallel({ module: REPLICAS, options: { kind, init }, replicas: availableParallelism() });
    const dp = trainer;
    return { step: () => dp.step(inputs), local: dp.local };
  };
  return {
    async init(): Promise<EngineInfo> {
      if (variant === 'js') {
        g.setBackend('js');
        return { threads: 1 };
      }
      // wasm-fma asks for the relaxed kernels (an error where the host lacks them); the others
      // take what 'auto' (or GRADSCHOOL_WASM_KERNELS) gives, named in the note.
      if (variant === 'wasm-fma') g.setWasmKernels('relaxed');
      await useWasm(variant === 'wasm-mt' || variant === 'wasm-dp' ? availableParallelism() : 1);
      const how = variant === 'wasm-dp' ? '; data-parallel: a replica per core, each on its rows of the batch, gradients summed' : '';
      return { threads: g.getNumThreads(), note: `${g.getWasmKernels()} kernels${how}` };
    },

    // Asked again after each measurement: the table shows the threads the figure was measured with.
    threadsNow: () => (variant === 'js' ? 1 : trainer?.replicas ?? g.getNumThreads()),

    async sgemm(n, a, b) {
      await closeTrainer();
      const A = g.fromTypedArray(a.slice(), [n, n]);
      const B = g.fromTypedArray(b.slice(), [n, n]);
      return () => g.noGrad(() => A.matmul(B));
    },

    async train(kind, batch: Batch, init: Param[]) {
      const x = g.fromTypedArray(batch.x.slice(), batch.xShape);
      const y = g.fromTypedArray(batch.labels.slice(), [batch.labels.length]);
      if (variant === 'wasm-dp') {
        const { step, local } = await parallel(kind, init, [x, y]);
        return { step, loss: () => g.noGrad(() => local.loss([x, y]).item()) };
      }
      const model = buildClassifier(kind, init);
      // Each step in a scope, as fit() runs it: its tensors live in wasm memory and are freed when
      // it ends (the js backend ignores scopes).
      const scopes = g.stepScopes([model.params]);
      return {
        step: () => scopes.step(() => {
          model.loss(x, y).backward();
          model.update();
        }),
        loss: () => g.noGrad(() => model.loss(x, y).item()),
      };
    },

    async trainSeq(kind, batch, init) {
      if (variant !== 'wasm-dp') return trainSeq(kind, batch, init);
      const x = g.fromTypedArray(batch.x.slice(), batch.shape);
      const y = g.fromTypedArray(batch.y.slice(), batch.shape);
      const { step, local } = await parallel(kind, init, [x, y]);
      return { step, loss: () => freshLoss(modelOf(local), () => local.loss([x, y])) };
    },

    dispose: closeTrainer,
  };
}
