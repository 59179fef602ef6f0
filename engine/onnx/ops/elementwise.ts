// Elementwise ONNX ops: arithmetic (Mod included), math functions, comparisons, logic, activations, and the
// variadic Sum/Mean/Max/Min. ONNX broadcasting is NumPy's, as the engine's.

import type { Tensor } from '../../tensor/tensor.ts';
import {
  add, sub, mul, div, pow, neg, abs, exp, log, sqrt, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh,
  asinh, acosh, atanh, sigmoid, relu, erf, sign, floor, ceil, round, reciprocal, logicalNot, isnan, isinf,
  eq, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor, maximum, minimum, where, clamp, fmod, remainder,
} from '../../ops/index.ts';
import { leakyRelu, elu, celu, gelu, hardSigmoid, hardswish, mish, softplus, softsign } from '../../functional/index.ts';
import { isFloat } from '../../tensor/dtype.ts';
import { defineOnnxOps, type NodeContext, type OpAdapter } from '../registry.ts';
import { presentTensors } from './util.ts';

const unary = (f: (x: Tensor) => Tensor): OpAdapter => (ctx) => f(ctx.tensor(0));
const binary = (f: (a: Tensor, b: Tensor) => Tensor): OpAdapter => (ctx) => f(ctx.tensor(0), ctx.tensor(1));

/** Integer Div truncates toward zero (C semantics, as ONNX runtimes); the engine's div is true division. */
function onnxDiv(a: Tensor, b: Tensor): Tensor {
  const q = div(a, b);
  if (isFloat(a.dtype)) return q;
  return where(q.lt(0), q.ceil(), q.floor()).to(a.dtype);
}

/** Pow's result has the base's type (int32 ** float32 is int32 in ONNX). */
function onnxPow(x: Tensor, y: Tensor): Tensor {
  const z = pow(x, y);
  return z.dtype === x.dtype ? z : z.to(x.dtype);
}

/**
 * Mod: fmod=1 keeps the dividend's sign (C fmod, the engine's fmod); fmod=0, for integers, the
 * divisor's (Python %, the engine's remainder).
 */
function onnxMod(ctx: NodeContext): Tensor {
  const [a, b] = [ctx.tensor(0), ctx.tensor(1)];
  const useFmod = ctx.attrs.flag('fmod', false);
  if (!useFmod && isFloat(a.dtype)) ctx.fail('fmod=0 is only defined for integer inputs');
  return useFmod ? fmod(a, b) : remainder(a, b);
}

/** Sum/Max/Min/Mean take 1 or more inputs that broadcast together. */
const variadic = (f: (a: Tensor, b: Tensor) => Tensor, finish?: (acc: Tensor, n: number) => Tensor): OpAdapter => (ctx) => {
  const xs = presentTensors(ctx);
  if (xs.length === 0) ctx.fail('needs at least one input');
  const acc = xs.slice(1).reduce(f, xs[0]);
  return finish ? finish(acc, xs.length) : acc;
};

/** Clip: bounds are attributes before opset 11, optional inputs from 11 on. */
function clip(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const [lo, hi] = ctx.opset < 11
    ? [ctx.attrs.float('min', -Infinity), ctx.attrs.float('max', Infinity)]
    : [ctx.optional(1)?.item(), ctx.optional(2)?.item()];
  const bound = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? undefined : v);
  if (bound(lo) === undefined && bound(hi) === undefined) return x;
  return clamp(x, bound(lo), bound(hi));
}

defineOnnxOps({
  Add: binary(add), Sub: binary(sub), Mul: binary(mul), Div: binary(onnxDiv), Pow: binary(onnxPow),
  Neg: unary(neg), Abs: unary(abs), Exp: unary(exp), Log: unary(log), Sqrt: unary(sqrt),
  Sin: unary(sin), Cos: unary(cos), Tan: unary(tan), Asin: unary(asin), Acos: unary(acos), Atan: unary(atan),
  Sinh: unary(sinh), Cosh: unary(cosh), Tanh: unary(tanh), Asinh: unary(asinh), Acosh: unary(acosh), Atanh: unary(atanh),
  Sigmoid: unary(sigmoid), Relu: unary(relu), Erf: unary(erf), Sign: unary(sign), Floor: unary(floor),
  Ceil: unary(ceil), Round: unary(round), Reciprocal: unary(reciprocal), IsNaN: unary(isnan),
  IsInf: (ctx) => {
    const x = ctx.tensor(0);
    const [pos, negative] = [ctx.attrs.flag('detect_positive', true), ctx.attrs.flag('detect_negative', true)];
    if (pos && negative) return isinf(x);
    return logicalAnd(isinf(x), pos ? x.gt(0) : negative ? x.lt(0) : x.ne(x));
  },
  Equal: binary(eq), Less: binary(lt), LessOrEqual: binary(le), Greater: binary(gt), GreaterOrEqual: binary(ge),
  And: binary(logicalAnd), Or: binary(logicalOr), Xor: binary(logicalXor), Not: unary(logicalNot),
  Where: (ctx) => where(ctx.tensor(0), ctx.tensor(1), ctx.tensor(2)),
  Sum: variadic(add),
  Mean: variadic(add, (acc, n) => acc.div(n)),
  Max: variadic(maximum),
  Min: variadic(minimum),
  Clip: clip,
  LeakyRelu: (ctx) => leakyRelu(ctx.tensor(0), ctx.attrs.float('alpha', 0.01)),
  Elu: (ctx) => elu(ctx.tensor(0), ctx.attrs.float('alpha', 1)),
  // ONNX Selu takes alpha and gamma; PyTorch's selu fixes them, so it is scale·elu(x, alpha).
  Selu: (ctx) => elu(ctx.tensor(0), ctx.attrs.float('alpha', 1.67326319217681884765625)).mul(ctx.attrs.float('gamma', 1.05070102214813232421875)),
  HardSigmoid: (ctx) => hardSigmoid(ctx.tensor(0), { alpha: ctx.attrs.float('alpha', 0.2), beta: ctx.attrs.float('beta', 0.5) }),
  Softplus: unary((x) => softplus(x)),
  Softsign: unary(softsign),
  Celu: (ctx) => celu(ctx.tensor(0), ctx.attrs.float('alpha', 1)),
  Gelu: (ctx) => {
    const approximate = ctx.attrs.string('approximate', 'none', ['none', 'tanh']) as 'none' | 'tanh';
    return gelu(ctx.tensor(0), { approximate });
  },
  HardSwish: unary(hardswish),
  Mish: unary(mish),
  ThresholdedRelu: (ctx) => {
    const x = ctx.tensor(0);
    return where(x.gt(ctx.attrs.float('alpha', 1)), x, 0);
  },
  Mod: onnxMod,
  // ONNX PRelu broadcasts the slope against x (NumPy style), not per channel as torch.prelu.
  PRelu: (ctx) => {
    const [x, slope] = [ctx.tensor(0), ctx.tensor(1)];
    return where(x.lt(0), x.mul(slope), x);
  },
});
