// The tiny GPT of examples/tiny-gpt.ts, and one data-parallel replica of its training: the model,
// AdamW, the one-cycle schedule and clipping, built the same way on every thread (dataParallel).

import { nn, optim, crossEntropy, arange, type Tensor, type Replica } from '../../engine/index.ts';

export interface GPTConfig { vocabSize: number; context: number; dim: number; layers: number; heads: number; dropout: number }

export class TinyGPT extends nn.Module {
  tokens: nn.Embedding;
  positions: nn.Embedding;
  blocks: nn.Sequential;
  norm: nn.LayerNorm;
  head: nn.Linear;

  constructor(readonly config: GPTConfig) {
    super();
    const { vocabSize, context, dim, layers, heads, dropout } = config;
    this.tokens = new nn.Embedding(vocabSize, dim); // what each character is
    this.positions = new nn.Embedding(context, dim); // where it stands in the window
    // causal: position i attends to positions 0..i only, so predicting i + 1 cannot peek ahead.
    this.blocks = new nn.Sequential(...Array.from({ length: layers }, () => new nn.TransformerBlock(dim, heads, { causal: true, dropout })));
    this.norm = new nn.LayerNorm(dim);
    this.head = new nn.Linear(dim, vocabSize);
    // GPT-2's initialization: small normal weights (std 0.02), zero biases.
    this.apply((m) => {
      if (m instanceof nn.Linear || m instanceof nn.Embedding) nn.init.normal_(m.weight, 0, 0.02);
      if (m instanceof nn.Linear && m.bias) nn.init.zeros_(m.bias);
    });
  }

  /** x: (N, L) character ids, L ≤ context → (N, L, V) logits for the next character at every position. */
  forward(x: Tensor): Tensor {
    const where = arange(0, x.shape[1], 1, { dtype: 'int32' });
    const h = this.tokens.call(x).add(this.positions.call(where)); // (N, L, D) + (L, D) broadcasts
    return this.head.call(this.norm.call(this.blocks.call(h)));
  }
}

/** What every replica builds from: the model's shape and the training schedule. */
export interface TrainConfig { model: GPTConfig; lr: number; clip: number; totalSteps: number }

/** The optimizer and per-batch schedule tiny-gpt trains with. */
export function optimizerFor(model: TinyGPT, c: TrainConfig) {
  const optimizer = new optim.AdamW(model.parameters(), { lr: c.lr, weightDecay: 0.01 });
  // Warm up to lr over the first 30% of the steps, then anneal (one cosine cycle); stepped every batch.
  const scheduler = new optim.lrScheduler.OneCycleLR(optimizer, { maxLr: c.lr, totalSteps: c.totalSteps });
  return { optimizer, scheduler };
}

/** (N, L, V) logits against (N, L) targets: flatten both to score every position. */
export const lossOf = (vocabSize: number) => (logits: Tensor, y: Tensor): Tensor => crossEntropy(logits.reshape([-1, vocabSize]), y.reshape([-1]));

export interface GPTReplica extends Replica { model: TinyGPT; optimizer: optim.AdamW; scheduler: optim.lrScheduler.OneCycleLR }

/** One replica: clipping, the optimizer step and the schedule all run in update(), on every replica alike. */
export function replica(c: TrainConfig): GPTReplica {
  const model = new TinyGPT(c.model);
  const { optimizer, scheduler } = optimizerFor(model, c);
  const loss = lossOf(c.model.vocabSize);
  return {
    model, optimizer, scheduler,
    parameters: model.parameters(),
    keep: [model, optimizer, scheduler],
    loss: ([x, y]) => loss(model.forward(x), y),
    zeroGrad: () => optimizer.zeroGrad(),
    update: () => {
      optim.clipGradNorm_(model.parameters(), c.clip);
      optimizer.step();
      scheduler.step();
    },
  };
}
