// Printing tensors the way PyTorch does (torch/_tensor_str.py's rules), for toString(),
// console.log and Node's util.inspect. Must stay free of Node imports: it also runs in browsers.
// Suffixes are camelCase: `dtype=int32`, `requiresGrad=true`, `gradFn=<MulBackward>`.

import { Tensor } from './tensor.ts';
import { isFloat, type DType } from './dtype.ts';
import { contiguousStrides } from './shape.ts';

const THRESHOLD = 1000; // tensors with more elements are summarized with '...'
const EDGE = 3; // items kept at each end of a summarized dim
const LINE_WIDTH = 80;
const PRECISION = 4;
const PREFIX = 'tensor(';

/** The indices printed along a dim of size n; null marks the '...' of a summary. */
function picks(n: number, summarize: boolean): Array<number | null> {
  const all = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  return summarize && n > 2 * EDGE ? [...all(0, EDGE), null, ...all(n - EDGE, n)] : all(0, n);
}

const nonFinite = (v: number): string => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');

// JS drops the sign of -0 where Python's format keeps it ('-0.').
const signed = (v: number, s: string): string => (Object.is(v, -0) ? `-${s}` : s);

// Python's '{:.4e}' writes at least two exponent digits (1.0000e+08); JS writes one.
const sci = (v: number): string => v.toExponential(PRECISION).replace(/e([+-])(\d)$/, 'e$10$2');

const widest = (vs: number[], text: (v: number) => string): number => vs.reduce((w, v) => Math.max(w, text(v).length), 1);

interface Formatter {
  width: number;
  text: (v: number) => string;
}

/**
 * One formatter for the whole tensor, so every column has the same width. Floats print as
 * integers with a trailing '.' when all are whole, else with 4 decimals, and in scientific
 * notation when the nonzero finite magnitudes span more than 1000× or are huge (>1e8) or tiny (<1e-4).
 */
function formatter(values: number[], dtype: DType): Formatter {
  if (!isFloat(dtype)) {
    const text = dtype === 'bool' ? (v: number) => (v ? 'True' : 'False') : (v: number) => String(v);
    return { width: widest(values, text), text };
  }
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
  let text = (v: number): string => (Number.isFinite(v) ? signed(v, v.toFixed(0)) + '.' : nonFinite(v));
  if (!finite.length) return { width: 1, text };
  const min = finite.reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const max = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const whole = finite.every(Number.isInteger);
  if (max / min > 1000 || max > 1e8 || min < 1e-4) text = (v) => (Number.isFinite(v) ? signed(v, sci(v)) : nonFinite(v));
  else if (!whole) text = (v) => (Number.isFinite(v) ? signed(v, v.toFixed(PRECISION)) : nonFinite(v));
  // Widths come from the finite nonzero values only, as in PyTorch; nan/inf just pad to them.
  return { width: widest(finite, text), text };
}

/** The printed body ('[...]' or a scalar) of a tensor held as a flat row-major array. */
function body(flat: ArrayLike<number>, shape: readonly number[], summarize: boolean, f: Formatter): string {
  const strides = contiguousStrides(shape);
  const cell = (v: number): string => f.text(v).padStart(f.width);
  const walk = (d: number, base: number, indent: number): string => {
    const idx = picks(shape[d], summarize);
    if (d === shape.length - 1) {
      const items = idx.map((i) => (i === null ? ' ...' : cell(flat[base + i])));
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (f.width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(',\n' + ' '.repeat(indent + 1))}]`;
    }
    const parts = idx.map((i) => (i === null ? '...' : walk(d + 1, base + i * strides[d], indent + 1)));
    // Sub-blocks of higher rank are separated by blank lines, one per extra dim.
    return `[${parts.join(',' + '\n'.repeat(shape.length - d - 1) + ' '.repeat(indent + 1))}]`;
  };
  return shape.length === 0 ? cell(flat[0]) : walk(0, 0, PREFIX.length);
}

/** The values the summary shows: they alone set the formatter's mode and column width. */
function shownValues(flat: ArrayLike<number>, shape: readonly number[], summarize: boolean): number[] {
  if (!summarize) return Array.from(flat);
  const strides = contiguousStrides(shape);
  const out: number[] = [];
  const walk = (d: number, base: number): void => {
    if (d === shape.length) {
      out.push(flat[base]);
      return;
    }
    for (const i of picks(shape[d], true)) if (i !== null) walk(d + 1, base + i * strides[d]);
  };
  walk(0, 0);
  return out;
}

/** `MulBackward` from op 'mul', like PyTorch's grad_fn names (without their version digit). */
const gradFnName = (op: string): string => `${op[0].toUpperCase()}${op.slice(1)}Backward`;

export function formatTensor(t: Tensor): string {
  const suffixes: string[] = [];
  let text: string;
  if (t.numel() === 0) {
    // Nothing to infer the layout or dtype from, so show them (a 1-D empty tensor needs no size).
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(', ')})`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=${t.dtype}`);
    text = '[]';
  } else {
    const flat = t.toTypedArray();
    const summarize = flat.length > THRESHOLD;
    text = body(flat, t.shape, summarize, formatter(shownValues(flat, t.shape, summarize), t.dtype));
    // float32 is the default and bools print as True/False, so only int32 and float64 say so.
    if (t.dtype === 'int32' || t.dtype === 'float64') suffixes.push(`dtype=${t.dtype}`);
  }
  if (t.gradFn) suffixes.push(`gradFn=<${gradFnName(t.gradFn.name)}>`);
  else if (t.requiresGrad) suffixes.push('requiresGrad=true');
  let out = PREFIX + text;
  // A suffix that would overflow the line goes on its own line, indented under the first value.
  let lineLen = out.length - out.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lineLen + s.length + 2 > LINE_WIDTH) {
      out += `,\n${' '.repeat(PREFIX.length)}${s}`;
      lineLen = PREFIX.length + s.length;
    } else {
      out += `, ${s}`;
      lineLen += s.length + 2;
    }
  }
  return out + ')';
}

Tensor.prototype.toString = function (this: Tensor) {
  return formatTensor(this);
};
// console.log and util.inspect in Node look up this well-known symbol; browsers ignore it.
Object.defineProperty(Tensor.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value: function (this: Tensor) {
    return formatTensor(this);
  },
  writable: true,
  configurable: true,
});

declare module './tensor.ts' {
  interface Tensor {
    /** PyTorch-style text: `tensor([[1., 2.],\n        [3., 4.]], requiresGrad=true)`. */
    toString(): string;
  }
}
