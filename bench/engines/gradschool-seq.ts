// The sequence workloads on gradschool: the char-lstm and tiny-gpt models of examples/ (their
// classes, from examples/lib), stepped the way fit() steps them: zeroGrad, forward, cross-entropy
// over every position, backward, clipGradNorm_, optimizer step.

import * as g from '../../engine/index.ts';
import { nn, optim, io, type Tensor } from '../../engine/index.ts';
import {
  CHARS, CLIP_NORM, GPT_DIM, GPT_HEADS, GPT_LAYERS, GPT_WEIGHT_DECAY, LSTM_EMBED, LSTM_HIDDEN, SEQ_LEN, SEQ_LR,
  type Param, type SeqBatch,
} from '../data.ts';
import type { TrainSetup } from './types.ts';
import { CharLSTM } from '../../examples/lib/char-lstm-model.ts';
import { TinyGPT } from '../../examples/lib/tiny-gpt-model.ts';

/** A sequence workload's model and optimizer at the shared weights, and its loss on (x, y). */
export function buildSeq(kind: 'lstm' | 'gpt', init: Param[]) {
  const model = kind === 'lstm'
    ? new CharLSTM(CHARS, LSTM_EMBED, LSTM_HIDDEN)
    : new TinyGPT({ vocabSize: CHARS, context: SEQ_LEN, dim: GPT_DIM, layers: GPT_LAYERS, heads: GPT_HEADS, dropout: 0 });
  // The shared weights under PyTorch's names (weight_ih_l0, in_proj_weight) → gradschool's camelCase.
  model.loadStateDict(Object.fromEntries(init.map((p) => [io.fromPyTorchName(p.name), g.fromTypedArray(p.data.slice(), p.shape)])));
  const optimizer = kind === 'lstm'
    ? new optim.Adam(model.parameters(), { lr: SEQ_LR })
    : new optim.AdamW(model.parameters(), { lr: SEQ_LR, weightDecay: GPT_WEIGHT_DECAY });
  return {
    model,
    optimizer,
    loss: (x: Tensor, y: Tensor): Tensor => g.crossEntropy(model.call(x).reshape([-1, CHARS]), y.reshape([-1])),
    /** Clipping, then the optimizer step: what follows backward in char-lstm and tiny-gpt. */
    update: (): void => {
      optim.clipGradNorm_(model.parameters(), CLIP_NORM);
      optimizer.step();
    },
  };
}

/** The loss from a zero LSTM state, leaving the carried one alone, so engines compare the same number. */
export function freshLoss(model: nn.Module | undefined, loss: () => Tensor): number {
  return g.noGrad(() => {
    const saved = model instanceof CharLSTM ? model.state : null;
    if (model instanceof CharLSTM) model.state = null;
    const value = loss().item();
    if (model instanceof CharLSTM) model.state = saved;
    return value;
  });
}

export function trainSeq(kind: 'lstm' | 'gpt', batch: SeqBatch, init: Param[]): TrainSetup {
  const { model, optimizer, loss, update } = buildSeq(kind, init);
  const x = g.fromTypedArray(batch.x.slice(), batch.shape);
  const y = g.fromTypedArray(batch.y.slice(), batch.shape);
  const scopes = g.stepScopes([model, optimizer]); // as fit(): each step's tensors are freed when it ends
  return {
    step: () => scopes.step(() => {
      optimizer.zeroGrad();
      loss(x, y).backward();
      update();
    }),
    loss: () => freshLoss(model, () => loss(x, y)),
  };
}
