// lstm: an LSTM layer's recurrence over a whole sequence (one layer, one direction) as a single
// primitive, so a step costs two kernel calls instead of ~40 ops and backward is one pass through
// time. The input projection stays outside (one linear over all steps); lstmCell is the textbook form.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { isGradEnabled } from '../autograd/grad-mode.ts';
import { backend } from '../backend/index.ts';
import { isFloat } from '../tensor/dtype.ts';
import { randn } from '../tensor/creation.ts';
import { AutogradError, DTypeError, ShapeError, fmtShape } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { wrap } from './util.ts';
import { cat } from './cat.ts';

type Attrs = { reverse: boolean };
const F64 = { dtype: 'float64' } as const;

// Letters: L steps, N batch, H hidden, G = 4H gates (i, f, g, o).
// xz: (L, N, G) · h0, c0: (N, H) · wHh: (G, H) → y: (2, L, N, H), y[0] every step's h, y[1] every c.
function check(xz: Tensor, h0: Tensor, c0: Tensor, wHh: Tensor): void {
  const shapes = `xz ${fmtShape(xz.shape)}, h0 ${fmtShape(h0.shape)}, c0 ${fmtShape(c0.shape)}, wHh ${fmtShape(wHh.shape)}`;
  if (![xz, h0, c0, wHh].every((t) => isFloat(t.dtype) && t.dtype === xz.dtype)) {
    throw new DTypeError(`lstm: xz, h0, c0 and wHh must share one float dtype, got ${[xz, h0, c0, wHh].map((t) => t.dtype).join(', ')}`);
  }
  const [L, N, G] = xz.shape, H = wHh.shape[1];
  const ok = xz.ndim === 3 && wHh.ndim === 2 && wHh.shape[0] === 4 * H && G === 4 * H && L > 0
    && [h0, c0].every((s) => s.ndim === 2 && s.shape[0] === N && s.shape[1] === H);
  if (!ok) throw new ShapeError(`lstm: expected xz (L, N, 4H), h0 and c0 (N, H), wHh (4H, H) with L ≥ 1, got ${shapes}`);
}

const lstmOp = defineOp<Attrs>({
  name: 'lstm',
  forward: ([xz, h0, c0, wHh], { reverse }, saved) => {
    check(xz, h0, c0, wHh);
    const { y, gates } = backend().lstm(xz, h0, c0, wHh, reverse, xz.dtype);
    saved.gates = wrap(gates, xz.shape);
    return wrap(y, [2, ...xz.shape.slice(0, 2), wHh.shape[1]]);
  },
  backward: (dy, { inputs: [xz, h0, c0, wHh], output: y, attrs: { reverse }, saved }) => {
    const [L, N, G] = xz.shape, H = G / 4;
    let memo: { dz: Tensor; dh0: Tensor; dc0: Tensor } | undefined;
    // One backward pass through time yields the gradients of xz, h0 and c0 together.
    const bptt = () => {
      if (isGradEnabled()) throw new AutogradError('lstm: the fused LSTM recurrence has no second derivative (createGraph); run lstmCell step by step for gradients of gradients');
      if (!memo) {
        const r = backend().lstmBackward(saved.gates as Tensor, y.select(0, 1), c0, wHh, dy.select(0, 0), dy.select(0, 1), reverse, xz.dtype);
        memo = { dz: wrap(r.dz, xz.shape), dh0: wrap(r.dh0, [N, H]), dc0: wrap(r.dc0, [N, H]) };
      }
      return memo;
    };
    // The h each step read: h0 first (last, when reverse), then the steps' own outputs.
    const hPrev = () => {
      const hs = y.select(0, 0);
      if (L === 1) return h0.unsqueeze(0);
      return reverse ? cat([hs.narrow(0, 1, L - 1), h0.unsqueeze(0)], 0) : cat([h0.unsqueeze(0), hs.narrow(0, 0, L - 1)], 0);
    };
    return [
      () => bptt().dz, // ∂z_t/∂xz_t = 1
      () => bptt().dh0,
      () => bptt().dc0,
      () => bptt().dz.reshape([L * N, G]).mT.matmul(hPrev().reshape([L * N, H])), // z_t = … + h_{t−1}·wHhᵀ: dwHh = Σ_t dz_tᵀ·h_{t−1}
    ];
  },
  cases: [
    { shapes: [[3, 2, 8], [2, 2], [2, 2], [8, 2]], attrs: { reverse: false } },
    { shapes: [[3, 2, 8], [2, 2], [2, 2], [8, 2]], attrs: { reverse: true } },
    { shapes: [[1, 1, 4], [1, 1], [1, 1], [4, 1]], attrs: { reverse: false } },
    // H = 5: the wasm kernel's four-lane rows and their one-lane tail.
    { shapes: [], attrs: { reverse: false }, inputs: () => [randn([2, 3, 20], F64), randn([3, 5], F64), randn([3, 5], F64), randn([20, 5], F64).mul(0.5)] },
  ],
});

/**
 * An LSTM layer's recurrence: xz (L, N, 4H) = x·W_ihᵀ + b_ih + b_hh for every step, initial
 * states h0, c0 (N, H), recurrent weights wHh (4H, H) → y (2, L, N, H): y[0] the h of every step
 * (the layer's output), y[1] every c. reverse runs from the last step to the first.
 */
export function lstm(xz: Tensor, h0: Tensor, c0: Tensor, wHh: Tensor, opts: { reverse?: boolean } = {}): Tensor {
  checkOptions('lstm', opts, ['reverse']);
  return lstmOp([xz, h0, c0, wHh], { reverse: opts.reverse ?? false });
}
