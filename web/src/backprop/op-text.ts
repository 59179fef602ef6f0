// How the visualizer writes each engine op it draws: the expression (with just enough parentheses)
// and the local derivative as a formula. The numbers come from the engine; this is only the text.

import { ValueError } from '../../../engine/index.ts';

export interface Operand {
  text: string;
  /** Binding strength of `text`: 1 for a sum or difference, 2 for a product, 9 for a name or a number. */
  prec: number;
}

export interface OpText {
  prec: number;
  /** The expression over its operands; `strict` also brackets an operand that binds only as tightly (a + b) + c. */
  expr: (xs: Operand[], strict?: boolean) => string;
  /** ∂out/∂(operand i) as a formula over the operands' refs and the output's ref. */
  local: (i: number, xs: Operand[], out: string) => string;
  /** The rule in words, for the caption of a backward step through this op. */
  rule: string;
}

const wrap = (x: Operand, prec: number, strict: boolean): string => (x.prec < prec || (strict && x.prec === prec && prec < 9) ? `(${x.text})` : x.text);
const SQUARE: Record<string, string> = { '2': '²', '3': '³' };

const binary = (sign: string, prec: number, rule: string, local: OpText['local']): OpText => ({
  rule,
  prec,
  // The right operand of − is bracketed at equal strength too: a − (b + c).
  expr: ([a, b], strict = false) => `${wrap(a!, prec, strict)}${sign}${wrap(b!, prec, strict || sign === ' − ')}`,
  local,
});
const unary = (fn: string, rule: string, local: OpText['local']): OpText => ({ prec: 9, expr: ([a]) => `${fn}(${a!.text})`, local, rule });

const OPS: Record<string, OpText> = {
  add: binary(' + ', 1, 'a sum passes its gradient on unchanged: ∂(a + b)/∂a = ∂(a + b)/∂b = 1', () => '1'), // ∂(a + b)/∂a = ∂(a + b)/∂b = 1
  sub: binary(' − ', 1, 'a difference passes its gradient on, negated for what is subtracted: ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1', (i) => (i === 0 ? '1' : '(−1)')), // ∂(a − b)/∂a = 1, ∂/∂b = −1
  mul: binary('·', 2, 'a product sends each factor the gradient times the other factor: ∂(a·b)/∂a = b', (i, xs) => xs[1 - i]!.text), // ∂(ab)/∂a = b
  pow: {
    prec: 9,
    rule: 'a power: ∂(aⁿ)/∂a = n·aⁿ⁻¹',
    expr: ([a, b], strict = false) => `${wrap(a!, 9, strict)}${SQUARE[b!.text] ?? `^${b!.text}`}`,
    local: (_i, [a, b]) => `${b!.text}·${a!.text}${b!.text === '2' ? '' : SQUARE[String(Number(b!.text) - 1)] ?? `^${Number(b!.text) - 1}`}`, // ∂aⁿ/∂a = n·aⁿ⁻¹
  },
  tanh: unary('tanh', 'tanh′(z) = 1 − tanh²(z): the output alone gives the slope', (_i, _xs, out) => `(1 − ${out}²)`), // tanh′ = 1 − tanh²
  sigmoid: unary('σ', 'σ′(z) = σ(z)·(1 − σ(z)): the output alone gives the slope', (_i, _xs, out) => `${out}·(1 − ${out})`), // σ′ = σ(1 − σ)
  relu: unary('relu', 'relu′(z) = 1 where z > 0, else 0: the gradient passes or stops', (_i, [a]) => `[${a!.text} > 0]`), // relu′ = 1 where the input is positive, else 0
};

export function opText(op: string): OpText {
  const t = OPS[op];
  if (!t) throw new ValueError(`backprop: no text for op '${op}' (known: ${Object.keys(OPS).join(', ')})`);
  return t;
}

/** A number for captions and boxes: three decimals without trailing zeros, a true minus sign. */
export function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a < 0.0005 ? a.toExponential(1).replace('e-', 'e−') : a.toFixed(3).replace(/\.?0+$/, '');
  return v < 0 ? `−${s}` : s;
}

/** A number as a factor in a product: negative ones in brackets. */
export const factor = (v: number): string => (v < 0 ? `(${fmt(v)})` : fmt(v));

export const product = (a: number, b: number): string => `${factor(a)} × ${factor(b)}`;
