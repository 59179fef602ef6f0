// The character LSTM of examples/char-lstm.ts, and one data-parallel replica of its training: the
// model with its carried state, Adam and clipping, built the same way on every thread.

import { nn, optim, crossEntropy, type Tensor, type Replica } from '../../engine/index.ts';

export class CharLSTM extends nn.Module {
  embed: nn.Embedding;
  lstm: nn.LSTM;
  head: nn.Linear;
  /** The (h, c) the next batch starts from; detached, so backward stops at the batch boundary. */
  state: [Tensor, Tensor] | null = null;

  constructor(vocabSize: number, embedDim: number, hidden: number) {
    super();
    this.embed = new nn.Embedding(vocabSize, embedDim);
    this.lstm = new nn.LSTM(embedDim, hidden, { batchFirst: true });
    this.head = new nn.Linear(hidden, vocabSize);
  }

  /** x: (N, L) character ids → (N, L, V) logits for the next character at every position. */
  forward(x: Tensor): Tensor {
    const [out, [h, c]] = this.lstm.call(this.embed.call(x), this.state);
    this.state = [h.detach(), c.detach()];
    return this.head.call(out);
  }

  resetState(): void {
    this.state = null;
  }
}

export interface TrainConfig { vocabSize: number; embed: number; hidden: number; lr: number; clip: number }

/** (N, L, V) logits against (N, L) targets: flatten both to score every position. */
export const lossOf = (vocabSize: number) => (logits: Tensor, y: Tensor): Tensor => crossEntropy(logits.reshape([-1, vocabSize]), y.reshape([-1]));

export interface LSTMReplica extends Replica { model: CharLSTM; optimizer: optim.Adam }

/**
 * One replica. Each carries the LSTM state of its own rows of the batch (row b of one batch
 * continues row b of the last, and a replica always gets the same rows of a full batch), and
 * reset() clears it on every replica at each pass's start.
 */
export function replica(c: TrainConfig): LSTMReplica {
  const model = new CharLSTM(c.vocabSize, c.embed, c.hidden);
  const optimizer = new optim.Adam(model.parameters(), { lr: c.lr });
  const loss = lossOf(c.vocabSize);
  return {
    model, optimizer,
    parameters: model.parameters(),
    keep: [model, optimizer],
    loss: ([x, y]) => loss(model.forward(x), y),
    zeroGrad: () => optimizer.zeroGrad(),
    update: () => {
      optim.clipGradNorm_(model.parameters(), c.clip); // LSTMs' gradients spike now and then
      optimizer.step();
    },
    reset: () => model.resetState(),
  };
}
