// embedding: a lookup table, weight rows picked by int32 indices of any shape (ONNX Gather on
// axis 0). Its backward sums dy rows back into the rows they came from; paddingIdx's row gets none.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { randn, tensor } from '../tensor/creation.ts';
import { DTypeError, IndexError, ShapeError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { checkOptions } from '../options.ts';

type OpFn<A> = (inputs: readonly Tensor[], attrs: A) => Tensor;
type Pad = { paddingIdx: number };

const f64 = { dtype: 'float64' } as const;
const someIndices = () => tensor([[0, 3, 1], [3, 3, 4]], { dtype: 'int32' }); // repeats on purpose

// weight: (R, E), indices: (…) → y: (…, E)
const embeddingOp: OpFn<Pad> = defineOp<Pad>({
  name: 'embedding',
  onnx: 'Gather',
  forward: ([w, idx]) => wrap(backend().embedding(w, idx, w.dtype), [...idx.shape, w.shape[1]]),
  // dw[r] = Σ_{i: idx_i = r} dy[i] (0 for r = paddingIdx)
  backward: (dy, { inputs: [w, idx], attrs: { paddingIdx } }) => [() => embeddingBackwardOp([dy, idx], { numRows: w.shape[0], paddingIdx }), undefined],
  // No paddingIdx case: freezing that row is deliberately not the derivative (the tests check it apart).
  cases: [{ shapes: [], grad: [0], attrs: { paddingIdx: -1 }, inputs: () => [randn([5, 3], f64), someIndices()] }],
});

// dy: (…, E), indices: (…) → dw: (R, E)
const embeddingBackwardOp: OpFn<Pad & { numRows: number }> = defineOp<Pad & { numRows: number }>({
  name: 'embeddingBackward',
  forward: ([dy, idx], { numRows, paddingIdx }) =>
    wrap(backend().embeddingBackward(dy, idx, numRows, paddingIdx, dy.dtype), [numRows, dy.shape[dy.ndim - 1]]),
  // The adjoint of this row sum reads the rows back, with zeros where the index is the padding row.
  backward: (ddw, { inputs: [, idx], attrs: { paddingIdx } }) => [() => embeddingOp([ddw, idx], { paddingIdx: -1 }).mul(idx.ne(paddingIdx).unsqueeze(-1)), undefined],
  cases: [{ shapes: [], grad: [0], attrs: { numRows: 5, paddingIdx: 4 }, inputs: () => [randn([2, 3, 2], f64), someIndices()] }],
});

/** PyTorch's embedding options we don't take, each named with what to do instead. */
export const EMBEDDING_HINTS = {
  maxNorm: 'maxNorm is not supported: renormalize the rows yourself, e.g. under noGrad scale weight rows whose norm exceeds the bound',
  normType: 'normType goes with maxNorm, which is not supported',
  scaleGradByFreq: 'scaleGradByFreq is not supported',
  sparse: 'sparse is not supported: gradients are dense',
} as const;

export interface EmbeddingOptions {
  /** This row's vector gets no gradient (it stays what it was, e.g. zeros for padding tokens); may be negative. */
  paddingIdx?: number | null;
}

/** Rows of weight (R, E) picked by int32 indices of any shape → (…indices, E). */
export function embedding(indices: Tensor, weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  checkOptions('embedding', opts, ['paddingIdx'], EMBEDDING_HINTS);
  if (indices.dtype !== 'int32') throw new DTypeError(`embedding: indices must be int32, got ${indices.dtype}`);
  if (weight.ndim !== 2) throw new ShapeError(`embedding: weight must be 2-D (numEmbeddings, embeddingDim), got shape ${fmtShape(weight.shape)}`);
  const rows = weight.shape[0];
  for (const i of indices.toTypedArray()) {
    if (i < 0 || i >= rows) throw new IndexError(`embedding: index ${i} is out of range for a weight with ${rows} rows (valid 0..${rows - 1}, indices ${fmtShape(indices.shape)})`);
  }
  let paddingIdx = opts.paddingIdx ?? -1;
  if (opts.paddingIdx != null) {
    if (!Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
      throw new IndexError(`embedding: paddingIdx ${paddingIdx} must be within -${rows}..${rows - 1} for a weight with ${rows} rows`);
    }
    if (paddingIdx < 0) paddingIdx += rows;
  }
  return embeddingOp([weight, indices], { paddingIdx });
}
