// ConvTranspose: x (N, C, …in) · w (C, M/group, …k) (+ b (M)) → (N, M, …out). Pads crop the output;
// output_padding extends its end; output_shape (or auto_pad SAME_*, which asks for in·stride) fixes
// the size and the pads are derived from it, the odd cell at the end for SAME_UPPER.

import type { Tensor } from '../../tensor/tensor.ts';
import { convolutionTranspose } from '../../ops/conv-transpose.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';

function convTranspose(ctx: NodeContext): Tensor {
  const [x, w, b] = [ctx.tensor(0), ctx.tensor(1), ctx.optional(2)];
  if (x.ndim < 3 || x.ndim > 5 || w.ndim !== x.ndim) ctx.fail(`input [${x.shape}] and weight [${w.shape}] must both be (N or C, C or M/group, …spatial) with 1 to 3 spatial dims`);
  const nd = x.ndim - 2, a = ctx.attrs;
  const list = (name: string, fallback: number | number[], length: number, min: number): number[] => {
    const v = a.ints(name, typeof fallback === 'number' ? new Array<number>(length).fill(fallback) : fallback);
    if (v.length !== length || v.some((n) => !Number.isInteger(n) || n < min)) ctx.fail(`${name} [${v}] must be ${length} integers ≥ ${min}`);
    return v;
  };
  const kernel = list('kernel_shape', w.shape.slice(2), nd, 1);
  if (kernel.some((k, i) => k !== w.shape[2 + i])) ctx.fail(`kernel_shape [${kernel}] does not match the weight's spatial shape [${w.shape.slice(2)}]`);
  const stride = list('strides', 1, nd, 1), dilation = list('dilations', 1, nd, 1);
  const outputPadding = list('output_padding', 0, nd, 0);
  let pads = list('pads', 0, 2 * nd, 0);
  const autoPad = a.string('auto_pad', 'NOTSET');
  if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(autoPad)) ctx.fail(`auto_pad '${autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
  if (autoPad === 'VALID') pads = new Array<number>(2 * nd).fill(0);
  const spatial = x.shape.slice(2);
  let target = a.ints('output_shape', []);
  if (target.length === nd + 2) target = target.slice(2);
  if (target.length === 0 && autoPad.startsWith('SAME')) target = spatial.map((n, i) => n * stride[i]);
  if (target.length) {
    if (target.length !== nd) ctx.fail(`output_shape [${target}] needs ${nd} spatial sizes`);
    const full = spatial.map((n, i) => stride[i] * (n - 1) + outputPadding[i] + (w.shape[2 + i] - 1) * dilation[i] + 1);
    const total = full.map((f, i) => f - target[i]);
    const small = total.map((t) => Math.floor(t / 2));
    const large = total.map((t, i) => t - small[i]);
    pads = autoPad === 'SAME_UPPER' ? [...small, ...large] : [...large, ...small];
    // An output_shape past the full size leaves negative end pads: that is more output padding.
    for (let i = 0; i < nd; i++) {
      if (pads[nd + i] < 0) [outputPadding[i], pads[nd + i]] = [outputPadding[i] - pads[nd + i], 0];
    }
    if (pads.some((p) => p < 0)) ctx.fail(`output_shape [${target}] is out of reach from input [${x.shape}] (the full output is [${full}])`);
  }
  const groups = a.int('group', 1);
  if (!Number.isInteger(groups) || groups < 1) ctx.fail(`group must be a positive integer, got ${groups}`);
  return convolutionTranspose(x, w, b, { stride, dilation, padBefore: pads.slice(0, nd), padAfter: pads.slice(nd), outputPadding, groups });
}

defineOnnxOps({ ConvTranspose: convTranspose });
