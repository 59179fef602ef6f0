// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: input (N, C, d1…), integer targets
// (N, d1…), optional per-class weights, ignore_index and reduction none/sum/mean.

import type { Tensor } from '../../tensor/tensor.ts';
import { logSoftmax } from '../../ops/index.ts';
import { nllLoss } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';

// Without ignore_index no target is ignored; this value can never be a class index.
const NO_IGNORE = -(2 ** 31);

function lossOptions(ctx: NodeContext) {
  const reduction = ctx.attrs.string('reduction', 'mean', ['none', 'sum', 'mean']);
  return {
    weight: ctx.optional(2) ?? undefined,
    ignoreIndex: ctx.attrs.int('ignore_index', NO_IGNORE),
    reduction: reduction as 'none' | 'sum' | 'mean',
  };
}

defineOnnxOps({
  NegativeLogLikelihoodLoss: (ctx) => nllLoss(ctx.tensor(0), ctx.tensor(1), lossOptions(ctx)),
  // The loss, and (when asked for) the log-probabilities it was computed from.
  SoftmaxCrossEntropyLoss: (ctx): Tensor[] => {
    const logp = logSoftmax(ctx.tensor(0), 1);
    return [nllLoss(logp, ctx.tensor(1), lossOptions(ctx)), logp];
  },
});
