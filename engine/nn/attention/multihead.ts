// MultiheadAttention as PyTorch's: project q, k, v, split the features into heads, attend in each
// head (scaledDotProductAttention), join the heads and project out. Parameter names are PyTorch's
// state-dict keys in camelCase (in_proj_weight → inProjWeight, out_proj → outProj).

import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import { zeros, arange } from '../../tensor/creation.ts';
import { linear } from '../../functional/linear.ts';
import { chunk } from '../../functional/split.ts';
import { scaledDotProductAttention } from '../../functional/attention.ts';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.ts';
import { Module } from '../module.ts';
import { Parameter } from '../parameter.ts';
import { Linear } from '../linear.ts';
import { xavierUniform_, zeros_ } from '../init.ts';
import { empty, reprArgs } from '../util.ts';
import { checkOptions } from '../../options.ts';

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights, in training mode (default 0). */
  dropout?: number;
  /** Biases on the input and output projections (default true). */
  bias?: boolean;
  /** Inputs and output are (N, L, E) instead of (L, N, E) (default false, as PyTorch). */
  batchFirst?: boolean;
  /** Feature sizes of key and value when they differ from embedDim. */
  kdim?: number;
  vdim?: number;
  dtype?: DType;
}

export interface MultiheadAttentionForwardOptions {
  /** (N, S) or unbatched (S): bool true marks a padding key to ignore (PyTorch's sense); float is added. */
  keyPaddingMask?: Tensor | null;
  /** (L, S) or (N·numHeads, L, S): bool true means "may NOT attend" (PyTorch's MHA sense); float is added. */
  attnMask?: Tensor | null;
  /** Return the attention weights (default true); false returns null in their place. */
  needWeights?: boolean;
  /** Average the weights over heads, (N, L, S), instead of (N, numHeads, L, S) (default true). */
  averageAttnWeights?: boolean;
  /** Query i attends to keys 0..i only; applied on top of any attnMask. */
  isCausal?: boolean;
}

/** A bool "blocked" mask as an additive float mask: −∞ where blocked, 0 elsewhere; floats pass through. */
function additive(name: string, mask: Tensor, dtype: DType): Tensor {
  if (mask.dtype === 'bool') return zeros(mask.shape, { dtype }).maskedFill(mask, -Infinity);
  if (mask.dtype !== 'float32' && mask.dtype !== 'float64') throw new DTypeError(`MultiheadAttention: ${name} must be bool or floating point, got ${mask.dtype}`);
  return mask.to(dtype);
}

export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  /** (3E, E) when key and value have embedDim features; then q/k/vProjWeight are null. */
  inProjWeight: Parameter | null;
  qProjWeight: Parameter | null;
  kProjWeight: Parameter | null;
  vProjWeight: Parameter | null;
  inProjBias: Parameter | null;
  outProj: Linear;

  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    checkOptions('MultiheadAttention', opts, ['dropout', 'bias', 'batchFirst', 'kdim', 'vdim', 'dtype'], {
      addBiasKv: 'addBiasKv is not supported', addZeroAttn: 'addZeroAttn is not supported',
    });
    const { dropout = 0, bias = true, batchFirst = false, kdim = embedDim, vdim = embedDim, dtype = 'float32' } = opts;
    for (const [name, v] of [['embedDim', embedDim], ['numHeads', numHeads], ['kdim', kdim], ['vdim', vdim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`MultiheadAttention: ${name} must be a positive integer, got ${v}`);
    }
    if (embedDim % numHeads !== 0) throw new ValueError(`MultiheadAttention: embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`MultiheadAttention: dropout must be a probability in [0, 1], got ${dropout}`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.kdim = kdim;
    this.vdim = vdim;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    const packed = kdim === embedDim && vdim === embedDim;
    this.inProjWeight = packed ? new Parameter(empty([3 * embedDim, embedDim], dtype)) : null;
    this.qProjWeight = packed ? null : new Parameter(empty([embedDim, embedDim], dtype));
    this.kProjWeight = packed ? null : new Parameter(empty([embedDim, kdim], dtype));
    this.vProjWeight = packed ? null : new Parameter(empty([embedDim, vdim], dtype));
    this.inProjBias = bias ? new Parameter(empty([3 * embedDim], dtype)) : null;
    this.outProj = new Linear(embedDim, embedDim, { bias, dtype });
    this.resetParameters();
  }

  /** Xavier-uniform input projections, zero biases; outProj keeps Linear's default weight (as PyTorch). */
  resetParameters(): void {
    for (const w of [this.inProjWeight, this.qProjWeight, this.kProjWeight, this.vProjWeight]) if (w) xavierUniform_(w);
    if (this.inProjBias) zeros_(this.inProjBias);
    if (this.outProj.bias) zeros_(this.outProj.bias);
  }

  /**
   * query: (L, N, E), key: (S, N, kdim), value: (S, N, vdim) — batch first when batchFirst — or
   * unbatched (L, E), (S, kdim), (S, vdim). Returns [output (L, N, E), weights (N, L, S) or
   * (N, numHeads, L, S), or null]. A query whose keys are all masked gets zero weights and a
   * zero attention output (PyTorch gives NaN there).
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    checkOptions('MultiheadAttention.forward', opts, ['keyPaddingMask', 'attnMask', 'needWeights', 'averageAttnWeights', 'isCausal']);
    const { keyPaddingMask = null, attnMask = null, needWeights = true, averageAttnWeights = true, isCausal = false } = opts;
    const E = this.embedDim, heads = this.numHeads;
    const shapes = `query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)}, value ${fmtShape(value.shape)}`;
    const batched = query.ndim === 3;
    if ((query.ndim !== 2 && query.ndim !== 3) || key.ndim !== query.ndim || value.ndim !== query.ndim) {
      throw new ShapeError(`MultiheadAttention: query, key and value must all be 3-D (batched) or all 2-D (unbatched), got ${shapes}`);
    }
    // Work batch first: (N, L, E).
    const toBatchFirst = (t: Tensor) => (!batched ? t.unsqueeze(0) : this.batchFirst ? t : t.transpose(0, 1));
    const [q, k, v] = [query, key, value].map(toBatchFirst);
    const [N, L] = q.shape, S = k.shape[1];
    if (q.shape[2] !== E || k.shape[2] !== this.kdim || v.shape[2] !== this.vdim) {
      throw new ShapeError(`MultiheadAttention: features must be query ${E}, key ${this.kdim}, value ${this.vdim}; got ${shapes}`);
    }
    if (k.shape[0] !== N || v.shape[0] !== N || v.shape[1] !== S) throw new ShapeError(`MultiheadAttention: batch sizes and key/value lengths must agree, got ${shapes}`);

    // Project, then split E into heads: (N, len, E) → (N, heads, len, headDim).
    const [wq, wk, wv] = this.inProjWeight ? chunk(this.inProjWeight, 3, 0) : [this.qProjWeight!, this.kProjWeight!, this.vProjWeight!];
    const [bq, bk, bv] = this.inProjBias ? chunk(this.inProjBias, 3, 0) : [null, null, null];
    const split = (t: Tensor) => t.reshape([N, t.shape[1], heads, this.headDim]).transpose(1, 2);
    const [qh, kh, vh] = [split(linear(q, wq, bq)), split(linear(k, wk, bk)), split(linear(v, wv, bv))];

    // Every mask as one additive (N or 1, heads or 1, L, S) mask.
    let mask: Tensor | null = null;
    const addMask = (m: Tensor) => (mask = mask ? mask.add(m) : m);
    if (attnMask) {
      const m = additive('attnMask', attnMask, q.dtype);
      if (m.ndim === 2 && m.shape[0] === L && m.shape[1] === S) addMask(m);
      else if (m.ndim === 3 && m.shape[0] === N * heads && m.shape[1] === L && m.shape[2] === S) addMask(m.reshape([N, heads, L, S]));
      else throw new ShapeError(`MultiheadAttention: attnMask ${fmtShape(attnMask.shape)} must be (L, S) = [${L}, ${S}] or (N·numHeads, L, S) = [${N * heads}, ${L}, ${S}] for ${shapes}`);
    }
    if (keyPaddingMask) {
      const want = batched ? [N, S] : [S];
      if (fmtShape(keyPaddingMask.shape) !== fmtShape(want)) throw new ShapeError(`MultiheadAttention: keyPaddingMask ${fmtShape(keyPaddingMask.shape)} must be ${fmtShape(want)} (batch, keys) for ${shapes}`);
      addMask(additive('keyPaddingMask', keyPaddingMask, q.dtype).reshape([N, 1, 1, S]));
    }
    if (isCausal) addMask(zeros([L, S], { dtype: q.dtype }).maskedFill(arange(S).unsqueeze(0).gt(arange(L).unsqueeze(1)), -Infinity));

    const { output, weights } = scaledDotProductAttention(qh, kh, vh, { attnMask: mask, dropoutP: this.dropout, training: this.training });
    // Join the heads: (N, heads, L, headDim) → (N, L, E), then project out.
    let out = this.outProj.call(output.transpose(1, 2).reshape([N, L, E]));
    out = !batched ? out.squeeze(0) : this.batchFirst ? out : out.transpose(0, 1);
    if (!needWeights) return [out, null];
    let w = averageAttnWeights ? weights.mean({ dim: 1 }) : weights;
    if (!batched) w = w.squeeze(0);
    return [out, w];
  }

  override extraRepr(): string {
    return reprArgs([['embedDim', this.embedDim], ['numHeads', this.numHeads], ['dropout', this.dropout, 0], ['batchFirst', this.batchFirst, false],
      ['kdim', this.kdim, this.embedDim], ['vdim', this.vdim, this.embedDim]]);
  }
}
