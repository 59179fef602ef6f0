// Direct convolution over 3 spatial dims (no im2col), forward and both gradients. The three
// kernels walk the same nest — batch, channels, kernel taps, then output rows — and differ only in
// the innermost statement. Bounds are solved per tap up front, so the inner loops never branch.

import type { NnKernels, WindowGeometry } from '../nn-kernels.ts';
import { allocate, type DType, type TypedArray } from '../../tensor/dtype.ts';

/**
 * For each tap k of one spatial dim, the output positions o whose input o·s − p + k·d lands in
 * [0, n): returned as [first, end) pairs, so a tap that only ever reads padding gets an empty range.
 */
export function tapRanges(n: number, k: number, s: number, d: number, p: number, outSize: number): Int32Array {
  const r = new Int32Array(2 * k);
  for (let t = 0; t < k; t++) {
    const shift = t * d - p;
    const first = Math.max(0, Math.ceil(-shift / s));
    const end = Math.min(outSize, Math.floor((n - 1 - shift) / s) + 1);
    r[2 * t] = first;
    r[2 * t + 1] = Math.max(first, end);
  }
  return r;
}

/** Float64 accumulators out as the requested dtype (no copy when that is float64). */
export const finish = (acc: Float64Array, dtype: DType): TypedArray => {
  if (dtype === 'float64') return acc;
  const out = allocate(dtype, acc.length);
  out.set(acc);
  return out;
};

function ranges(geo: WindowGeometry, inSize: readonly number[]): Int32Array[] {
  return [0, 1, 2].map((i) => tapRanges(inSize[i], geo.kernel[i], geo.stride[i], geo.dilation[i], geo.padBefore[i], geo.outSize[i]));
}

export const convKernels: Pick<NnKernels, 'conv' | 'convInputGrad' | 'convWeightGrad'> = {
  conv(x, w, bias, geo, groups, dtype) {
    const [N, C, D, H, W] = x.shape;
    const [O, Cg, KD, KH, KW] = w.shape;
    const [OD, OH, OW] = geo.outSize;
    const [sD, sH, sW] = geo.stride, [dD, dH, dW] = geo.dilation, [pD, pH, pW] = geo.padBefore;
    const [xN, xC, xD, xH, xW] = x.strides, [wO, wC, wD, wH, wW] = w.strides;
    const [rD, rH, rW] = ranges(geo, [D, H, W]);
    const plane = OD * OH * OW, perGroup = O / groups, xd = x.data, wd = w.data, xStep = sW * xW;
    const acc = new Float64Array(N * O * plane);
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        const yBase = (n * O + o) * plane;
        if (bias) acc.fill(bias.data[bias.offset + o * bias.strides[0]], yBase, yBase + plane);
        const cFirst = Math.floor(o / perGroup) * Cg;
        for (let c = 0; c < Cg; c++) {
          const xBase = x.offset + n * xN + (cFirst + c) * xC, wBase = w.offset + o * wO + c * wC;
          for (let kd = 0; kd < KD; kd++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
            const wv = wd[wBase + kd * wD + kh * wH + kw * wW];
            const owFirst = rW[2 * kw], len = rW[2 * kw + 1] - owFirst;
            for (let od = rD[2 * kd]; od < rD[2 * kd + 1]; od++) {
              const xdBase = xBase + (od * sD - pD + kd * dD) * xD + (owFirst * sW - pW + kw * dW) * xW;
              for (let oh = rH[2 * kh]; oh < rH[2 * kh + 1]; oh++) {
                let xi = xdBase + (oh * sH - pH + kh * dH) * xH;
                const yi = yBase + (od * OH + oh) * OW + owFirst;
                for (let j = 0; j < len; j++, xi += xStep) acc[yi + j] += wv * xd[xi];
              }
            }
          }
        }
      }
    }
    return finish(acc, dtype);
  },

  convInputGrad(dy, w, inShape, geo, groups, dtype) {
    const [N, C, D, H, W] = inShape;
    const [O, Cg, KD, KH, KW] = w.shape;
    const [sD, sH, sW] = geo.stride, [dD, dH, dW] = geo.dilation, [pD, pH, pW] = geo.padBefore;
    const [yN, yO, yD, yH, yW] = dy.strides, [wO, wC, wD, wH, wW] = w.strides;
    const [rD, rH, rW] = ranges(geo, [D, H, W]);
    const plane = D * H * W, perGroup = O / groups, yd = dy.data, wd = w.data;
    const acc = new Float64Array(N * C * plane);
    for (let n = 0; n < N; n++) {
      for (let ci = 0; ci < C; ci++) {
        const g = Math.floor(ci / Cg), c = ci - g * Cg, xBase = (n * C + ci) * plane;
        for (let o = g * perGroup; o < (g + 1) * perGroup; o++) {
          const yBase = dy.offset + n * yN + o * yO, wBase = w.offset + o * wO + c * wC;
          for (let kd = 0; kd < KD; kd++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
            const wv = wd[wBase + kd * wD + kh * wH + kw * wW];
            const owFirst = rW[2 * kw], len = rW[2 * kw + 1] - owFirst;
            for (let od = rD[2 * kd]; od < rD[2 * kd + 1]; od++) {
              const xdBase = xBase + (od * sD - pD + kd * dD) * H * W + (owFirst * sW - pW + kw * dW);
              for (let oh = rH[2 * kh]; oh < rH[2 * kh + 1]; oh++) {
                let xi = xdBase + (oh * sH - pH + kh * dH) * W;
                let yi = yBase + od * yD + oh * yH + owFirst * yW;
                for (let j = 0; j < len; j++, xi += sW, yi += yW) acc[xi] += wv * yd[yi];
              }
            }
          }
        }
      }
    }
    return finish(acc, dtype);
  },

  convWeightGrad(dy, x, geo, groups, dtype) {
    const [N, C, D, H, W] = x.shape;
    const O = dy.shape[1], Cg = C / groups, perGroup = O / groups;
    const [KD, KH, KW] = geo.kernel;
    const [sD, sH, sW] = geo.stride, [dD, dH, dW] = geo.dilation, [pD, pH, pW] = geo.padBefore;
    const [yN, yO, yD, yH, yW] = dy.strides, [xN, xC, xD, xH, xW] = x.strides;
    const [rD, rH, rW] = ranges(geo, [D, H, W]);
    const yd = dy.data, xd = x.data, xStep = sW * xW;
    const acc = new Float64Array(O * Cg * KD * KH * KW);
    let at = 0;
    for (let o = 0; o < O; o++) {
      const cFirst = Math.floor(o / perGroup) * Cg;
      for (let c = 0; c < Cg; c++) {
        for (let kd = 0; kd < KD; kd++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
          const owFirst = rW[2 * kw], len = rW[2 * kw + 1] - owFirst;
          let s = 0;
          for (let n = 0; n < N; n++) {
            const xBase = x.offset + n * xN + (cFirst + c) * xC + (owFirst * sW - pW + kw * dW) * xW;
            const yBase = dy.offset + n * yN + o * yO + owFirst * yW;
            for (let od = rD[2 * kd]; od < rD[2 * kd + 1]; od++) {
              for (let oh = rH[2 * kh]; oh < rH[2 * kh + 1]; oh++) {
                let xi = xBase + (od * sD - pD + kd * dD) * xD + (oh * sH - pH + kh * dH) * xH;
                let yi = yBase + od * yD + oh * yH;
                for (let j = 0; j < len; j++, xi += xStep, yi += yW) s += yd[yi] * xd[xi];
              }
            }
          }
          acc[at++] = s;
        }
      }
    }
    return finish(acc, dtype);
  },
};
