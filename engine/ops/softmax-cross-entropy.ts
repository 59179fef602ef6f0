// softmaxCrossEntropy: softmax and the negative log-likelihood of int32 class targets as one
// primitive, the fast path crossEntropy takes for (N, C) logits. Stable at any logit size; returns
// per-row losses (0 for ignored rows), so the caller's sum or mean brings its own gradient.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { isFloat } from '../tensor/dtype.ts';
import { arange, randn, tensor } from '../tensor/creation.ts';
import { DTypeError, IndexError, ShapeError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { where } from './where.ts';

type Attrs = { ignoreIndex: number };
type OpFn = (inputs: readonly Tensor[], attrs: Attrs) => Tensor;

const op = 'softmaxCrossEntropy';
const f64 = { dtype: 'float64' } as const;
const targets = (...t: number[]) => tensor(t, { dtype: 'int32' });

function check(logits: Tensor, target: Tensor, ignoreIndex: number): void {
  if (!isFloat(logits.dtype)) throw new DTypeError(`${op}: logits must be float32 or float64, got ${logits.dtype}`);
  if (logits.ndim !== 2) throw new ShapeError(`${op}: logits must be 2-D (N, C), got shape ${fmtShape(logits.shape)}`);
  const [N, C] = logits.shape;
  if (target.dtype !== 'int32' || target.ndim !== 1 || target.shape[0] !== N) {
    throw new ShapeError(`${op}: target must be int32 of shape [${N}] for logits of shape ${fmtShape(logits.shape)}, got ${target.dtype} of shape ${fmtShape(target.shape)}`);
  }
  for (const t of target.toTypedArray()) {
    if (t !== ignoreIndex && (t < 0 || t >= C)) throw new IndexError(`${op}: target index ${t} is out of range for ${C} classes (valid: 0..${C - 1}, or ignoreIndex ${ignoreIndex})`);
  }
}

// logits: (N, C) · target: (N) → loss: (N), loss_n = logsumexp(logits_n) − logits_n[target_n]
export const softmaxCrossEntropyOp: OpFn = defineOp<Attrs>({
  name: op,
  onnx: 'SoftmaxCrossEntropyLoss',
  forward: ([logits, target], { ignoreIndex }, saved) => {
    check(logits, target, ignoreIndex);
    const { losses, probs } = backend().softmaxCrossEntropy(logits, target, ignoreIndex, logits.dtype);
    saved.probs = wrap(probs, logits.shape);
    return wrap(losses, [logits.shape[0]]);
  },
  // ∂loss_n/∂logits_nc = softmax_nc − [c = target_n] (0 for an ignored row), so dlogits = (p − onehot)·dy
  backward: (dy, { inputs: [logits, target], attrs, saved }) => [() => backwardOp([logits, target, dy, saved.probs as Tensor], attrs), undefined],
  cases: [
    { shapes: [], grad: [0], attrs: { ignoreIndex: -100 }, inputs: () => [randn([4, 5], f64), targets(1, -100, 4, 0)] },
    { shapes: [], grad: [0], attrs: { ignoreIndex: -100 }, inputs: () => [randn([3, 3], f64).mul(30), targets(2, 0, 1)] }, // peaked rows
    { shapes: [], grad: [0], attrs: { ignoreIndex: 1 }, inputs: () => [randn([3, 4], f64), targets(1, 3, 1)] },
  ],
});

// logits, probs: (N, C) · target, dy: (N) → dlogits: (N, C). probs is softmax(logits), kept by the
// forward so the first backward costs one pass; it carries no gradient of its own.
const backwardOp: OpFn = defineOp<Attrs>({
  name: 'softmaxCrossEntropyBackward',
  forward: ([, target, dy, probs], { ignoreIndex }) => wrap(backend().softmaxCrossEntropyBackward(probs, target, dy, ignoreIndex, probs.dtype), probs.shape),
  backward: (ddx, { inputs: [logits, target, dy], attrs: { ignoreIndex } }) => {
    const g = () => where(target.ne(ignoreIndex).unsqueeze(1), ddx, 0); // ignored rows had no gradient
    return [
      // ∂dx_nc/∂logits_nk = dy_n·p_nc(δ_ck − p_nk), so dlogits = p ⊙ (h − Σ_c h⊙p) with h = ddx·dy (softmax's rule)
      () => {
        const p = logits.softmax(1), h = g().mul(dy.unsqueeze(1));
        return p.mul(h.sub(h.mul(p).sum({ dim: 1, keepdim: true })));
      },
      undefined,
      // ∂dx_nc/∂dy_n = p_nc − [c = target_n]
      () => g().mul(logits.softmax(1).sub(target.unsqueeze(1).eq(arange(logits.shape[1], undefined, 1, { dtype: 'int32' })).to(logits.dtype))).sum(1),
      undefined,
    ];
  },
  // Only dy is nudged: the kernel reads the saved probs, which a nudge to logits alone would leave
  // stale. The logits rule is checked by gradchecking the whole gradient (test/engine/softmax-cross-entropy.test.ts).
  cases: [{
    shapes: [], grad: [2], attrs: { ignoreIndex: -100 },
    inputs: () => { const x = randn([4, 3], f64); return [x, targets(2, -100, 0, 1), randn([4], f64), x.softmax(1)]; },
  }],
});
