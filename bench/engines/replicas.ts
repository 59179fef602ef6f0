// The data-parallel replicas of the four training workloads (gradschool-wasm-mt): each thread
// builds the same network at the shared initial weights, with its optimizer and update.

import type { Replica, Tensor } from '../../engine/index.ts';
import type { nn } from '../../engine/index.ts';
import type { Param } from '../data.ts';
import { buildClassifier } from './gradschool-classifiers.ts';
import { buildSeq } from './gradschool-seq.ts';

const models = new WeakMap<Replica, nn.Module>();

/** The module behind a sequence replica (its LSTM state is reset for a fresh-state loss). */
export const modelOf = (r: Replica): nn.Module | undefined => models.get(r);

/** `init`: the shared starting weights the engine was given (structured-cloned to each worker). */
export function replica({ kind, init }: { kind: 'mlp' | 'cnn' | 'lstm' | 'gpt'; init: Param[] }): Replica {
  if (kind === 'mlp' || kind === 'cnn') {
    const m = buildClassifier(kind, init);
    return { parameters: m.params, loss: ([x, y]: Tensor[]) => m.loss(x, y), update: m.update };
  }
  const m = buildSeq(kind, init);
  const r: Replica = {
    parameters: m.model.parameters(),
    keep: [m.model, m.optimizer],
    loss: ([x, y]: Tensor[]) => m.loss(x, y),
    zeroGrad: () => m.optimizer.zeroGrad(),
    update: m.update,
  };
  models.set(r, m.model);
  return r;
}
