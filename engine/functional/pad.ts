// pad (torch.nn.functional.pad): pads is [left, right] for the last dim, then [top, bottom] for the
// one before, and so on; negative amounts crop. 'constant' joins blocks of `value` with cat; the
// other modes read each output position from a computed source index with indexSelect, so the
// backward (index-add) accumulates into the source elements that were reflected or replicated.

import type { Tensor } from '../tensor/tensor.ts';
import { full, tensor } from '../tensor/creation.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { cat } from '../ops/cat.ts';
import { bindArgs } from '../ops/reduce-args.ts';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

// Source index of output position o (o = 0 is the first original element) for n elements.
const SOURCE: Record<Exclude<PadMode, 'constant'>, (o: number, n: number) => number> = {
  reflect: (o, n) => (o < 0 ? -o : o >= n ? 2 * (n - 1) - o : o), // mirror without repeating the edge
  replicate: (o, n) => Math.min(Math.max(o, 0), n - 1),
  circular: (o, n) => ((o % n) + n) % n,
};

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
  if (!(mode in SOURCE) && mode !== 'constant') throw new ValueError(`pad: unknown mode '${mode}' (constant, reflect, replicate, circular)`);
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
    const index = Array.from({ length: n + left + right }, (_, i) => SOURCE[mode](i - left, n));
    x = x.indexSelect(d, tensor(index, { dtype: 'int32' }));
  }
  return x;
}
