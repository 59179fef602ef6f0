// Elementwise math on one tensor. Each row is one op: its kernel, and its derivative as a
// one-line rule in terms of the input x, the output y and the incoming gradient dy.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp, type InputDomain } from '../autograd/op.ts';
import { backend, type UnaryOp } from '../backend/index.ts';
import { isFloat, type DType } from '../tensor/dtype.ts';
import { wrap } from './util.ts';

type Rule = (dy: Tensor, x: Tensor, y: Tensor) => Tensor;
interface UnarySpec {
  onnx?: string;
  /** The derivative rule, or 'zero' for piecewise-constant ops, or null for bool results. */
  grad: Rule | 'zero' | null;
  /** 'float' promotes int inputs to float32 (exp of an int is a float); 'same' keeps the dtype; 'bool' for predicates. */
  out: 'float' | 'same' | 'bool';
  domain?: InputDomain;
}

const SPECS: Record<UnaryOp, UnarySpec> = {
  neg: { onnx: 'Neg', out: 'same', grad: (dy) => dy.neg() }, // d(−x) = −1
  abs: { onnx: 'Abs', out: 'same', grad: (dy, x) => dy.mul(x.sign()), domain: 'awayFromZero' }, // d|x| = sign(x)
  exp: { onnx: 'Exp', out: 'float', grad: (dy, _x, y) => dy.mul(y) }, // d eˣ = eˣ
  log: { onnx: 'Log', out: 'float', grad: (dy, x) => dy.div(x), domain: 'positive' }, // d ln x = 1/x
  sqrt: { onnx: 'Sqrt', out: 'float', grad: (dy, _x, y) => dy.div(y.mul(2)), domain: 'positive' }, // d √x = 1/(2√x)
  rsqrt: { out: 'float', grad: (dy, _x, y) => dy.mul(y.pow(3)).mul(-0.5), domain: 'positive' }, // d x^−½ = −½ x^−3/2
  sin: { onnx: 'Sin', out: 'float', grad: (dy, x) => dy.mul(x.cos()) }, // d sin = cos
  cos: { onnx: 'Cos', out: 'float', grad: (dy, x) => dy.mul(x.sin()).neg() }, // d cos = −sin
  tan: { onnx: 'Tan', out: 'float', grad: (dy, _x, y) => dy.mul(y.mul(y).add(1)) }, // d tan = 1 + tan²
  asin: { onnx: 'Asin', out: 'float', grad: (dy, x) => dy.div(x.mul(x).neg().add(1).sqrt()), domain: 'unit' }, // 1/√(1−x²)
  acos: { onnx: 'Acos', out: 'float', grad: (dy, x) => dy.div(x.mul(x).neg().add(1).sqrt()).neg(), domain: 'unit' }, // −1/√(1−x²)
  atan: { onnx: 'Atan', out: 'float', grad: (dy, x) => dy.div(x.mul(x).add(1)) }, // 1/(1+x²)
  sinh: { onnx: 'Sinh', out: 'float', grad: (dy, x) => dy.mul(x.cosh()) }, // d sinh = cosh
  cosh: { onnx: 'Cosh', out: 'float', grad: (dy, x) => dy.mul(x.sinh()) }, // d cosh = sinh
  tanh: { onnx: 'Tanh', out: 'float', grad: (dy, _x, y) => dy.mul(y.mul(y).neg().add(1)) }, // d tanh = 1 − tanh²
  asinh: { onnx: 'Asinh', out: 'float', grad: (dy, x) => dy.div(x.mul(x).add(1).sqrt()) }, // 1/√(x²+1)
  acosh: { onnx: 'Acosh', out: 'float', grad: (dy, x) => dy.div(x.mul(x).sub(1).sqrt()), domain: 'aboveOne' }, // 1/√(x²−1)
  atanh: { onnx: 'Atanh', out: 'float', grad: (dy, x) => dy.div(x.mul(x).neg().add(1)), domain: 'unit' }, // 1/(1−x²)
  sigmoid: { onnx: 'Sigmoid', out: 'float', grad: (dy, _x, y) => dy.mul(y.mul(y.neg().add(1))) }, // σ' = σ(1−σ)
  relu: { onnx: 'Relu', out: 'same', grad: (dy, x) => dy.mul(x.le(0).logicalNot()), domain: 'awayFromZero' }, // 0 where x ≤ 0, else 1 (NaN too, as PyTorch)
  erf: { onnx: 'Erf', out: 'float', grad: (dy, x) => dy.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI))) }, // (2/√π)e^(−x²)
  sign: { onnx: 'Sign', out: 'same', grad: 'zero' },
  floor: { onnx: 'Floor', out: 'same', grad: 'zero' },
  ceil: { onnx: 'Ceil', out: 'same', grad: 'zero' },
  round: { onnx: 'Round', out: 'same', grad: 'zero' },
  trunc: { out: 'same', grad: 'zero' }, // toward zero, as torch.trunc
  reciprocal: { onnx: 'Reciprocal', out: 'float', grad: (dy, _x, y) => dy.mul(y.mul(y)).neg(), domain: 'awayFromZero' }, // d(1/x) = −1/x²
  expm1: { out: 'float', grad: (dy, _x, y) => dy.mul(y.add(1)) }, // d(eˣ−1) = eˣ
  log1p: { out: 'float', grad: (dy, x) => dy.div(x.add(1)), domain: 'positive' }, // d ln(1+x) = 1/(1+x)
  logicalNot: { onnx: 'Not', out: 'bool', grad: null },
  isnan: { onnx: 'IsNaN', out: 'bool', grad: null },
  isinf: { onnx: 'IsInf', out: 'bool', grad: null },
};

function outDtype(spec: UnarySpec, x: DType): DType {
  if (spec.out === 'bool') return 'bool';
  if (spec.out === 'float') return isFloat(x) ? x : 'float32';
  return x === 'bool' ? 'int32' : x;
}

function makeUnary(name: UnaryOp, spec: UnarySpec): (x: Tensor) => Tensor {
  const { grad } = spec;
  const op = defineOp({
    name,
    onnx: spec.onnx,
    forward: ([x]) => wrap(backend().unary(name, x, outDtype(spec, x.dtype)), x.shape),
    backward:
      grad === null
        ? 'nondifferentiable'
        : (dy, { inputs: [x], output: y }) => [grad === 'zero' ? () => dy.mul(0) : () => grad(dy, x, y)],
    cases: grad ? [{ shapes: [[3, 4]], inputs: spec.domain }, { shapes: [[]], inputs: spec.domain }] : [],
  });
  return (x) => op([x], undefined);
}

const fns = Object.fromEntries(Object.entries(SPECS).map(([name, spec]) => [name, makeUnary(name as UnaryOp, spec)])) as Record<UnaryOp, (x: Tensor) => Tensor>;

export const { neg, abs, exp, log, sqrt, rsqrt, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh,
  sigmoid, relu, erf, sign, floor, ceil, round, trunc, reciprocal, expm1, log1p, logicalNot, isnan, isinf } = fns;

for (const [name, fn] of Object.entries(fns)) {
  Object.defineProperty(Tensor.prototype, name, { value: function (this: Tensor) { return fn(this); }, writable: true, configurable: true });
}

declare module '../tensor/tensor.ts' {
  interface Tensor {
    neg(): Tensor; abs(): Tensor; exp(): Tensor; log(): Tensor; sqrt(): Tensor; rsqrt(): Tensor;
    sin(): Tensor; cos(): Tensor; tan(): Tensor; asin(): Tensor; acos(): Tensor; atan(): Tensor;
    sinh(): Tensor; cosh(): Tensor; tanh(): Tensor; asinh(): Tensor; acosh(): Tensor; atanh(): Tensor;
    sigmoid(): Tensor; relu(): Tensor; erf(): Tensor; sign(): Tensor; floor(): Tensor; ceil(): Tensor;
    round(): Tensor; trunc(): Tensor; reciprocal(): Tensor; expm1(): Tensor; log1p(): Tensor;
    logicalNot(): Tensor; isnan(): Tensor; isinf(): Tensor;
  }
}
