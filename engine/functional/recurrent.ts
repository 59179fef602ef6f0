// Recurrent cells as PyTorch defines them (RNNCell, LSTMCell, GRUCell), written gate by gate from
// linear() and pointwise ops so the formulas read like the textbook and autograd differentiates
// them for free. One time step each; the layers in nn/recurrent loop them over a sequence.

import type { Tensor } from '../tensor/tensor.ts';
import { zeros } from '../tensor/creation.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { linear } from './linear.ts';
import { chunk } from './split.ts';

export type RnnNonlinearity = 'tanh' | 'relu';

// Letters: N batch, I input features, H hidden features, G gates (1 RNN, 3 GRU, 4 LSTM).
// x: (N, I) or unbatched (I) · h, c: (N, H) or (H) · wIh: (G·H, I) · wHh: (G·H, H) · bIh, bHh: (G·H)
function checkCell(op: string, gates: number, x: Tensor, states: Tensor[], wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null): void {
  const H = wHh.shape[1];
  if (wHh.ndim !== 2 || wHh.shape[0] !== gates * H) {
    throw new ShapeError(`${op}: weightHh must have shape (${gates}·hidden, hidden), got ${fmtShape(wHh.shape)}`);
  }
  if (wIh.ndim !== 2 || wIh.shape[0] !== gates * H) {
    throw new ShapeError(`${op}: weightIh ${fmtShape(wIh.shape)} must have ${gates * H} rows (${gates}·hidden, from weightHh ${fmtShape(wHh.shape)})`);
  }
  if (x.ndim < 1 || x.ndim > 2 || x.shape[x.ndim - 1] !== wIh.shape[1]) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} must be (batch, ${wIh.shape[1]}) or (${wIh.shape[1]}) for weightIh ${fmtShape(wIh.shape)}`);
  }
  const want = x.ndim === 2 ? [x.shape[0], H] : [H];
  for (const s of states) {
    if (s.ndim !== want.length || s.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(`${op}: state ${fmtShape(s.shape)} must have shape ${fmtShape(want)} for input ${fmtShape(x.shape)} and hidden size ${H}`);
    }
  }
  for (const [name, b] of [['biasIh', bIh], ['biasHh', bHh]] as const) {
    if (b && (b.ndim !== 1 || b.shape[0] !== gates * H)) throw new ShapeError(`${op}: ${name} must have shape [${gates * H}], got ${fmtShape(b.shape)}`);
  }
}

/** A zero state matching x's batch (or unbatched) shape, when the caller gives none (as PyTorch). */
const zeroState = (x: Tensor, H: number): Tensor => zeros(x.ndim === 2 ? [x.shape[0], H] : [H], { dtype: x.dtype });

/** Elman RNN step: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu). */
export function rnnCell(
  x: Tensor, h: Tensor | null, wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null, nonlinearity: RnnNonlinearity = 'tanh',
): Tensor {
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`rnnCell: nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
  h ??= zeroState(x, wHh.shape[1]);
  checkCell('rnnCell', 1, x, [h], wIh, wHh, bIh, bHh);
  const pre = linear(x, wIh, bIh).add(linear(h, wHh, bHh));
  return nonlinearity === 'tanh' ? pre.tanh() : pre.relu();
}

/**
 * LSTM step, PyTorch's gate order i, f, g, o along the weights' rows:
 *   i = σ(·), f = σ(·), g = tanh(·), o = σ(·)   where (·) = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, per gate
 *   c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c').
 * The cell state c is the "conveyor belt": c' depends on c only through f, so gradients pass back
 * through time multiplied by f rather than by a weight matrix.
 */
export function lstmCell(
  x: Tensor, state: readonly [Tensor, Tensor] | null, wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null,
): [Tensor, Tensor] {
  const H = wHh.shape[1];
  const [h, c] = state ?? [zeroState(x, H), zeroState(x, H)];
  checkCell('lstmCell', 4, x, [h, c], wIh, wHh, bIh, bHh);
  const gates = linear(x, wIh, bIh).add(linear(h, wHh, bHh));
  const [i, f, g, o] = chunk(gates, 4, -1);
  const cNext = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
  const hNext = o.sigmoid().mul(cNext.tanh());
  return [hNext, cNext];
}

/**
 * GRU step, PyTorch's gate order r, z, n along the weights' rows:
 *   r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr)          reset gate
 *   z = σ(x·W_izᵀ + b_iz + h·W_hzᵀ + b_hz)          update gate
 *   n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))  candidate; r scales the whole recurrent term, bias included
 *   h' = (1 − z) ⊙ n + z ⊙ h
 */
export function gruCell(
  x: Tensor, h: Tensor | null, wIh: Tensor, wHh: Tensor, bIh?: Tensor | null, bHh?: Tensor | null,
): Tensor {
  h ??= zeroState(x, wHh.shape[1]);
  checkCell('gruCell', 3, x, [h], wIh, wHh, bIh, bHh);
  const [xr, xz, xn] = chunk(linear(x, wIh, bIh), 3, -1);
  const [hr, hz, hn] = chunk(linear(h, wHh, bHh), 3, -1);
  const r = xr.add(hr).sigmoid();
  const z = xz.add(hz).sigmoid();
  const n = xn.add(r.mul(hn)).tanh();
  return z.neg().add(1).mul(n).add(z.mul(h));
}
