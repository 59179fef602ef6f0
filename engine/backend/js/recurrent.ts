// The LSTM recurrence of the js backend: the textbook step written out with scalar loops (the
// recurrent matmul included), and its backpropagation through time, step by step in reverse.

import type { NnKernels } from '../nn-kernels.ts';
import type { View } from '../backend.ts';
import { allocate, type TypedArray } from '../../tensor/dtype.ts';
import { offsetsOf } from './strided.ts';

/** A view's elements, row-major, as a plain array of numbers (float64 arithmetic below). */
const values = (v: View): Float64Array => Float64Array.from(offsetsOf(v), (o) => v.data[o]);
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const recurrentKernels: Pick<NnKernels, 'lstm' | 'lstmBackward'> = {
  lstm(xz, h0, c0, wHh, reverse, dtype) {
    const [L, N, G] = xz.shape, H = G / 4;
    const z = values(xz), w = values(wHh);
    const y = allocate(dtype, 2 * L * N * H), gates = allocate(dtype, L * N * G);
    const hs = y.subarray(0, L * N * H), cs = y.subarray(L * N * H);
    let h: ArrayLike<number> = values(h0), c: ArrayLike<number> = values(c0);
    for (let k = 0; k < L; k++) {
      const t = reverse ? L - 1 - k : k;
      for (let n = 0; n < N; n++) {
        const row = (t * N + n) * G;
        for (let r = 0; r < G; r++) { // z[t, n, r] += Σ_j h[n, j]·wHh[r, j]
          let s = z[row + r];
          for (let j = 0; j < H; j++) s += h[n * H + j] * w[r * H + j];
          gates[row + r] = r >= 2 * H && r < 3 * H ? Math.tanh(s) : sigmoid(s);
        }
      }
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const row = (t * N + n) * G, i = gates[row + j], f = gates[row + H + j], g = gates[row + 2 * H + j], o = gates[row + 3 * H + j];
          const at = (t * N + n) * H + j;
          cs[at] = f * c[n * H + j] + i * g;
          hs[at] = o * Math.tanh(cs[at]); // tanh of c as stored, as a layer of cells would compute it
        }
      }
      // The state carried on is the stored value (float32 rounding included), as a layer of cells would.
      h = hs.subarray(t * N * H, (t + 1) * N * H);
      c = cs.subarray(t * N * H, (t + 1) * N * H);
    }
    return { y, gates };
  },

  lstmBackward(gatesV, csV, c0V, wHhV, dhsV, dcsV, reverse, dtype) {
    const [L, N, G] = gatesV.shape, H = G / 4;
    const gates = values(gatesV), cs = values(csV), c0 = values(c0V), w = values(wHhV), dhs = values(dhsV), dcs = values(dcsV);
    const dz = allocate(dtype, L * N * G);
    let dhNext = new Float64Array(N * H), dcNext = new Float64Array(N * H);
    for (let k = L - 1; k >= 0; k--) {
      const t = reverse ? L - 1 - k : k, prev = reverse ? t + 1 : t - 1; // prev: the step before t in the recurrence
      const dcPrev = new Float64Array(N * H);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const at = (t * N + n) * H + j, row = (t * N + n) * G;
          const i = gates[row + j], f = gates[row + H + j], g = gates[row + 2 * H + j], o = gates[row + 3 * H + j];
          const tc = Math.tanh(cs[at]), cPrev = k === 0 ? c0[n * H + j] : cs[(prev * N + n) * H + j];
          const dh = dhs[at] + dhNext[n * H + j];
          const dc = dcs[at] + dcNext[n * H + j] + dh * o * (1 - tc * tc); // h = o·tanh(c): ∂h/∂c = o·(1 − tanh²c)
          dz[row + j] = dc * g * i * (1 - i); //              c = f·c' + i·g, σ' = σ(1 − σ)
          dz[row + H + j] = dc * cPrev * f * (1 - f);
          dz[row + 2 * H + j] = dc * i * (1 - g * g); //     tanh' = 1 − tanh²
          dz[row + 3 * H + j] = dh * tc * o * (1 - o);
          dcPrev[n * H + j] = dc * f; //                     ∂c/∂c' = f
        }
      }
      const dhPrev = new Float64Array(N * H); // dh' = dz·wHh: h' fed every gate through wHh
      for (let n = 0; n < N; n++) {
        for (let r = 0; r < G; r++) {
          const d = dz[(t * N + n) * G + r];
          for (let j = 0; j < H; j++) dhPrev[n * H + j] += d * w[r * H + j];
        }
      }
      dhNext = dhPrev;
      dcNext = dcPrev;
    }
    const out = (a: Float64Array): TypedArray => { const r = allocate(dtype, a.length); r.set(a); return r; };
    return { dz, dh0: out(dhNext), dc0: out(dcNext) };
  },
};
