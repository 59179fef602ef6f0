// Elementwise ops → ONNX. The engine promotes dtypes (int + float → float) where ONNX wants equal
// input types, so inputs are cast to the type the engine computed in; constants are written in
// that type directly. Unary ops without an ONNX twin (rsqrt, expm1, log1p) become two nodes.

import { resultType } from '../../tensor/dtype.ts';
import { scalarTensor } from '../../ops/util.ts';
import { register, type OpExport } from './exporters.ts';

const BINARY: Record<string, string> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow', maximum: 'Max', minimum: 'Min', matmul: 'MatMul' };
for (const [op, onnx] of Object.entries(BINARY)) {
  register(op, (x) => x.g.node(onnx, [x.in(0, x.out.dtype), x.in(1, x.out.dtype)]));
}

// Comparisons: both sides in their common type; the result is bool.
const COMPARE: Record<string, string> = { eq: 'Equal', lt: 'Less', le: 'LessOrEqual', gt: 'Greater', ge: 'GreaterOrEqual' };
const common = (x: OpExport) => resultType(...x.rec.inputs);
for (const [op, onnx] of Object.entries(COMPARE)) {
  register(op, (x) => x.g.node(onnx, [x.in(0, common(x)), x.in(1, common(x))]));
}
register('ne', (x) => x.g.node('Not', [x.g.node('Equal', [x.in(0, common(x)), x.in(1, common(x))])]));
const LOGICAL: Record<string, string> = { logicalAnd: 'And', logicalOr: 'Or', logicalXor: 'Xor' };
for (const [op, onnx] of Object.entries(LOGICAL)) {
  register(op, (x) => x.g.node(onnx, [x.in(0, 'bool'), x.in(1, 'bool')]));
}

// One-input ops: the input is cast to the output dtype (exp of an int tensor is float32).
const UNARY: Record<string, string> = {
  neg: 'Neg', abs: 'Abs', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', sin: 'Sin', cos: 'Cos', tan: 'Tan', asin: 'Asin',
  acos: 'Acos', atan: 'Atan', sinh: 'Sinh', cosh: 'Cosh', tanh: 'Tanh', asinh: 'Asinh', acosh: 'Acosh', atanh: 'Atanh',
  sigmoid: 'Sigmoid', relu: 'Relu', erf: 'Erf', sign: 'Sign', floor: 'Floor', ceil: 'Ceil', round: 'Round', reciprocal: 'Reciprocal',
};
for (const [op, onnx] of Object.entries(UNARY)) {
  register(op, (x) => x.g.node(onnx, [x.in(0, x.out.dtype)]));
}
register(['isnan', 'isinf'], (x) => x.g.node(x.rec.op === 'isnan' ? 'IsNaN' : 'IsInf', [x.in(0)]));
register('logicalNot', (x) => x.g.node('Not', [x.in(0, 'bool')]));

/** The constant 1 in the output's dtype, for the composite unaries below. */
const one = (x: OpExport) => x.g.value(scalarTensor(1, x.out.dtype));
register('rsqrt', (x) => x.g.node('Reciprocal', [x.g.node('Sqrt', [x.in(0, x.out.dtype)])]));
register('expm1', (x) => x.g.node('Sub', [x.g.node('Exp', [x.in(0, x.out.dtype)]), one(x)]));
register('log1p', (x) => x.g.node('Log', [x.g.node('Add', [x.in(0, x.out.dtype), one(x)])]));

register('where', (x) => x.g.node('Where', [x.in(0, 'bool'), x.in(1, x.out.dtype), x.in(2, x.out.dtype)]));

// clamp(x, lo?, hi?) computes min(max(x, lo), hi). ONNX Clip takes scalar bounds only, so tensor
// bounds (which broadcast) become Max and Min nodes — the same formula, lo > hi included.
register('clamp', (x) => {
  const { min, max } = x.attrs as { min: boolean; max: boolean };
  const [, ...bounds] = x.rec.inputs;
  const dtype = x.out.dtype;
  const lo = min ? x.in(1, dtype) : '';
  const hi = max ? x.in(min ? 2 : 1, dtype) : '';
  if (bounds.every((b) => b.ndim === 0)) return x.g.node('Clip', max ? [x.in(0, dtype), lo, hi] : [x.in(0, dtype), lo]);
  let y = x.in(0, dtype);
  if (min) y = x.g.node('Max', [y, lo]);
  if (max) y = x.g.node('Min', [y, hi]);
  return y;
});
