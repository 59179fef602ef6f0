// Max and average pooling over 3 spatial dims, forward and backward. Every (n, c) plane is pooled
// on its own; max pool remembers where each maximum was so its backward can route dy there.

import type { NnKernels, WindowGeometry } from '../nn-kernels.ts';
import { allocate } from '../../tensor/dtype.ts';
import { offsetsOf, numelOf } from './strided.ts';
import { finish } from './conv.ts';

/**
 * Avg-pool windows along one dim, three numbers per output position: the first and end input
 * index inside the input, and the window's size counting padding (PyTorch stops a window at the
 * end of the right padding, so a ceil-mode window hanging past it is not counted in full).
 */
function boxes(n: number, geo: WindowGeometry, i: number): Int32Array {
  const k = geo.kernel[i], s = geo.stride[i], p = geo.padBefore[i], out = geo.outSize[i];
  const r = new Int32Array(3 * out);
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    const end = Math.min(start + k, n + geo.padAfter[i]);
    r[3 * o] = Math.max(start, 0);
    r[3 * o + 1] = Math.min(end, n);
    r[3 * o + 2] = end - start;
  }
  return r;
}

/** The boxes along d, h and w (the wasm avg-pool kernels read the same tables). */
export const boxesOf = (spatial: readonly number[], geo: WindowGeometry): Int32Array[] => [0, 1, 2].map((i) => boxes(spatial[i], geo, i));

/** Calls visit(plane, box offsets along d/h/w, divisor, output index) for every avg window with any input in it. */
function eachAvgWindow(
  planes: number, [bD, bH, bW]: Int32Array[], geo: WindowGeometry, countIncludePad: boolean, divisorOverride: number,
  visit: (plane: number, od: number, oh: number, ow: number, divisor: number, at: number) => void,
): void {
  const [OD, OH, OW] = geo.outSize;
  for (let p = 0, at = 0; p < planes; p++) {
    for (let od = 0; od < 3 * OD; od += 3) for (let oh = 0; oh < 3 * OH; oh += 3) for (let ow = 0; ow < 3 * OW; ow += 3, at++) {
      const inside = (bD[od + 1] - bD[od]) * (bH[oh + 1] - bH[oh]) * (bW[ow + 1] - bW[ow]);
      const divisor = divisorOverride || (countIncludePad ? bD[od + 2] * bH[oh + 2] * bW[ow + 2] : inside);
      if (inside > 0) visit(p, od, oh, ow, divisor, at);
    }
  }
}

export const poolKernels: Pick<NnKernels, 'maxPool' | 'maxPoolBackward' | 'maxPoolGather' | 'avgPool' | 'avgPoolBackward'> = {
  maxPool(x, geo, dtype) {
    const [N, C, D, H, W] = x.shape;
    const [OD, OH, OW] = geo.outSize, [KD, KH, KW] = geo.kernel;
    const [sD, sH, sW] = geo.stride, [dD, dH, dW] = geo.dilation, [pD, pH, pW] = geo.padBefore;
    const [xN, xC, xD, xH, xW] = x.strides;
    const size = N * C * OD * OH * OW, xd = x.data;
    const values = allocate(dtype, size);
    const indices = new Int32Array(size);
    let at = 0;
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
      const base = x.offset + n * xN + c * xC;
      for (let od = 0; od < OD; od++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++, at++) {
        let best = -Infinity, arg = -1;
        for (let kd = 0; kd < KD; kd++) {
          const id = od * sD - pD + kd * dD;
          if (id < 0 || id >= D) continue;
          for (let kh = 0; kh < KH; kh++) {
            const ih = oh * sH - pH + kh * dH;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = ow * sW - pW + kw * dW;
              if (iw < 0 || iw >= W) continue;
              const v = xd[base + id * xD + ih * xH + iw * xW];
              // Strictly greater keeps the first maximum; a NaN always wins (as PyTorch).
              if (arg < 0 || v > best || v !== v) { best = v; arg = (id * H + ih) * W + iw; }
            }
          }
        }
        values[at] = best;
        indices[at] = arg;
      }
    }
    return { values, indices };
  },

  maxPoolBackward(dy, indices, inPlane, dtype) {
    const planes = dy.shape[0] * dy.shape[1], outPlane = numelOf(dy.shape.slice(2));
    const yOffs = offsetsOf(dy), iOffs = offsetsOf(indices);
    const acc = new Float64Array(planes * inPlane);
    for (let p = 0, k = 0; p < planes; p++) {
      for (let j = 0; j < outPlane; j++, k++) {
        const arg = indices.data[iOffs[k]];
        if (arg >= 0) acc[p * inPlane + arg] += dy.data[yOffs[k]];
      }
    }
    return finish(acc, dtype);
  },

  maxPoolGather(x, indices, dtype) {
    const inPlane = numelOf(x.shape.slice(2)), outPlane = numelOf(indices.shape.slice(2));
    const xOffs = offsetsOf(x), iOffs = offsetsOf(indices);
    const out = allocate(dtype, iOffs.length);
    for (let k = 0; k < iOffs.length; k++) {
      const arg = indices.data[iOffs[k]];
      if (arg >= 0) out[k] = x.data[xOffs[Math.floor(k / outPlane) * inPlane + arg]];
    }
    return out;
  },

  avgPool(x, geo, countIncludePad, divisorOverride, dtype) {
    const [N, C] = x.shape;
    const [xN, xC, xD, xH, xW] = x.strides, xd = x.data;
    const b = boxesOf(x.shape.slice(2), geo), [bD, bH, bW] = b;
    const out = allocate(dtype, N * C * numelOf(geo.outSize));
    eachAvgWindow(N * C, b, geo, countIncludePad, divisorOverride, (p, od, oh, ow, divisor, at) => {
      const base = x.offset + Math.floor(p / C) * xN + (p % C) * xC;
      let s = 0;
      for (let id = bD[od]; id < bD[od + 1]; id++) for (let ih = bH[oh]; ih < bH[oh + 1]; ih++) {
        for (let iw = bW[ow], xi = base + id * xD + ih * xH + iw * xW; iw < bW[ow + 1]; iw++, xi += xW) s += xd[xi];
      }
      out[at] = s / divisor;
    });
    return out;
  },

  avgPoolBackward(dy, inShape, geo, countIncludePad, divisorOverride, dtype) {
    const [N, C, D, H, W] = inShape;
    const b = boxesOf(inShape.slice(2), geo), [bD, bH, bW] = b;
    const yOffs = offsetsOf(dy);
    const acc = new Float64Array(numelOf(inShape));
    eachAvgWindow(N * C, b, geo, countIncludePad, divisorOverride, (p, od, oh, ow, divisor, at) => {
      const g = dy.data[yOffs[at]] / divisor;
      for (let id = bD[od]; id < bD[od + 1]; id++) for (let ih = bH[oh]; ih < bH[oh + 1]; ih++) {
        const row = ((p * D + id) * H + ih) * W;
        for (let iw = bW[ow]; iw < bW[ow + 1]; iw++) acc[row + iw] += g;
      }
    });
    return finish(acc, dtype);
  },
};
