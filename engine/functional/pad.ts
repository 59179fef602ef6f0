// pad (torch.nn.functional.pad): pads is [left, right] for the last dim, then [top, bottom] for the
// one before, and so on; negative amounts crop. 'constant' joins blocks of `value` with cat; the
// other modes are the padIndexed op (each output cell copies a source cell; its backward adds the
// gradient back into the sources that were reflected, replicated or wrapped).

import type { Tensor } from '../tensor/tensor.ts';
import { full } from '../tensor/creation.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { cat } from '../ops/cat.ts';
import { bindArgs } from '../ops/reduce-args.ts';
import { PAD_SOURCE, padIndexed } from '../ops/pad-indexed.ts';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

function padConstant(x: Tensor, d: number, left: number, right: number, value: number): Tensor {
  const n = x.shape[d];
  const start = Math.max(0, -left);
  if (left < 0 || right < 0) x = x.narrow(d, start, n - Math.max(0, -right) - start);
  const block = (size: number) => full(x.shape.map((s, i) => (i === d ? size : s)), value, { dtype: x.dtype });
  const parts = [...(left > 0 ? [block(left)] : []), x, ...(right > 0 ? [block(right)] : [])];
  return parts.length > 1 ? cat(parts, d) : x;
}

export interface PadOptions { mode?: PadMode; value?: number }

/** pad(x, pads), pad(x, pads, 'reflect'), pad(x, pads, 'constant', 1), pad(x, pads, {mode, value}) as PyTorch's keywords. */
export function pad(x: Tensor, pads: readonly number[], ...args: [mode?: PadMode, value?: number] | [opts: PadOptions] | [mode: PadMode, opts: { value?: number }]): Tensor {
  const { mode = 'constant', value = 0 } = bindArgs('pad', args, ['mode', 'value']) as PadOptions;
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim || pads.some((p) => !Number.isInteger(p))) {
    throw new ValueError(`pad: pads ${fmtShape(pads)} must be integer (left, right) pairs, at most one pair per dim of shape ${fmtShape(x.shape)}`);
  }
  if (!Object.hasOwn(PAD_SOURCE, mode) && mode !== 'constant') throw new ValueError(`pad: unknown mode '${mode}' (constant, reflect, replicate, circular)`);
  for (let k = 0; k < pads.length / 2; k++) {
    const d = x.ndim - 1 - k;
    const [left, right, n] = [pads[2 * k], pads[2 * k + 1], x.shape[d]];
    if (n + left + right < 0) throw new ShapeError(`pad: padding ${left}, ${right} leaves dim ${d} of shape ${fmtShape(x.shape)} with negative size ${n + left + right}`);
    if (left === 0 && right === 0) continue;
    if (mode === 'constant') {
      x = padConstant(x, d, left, right, value);
      continue;
    }
    const limit = mode === 'reflect' ? n - 1 : mode === 'circular' ? n : Infinity;
    if (n === 0 || Math.max(left, right) > limit) {
      throw new ShapeError(`pad: ${mode} padding ${left}, ${right} is too large for dim ${d} of size ${n} (shape ${fmtShape(x.shape)}; the limit is ${mode === 'replicate' ? 'a non-empty dim' : limit})`);
    }
  }
  // The other dims' sizes do not change as one dim is padded, so every check above saw the true size.
  return mode === 'constant' ? x : padIndexed(x, pads, mode);
}
