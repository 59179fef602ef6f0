// BatchNormalization (inference, and training_mode with ONNX's running-statistics outputs),
// LayerNormalization (with the optional Mean / InvStdDev outputs) and Dropout (with its mask).

import type { Tensor } from '../../tensor/tensor.ts';
import { rand, full } from '../../tensor/creation.ts';
import { where } from '../../ops/index.ts';
import { batchNorm, layerNorm, instanceNorm } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';
import { axisOf } from './util.ts';

/**
 * Inference uses the given mean and variance. training_mode (opset 14+) normalizes with the batch's
 * statistics and also returns running_mean/var = momentum·given + (1 − momentum)·batch — with the
 * population variance, and the opposite momentum convention to PyTorch's, so they are computed here.
 */
function batchNormalization(ctx: NodeContext): Tensor[] {
  const [x, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map((i) => ctx.tensor(i));
  const eps = ctx.attrs.float('epsilon', 1e-5);
  const training = ctx.opset >= 14 && ctx.attrs.flag('training_mode', false);
  if (!training) return [batchNorm(x, mean, variance, scale, bias, { eps })];
  const momentum = ctx.attrs.float('momentum', 0.9);
  const dims = [...x.shape.keys()].filter((d) => d !== 1);
  const batchMean = x.mean({ dim: dims });
  const centered = x.sub(batchMean.reshape(x.shape.map((s, i) => (i === 1 ? s : 1))));
  const batchVar = centered.mul(centered).mean({ dim: dims });
  const y = batchNorm(x, batchMean, batchVar, scale, bias, { eps });
  return [y, mean.mul(momentum).add(batchMean.mul(1 - momentum)), variance.mul(momentum).add(batchVar.mul(1 - momentum))];
}

/** LayerNormalization over the dims from `axis` on; Mean and InvStdDev keep those dims as size 1. */
function layerNormalization(ctx: NodeContext): Tensor[] {
  const [x, scale, bias] = [ctx.tensor(0), ctx.tensor(1), ctx.optional(2)];
  const axis = axisOf(ctx, ctx.attrs.int('axis', -1), x.ndim);
  const eps = ctx.attrs.float('epsilon', 1e-5);
  const normalized = x.shape.slice(axis);
  // The engine's layerNorm takes weight/bias of exactly the normalized shape; ONNX lets them broadcast.
  const exact = (t: Tensor | null) => (t ? t.expand(normalized) : null);
  const y = layerNorm(x, normalized, exact(scale), exact(bias), eps);
  if (ctx.outputCount < 2) return [y];
  const dims = normalized.map((_, i) => axis + i);
  const m = x.mean({ dim: dims, keepdim: true });
  const centered = x.sub(m);
  const invStd = centered.mul(centered).mean({ dim: dims, keepdim: true }).add(eps).rsqrt();
  return [y, m, invStd];
}

/**
 * Dropout: identity with an all-true mask unless training_mode (opset 12+) is set. In training,
 * elements survive with probability 1 − ratio and are scaled by 1/(1 − ratio). The engine's RNG
 * is not NumPy's, so seeded ONNX tests with ratio > 0 cannot be matched value for value.
 */
function dropoutAdapter(ctx: NodeContext): Tensor[] {
  const x = ctx.tensor(0);
  const ratio = ctx.opset >= 12 ? ctx.scalar(1, 0.5) : ctx.attrs.float('ratio', 0.5);
  const training = ctx.opset >= 12 && ctx.scalar(2, 0) !== 0;
  if (!(ratio >= 0 && ratio < 1)) ctx.fail(`ratio must be in [0, 1), got ${ratio}`);
  const keep = training && ratio > 0 ? rand(x.shape, { dtype: 'float64' }).ge(ratio) : full(x.shape, 1, { dtype: 'bool' });
  const y = training && ratio > 0 ? where(keep, x.mul(1 / (1 - ratio)), 0) : x;
  return ctx.outputCount > 1 ? [y, keep] : [y];
}

defineOnnxOps({
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Dropout: dropoutAdapter,
  InstanceNormalization: (ctx) => instanceNorm(ctx.tensor(0), { weight: ctx.tensor(1), bias: ctx.tensor(2), eps: ctx.attrs.float('epsilon', 1e-5) }),
});
