// TransformerBlock: the pre-LayerNorm block GPT-2 and most modern transformers stack —
//   x ← x + dropout(attn(ln1(x)))    then    x ← x + mlp(ln2(x)),   mlp = Linear·GELU·Linear·dropout.
// Normalizing before each sublayer keeps the residual path an identity, which trains stably without warm-up tricks.

import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import { ValueError } from '../../errors.ts';
import { Module } from '../module.ts';
import { Sequential } from '../containers.ts';
import { Linear } from '../linear.ts';
import { LayerNorm } from '../normalization.ts';
import { GELU } from '../activation.ts';
import { Dropout } from '../dropout.ts';
import { reprArgs } from '../util.ts';
import { MultiheadAttention } from './multihead.ts';
import { checkOptions } from '../../options.ts';

export interface TransformerBlockOptions {
  /** Hidden width of the MLP as a multiple of embedDim (default 4). */
  mlpRatio?: number;
  /** Dropout on attention weights, after attention and at the end of the MLP (default 0). */
  dropout?: number;
  /** Every position attends only to itself and earlier ones, as in a language model (default false). */
  causal?: boolean;
  /** Biases in the projections and the MLP (default true). */
  bias?: boolean;
  /** x is (N, L, E) (default true; false: (L, N, E)). */
  batchFirst?: boolean;
  layerNormEps?: number;
  dtype?: DType;
}

export interface TransformerBlockForwardOptions {
  /** Passed to the attention: (L, S) or (N·numHeads, L, S), bool true = may not attend, or float added. */
  attnMask?: Tensor | null;
  /** (N, S): bool true marks padding. */
  keyPaddingMask?: Tensor | null;
}

export class TransformerBlock extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly causal: boolean;
  ln1: LayerNorm;
  attn: MultiheadAttention;
  dropout1: Dropout;
  ln2: LayerNorm;
  mlp: Sequential;

  constructor(embedDim: number, numHeads: number, opts: TransformerBlockOptions = {}) {
    super();
    checkOptions('TransformerBlock', opts, ['mlpRatio', 'dropout', 'causal', 'bias', 'batchFirst', 'layerNormEps', 'dtype']);
    const { mlpRatio = 4, dropout = 0, causal = false, bias = true, batchFirst = true, layerNormEps = 1e-5, dtype = 'float32' } = opts;
    const hidden = Math.round(embedDim * mlpRatio);
    if (!(hidden >= 1)) throw new ValueError(`TransformerBlock: mlpRatio ${mlpRatio} gives an MLP width of ${hidden} for embedDim ${embedDim}`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.causal = causal;
    this.ln1 = new LayerNorm(embedDim, { eps: layerNormEps, dtype });
    this.attn = new MultiheadAttention(embedDim, numHeads, { dropout, bias, batchFirst, dtype });
    this.dropout1 = new Dropout(dropout);
    this.ln2 = new LayerNorm(embedDim, { eps: layerNormEps, dtype });
    this.mlp = new Sequential(new Linear(embedDim, hidden, { bias, dtype }), new GELU(), new Linear(hidden, embedDim, { bias, dtype }), new Dropout(dropout));
  }

  /** x: (N, L, E) (or (L, N, E) without batchFirst) → the same shape. */
  forward(x: Tensor, opts: TransformerBlockForwardOptions = {}): Tensor {
    checkOptions('TransformerBlock.forward', opts, ['attnMask', 'keyPaddingMask']);
    const { attnMask = null, keyPaddingMask = null } = opts;
    const h = this.ln1.call(x);
    const [attended] = this.attn.call(h, h, h, { attnMask, keyPaddingMask, isCausal: this.causal, needWeights: false });
    x = x.add(this.dropout1.call(attended));
    return x.add(this.mlp.call(this.ln2.call(x)));
  }

  override extraRepr(): string {
    return reprArgs([['embedDim', this.embedDim], ['numHeads', this.numHeads], ['causal', this.causal, false]]);
  }
}
