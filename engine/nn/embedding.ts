// Embedding: a learned lookup table of numEmbeddings vectors of size embeddingDim, indexed by int32
// token ids. Initialized N(0, 1) as PyTorch, with the paddingIdx row zeroed (it gets no gradient).

import type { Tensor } from '../tensor/tensor.ts';
import type { DType } from '../tensor/dtype.ts';
import { zeros } from '../tensor/creation.ts';
import { embedding, EMBEDDING_HINTS } from '../ops/embedding.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { IndexError, ShapeError, ValueError, fmtShape } from '../errors.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { normal_ } from './init.ts';
import { checkOptions } from '../options.ts';

export interface EmbeddingLayerOptions {
  /** This row is initialized to zeros and never updated (e.g. the padding token); may be negative. */
  paddingIdx?: number | null;
  dtype?: DType;
}

/** indices: (…) int32 → (…, embeddingDim); weight: (numEmbeddings, embeddingDim). */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingLayerOptions = {}) {
    super();
    checkOptions('Embedding', opts, ['paddingIdx', 'dtype'], EMBEDDING_HINTS);
    const { dtype = 'float32' } = opts;
    let paddingIdx = opts.paddingIdx ?? null;
    for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`Embedding: ${name} must be a non-negative integer, got ${v}`);
    }
    if (paddingIdx !== null) {
      if (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
        throw new IndexError(`Embedding: paddingIdx ${paddingIdx} must be within -${numEmbeddings}..${numEmbeddings - 1}`);
      }
      if (paddingIdx < 0) paddingIdx += numEmbeddings;
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx;
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], { dtype }));
    this.resetParameters();
  }

  /** A layer holding these vectors (numEmbeddings, embeddingDim), frozen unless freeze is false. */
  static fromPretrained(weights: Tensor, opts: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    checkOptions('Embedding.fromPretrained', opts, ['freeze', 'paddingIdx'], EMBEDDING_HINTS);
    const { freeze = true, paddingIdx = null } = opts;
    if (weights.ndim !== 2) throw new ShapeError(`Embedding.fromPretrained: weights must be 2-D (numEmbeddings, embeddingDim), got shape ${fmtShape(weights.shape)}`);
    const layer = new Embedding(weights.shape[0], weights.shape[1], { paddingIdx, dtype: weights.dtype });
    noGrad(() => layer.weight.copy_(weights));
    layer.weight.requiresGrad = !freeze;
    return layer;
  }

  /** weight ~ N(0, 1), the paddingIdx row zeroed. */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).zero_());
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ''}`;
  }
}
