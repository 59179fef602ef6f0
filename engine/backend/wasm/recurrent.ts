// The LSTM recurrence on the wasm kernels, float32: per step one sgemm adds h·wHhᵀ into that
// step's slot of the gates, and one pointwise kernel does the cell; backward mirrors it. Every
// buffer stays in wasm memory for the whole sequence, so a step costs two calls and no allocation,
// and the recurrent weight is packed for the sgemm once per sequence, not once per step.

import type { NnKernels } from '../nn-kernels.ts';
import type { View } from '../backend.ts';
import { numel, isF32 } from './arena.ts';
import type { WasmContext } from './context.ts';

export function recurrentKernels({ k, arena, js, gemmWorkspace }: WasmContext): Pick<NnKernels, 'lstm' | 'lstmBackward'> {
  /** Results in fresh resident arrays where the memory allows, else in scratch (then copied out). */
  const results = (sizes: number[]) => sizes.map((n) => arena.result(n));
  const finish = (outs: (Float32Array | null)[], at: number[], sizes: number[]) => outs.map((o, i) => o ?? arena.read(at[i], sizes[i]));
  const addr = (outs: (Float32Array | null)[], at: number[]) => outs.map((o, i) => (o ? o.byteOffset : at[i]));

  return {
    lstm(xz, h0, c0, wHh, reverse, dtype) {
      const views = [xz, h0, c0, wHh];
      if (dtype !== 'float32' || !views.every(isF32) || numel(xz.shape) === 0) return js.lstm(xz, h0, c0, wHh, reverse, dtype);
      const [L, N, G] = xz.shape, H = G / 4, step = N * H;
      const sizes = [2 * L * step, L * N * G];
      const outs = results(sizes);
      const at = arena.layout(...outs.map((o, i) => (o ? 0 : 4 * sizes[i])), arena.need(h0), arena.need(c0), arena.need(wHh),
        k.packedBBytes(H, G), gemmWorkspace);
      if (!at) return js.lstm(xz, h0, c0, wHh, reverse, dtype);
      const [hs, gates] = addr(outs, at), cs = hs + 4 * L * step; // y = every h, then every c
      const ph0 = arena.input(h0, at[2]), pc0 = arena.input(c0, at[3]), pw = arena.input(wHh, at[4]), packed = at[5];
      k.packBWhole(pw, H, 1, H, G, packed); // wHhᵀ (H×G; wHh is stored G×H), as every step's sgemm reads it
      arena.write(gates, xz); // the gates start as xz; each step adds h·wHhᵀ to its slot
      for (let s = 0; s < L; s++) {
        const t = reverse ? L - 1 - s : s, prev = reverse ? t + 1 : t - 1;
        const hPrev = s === 0 ? ph0 : hs + 4 * prev * step, cPrev = s === 0 ? pc0 : cs + 4 * prev * step;
        const z = gates + 4 * t * N * G;
        k.sgemmPackedB(hPrev, packed, z, N, G, H, H, G, 0, 1, at[6]); // z += h·wHhᵀ
        k.lstmCell(z, cPrev, cs + 4 * t * step, hs + 4 * t * step, N, H);
      }
      const [y, rg] = finish(outs, at, sizes);
      return { y, gates: rg };
    },

    lstmBackward(gates, cs, c0, wHh, dhs, dcs, reverse, dtype) {
      const views: View[] = [gates, cs, c0, wHh, dhs, dcs];
      if (dtype !== 'float32' || !views.every(isF32) || numel(gates.shape) === 0) return js.lstmBackward(gates, cs, c0, wHh, dhs, dcs, reverse, dtype);
      const [L, N, G] = gates.shape, H = G / 4, step = N * H;
      const sizes = [L * N * G, step, step];
      const outs = results(sizes);
      const at = arena.layout(...outs.map((o, i) => (o ? 0 : 4 * sizes[i])), ...views.map((v) => arena.need(v)),
        k.packedBBytes(G, H), gemmWorkspace);
      if (!at) return js.lstmBackward(gates, cs, c0, wHh, dhs, dcs, reverse, dtype);
      const [dz, dh, dc] = addr(outs, at); // dh, dc: the recurrent gradients, ending as dh0 and dc0
      const [pg, pcs, pc0, pw, pdh, pdc] = views.map((v, i) => arena.input(v, at[3 + i]));
      const packed = at[9];
      k.packBWhole(pw, H, 0, G, H, packed); // wHh (G×H) as every step's dh' = dz·wHh reads it
      arena.f32.fill(0, dh >> 2, (dh >> 2) + step);
      arena.f32.fill(0, dc >> 2, (dc >> 2) + step);
      for (let s = L - 1; s >= 0; s--) {
        const t = reverse ? L - 1 - s : s, prev = reverse ? t + 1 : t - 1;
        const cPrev = s === 0 ? pc0 : pcs + 4 * prev * step, here = 4 * t * step, zt = dz + 4 * t * N * G;
        k.lstmCellBackward(pg + 4 * t * N * G, pcs + here, cPrev, pdh + here, dh, pdc + here, dc, zt, N, H);
        k.sgemmPackedB(zt, packed, dh, N, H, G, G, H, 0, 0, at[10]); // dh' = dz·wHh
      }
      const [rz, rh, rc] = finish(outs, at, sizes);
      return { dz: rz, dh0: rh, dc0: rc };
    },
  };
}
