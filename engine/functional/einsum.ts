// einsum: Einstein summation composed from view and matmul ops, so its gradient comes for free.
// Plan: give every dim a label (ellipsis dims get '.0', '.1', … aligned from the right); take the
// diagonal of labels repeated within one operand; sum away labels nothing else needs; then fold
// the operands left to right, contracting each pair with one batched matmul:
//   A → (batch…, A-only, shared-and-summed) · B → (batch…, shared-and-summed, B-only).

import type { Tensor } from '../tensor/tensor.ts';
import { numel } from '../tensor/shape.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

interface Term { t: Tensor; labels: string[] }

const shown = (l: string): string => (l.startsWith('.') ? '...' : `'${l}'`);

function parseSide(equation: string, side: string): string[] {
  const parts = side.split('...');
  if (parts.length > 2 || parts.some((p) => !/^[a-zA-Z]*$/.test(p))) {
    throw new ValueError(`einsum: '${side}' in '${equation}' may hold only letters and at most one '...'`);
  }
  return parts;
}

function parse(equation: string, xs: readonly Tensor[]): { inputs: string[][]; output: string[] } {
  const [lhs, rhs, extra] = equation.replace(/\s/g, '').split('->');
  const terms = lhs.split(',');
  if (extra !== undefined || terms.length !== xs.length) {
    throw new ValueError(`einsum: equation '${equation}' needs ${terms.length} operands (and at most one '->'), got ${xs.length}`);
  }
  const split = terms.map((term, k) => {
    const parts = parseSide(equation, term);
    const letters = parts.join('').length;
    const ellipsis = parts.length === 2 ? xs[k].ndim - letters : 0;
    if (ellipsis < 0 || (parts.length === 1 && letters !== xs[k].ndim)) {
      throw new ShapeError(`einsum: term '${term}' names ${letters} dims but operand ${k} has shape ${fmtShape(xs[k].shape)}`);
    }
    return { parts, ellipsis };
  });
  const most = Math.max(0, ...split.map((s) => s.ellipsis));
  const dots = (n: number): string[] => Array.from({ length: n }, (_, i) => `.${most - n + i}`);
  const withDots = (parts: string[], n: number): string[] => (parts.length === 2 ? [...parts[0], ...dots(n), ...parts[1]] : [...parts[0]]);
  const inputs = split.map(({ parts, ellipsis }) => withDots(parts, ellipsis));
  const all = inputs.flat();
  if (rhs === undefined) {
    // Implicit output: the broadcast dims, then every letter used exactly once, in alphabetical (ASCII) order.
    const once = [...new Set(all)].filter((l) => !l.startsWith('.') && all.indexOf(l) === all.lastIndexOf(l)).sort();
    return { inputs, output: [...dots(most), ...once] };
  }
  const output = withDots(parseSide(equation, rhs), most);
  output.forEach((l, i) => {
    if (!all.includes(l) && !l.startsWith('.')) throw new ValueError(`einsum: output subscript ${shown(l)} in '${equation}' appears in no input`);
    if (output.indexOf(l) !== i) throw new ValueError(`einsum: output subscript ${shown(l)} in '${equation}' appears more than once`);
  });
  return { inputs, output };
}

// A label repeated inside one operand reads its diagonal: x[i, i] for 'ii'.
function diagonals({ t, labels }: Term): Term {
  for (let q = 1; q < labels.length; q++) {
    const p = labels.indexOf(labels[q]);
    if (p === q) continue;
    if (t.shape[p] !== t.shape[q]) {
      throw new ShapeError(`einsum: subscript ${shown(labels[q])} repeats in one operand over dims of sizes ${t.shape[p]} and ${t.shape[q]} (shape ${fmtShape(t.shape)})`);
    }
    return diagonals({ t: t.diagonal(0, p, q), labels: [...labels.filter((_, i) => i !== p && i !== q), labels[p]] });
  }
  return { t, labels };
}

function sumExcept({ t, labels }: Term, keep: Set<string>): Term {
  const dims = labels.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  return dims.length ? { t: t.sum(dims), labels: labels.filter((l) => keep.has(l)) } : { t, labels };
}

function contract(a: Term, b: Term, keep: Set<string>, sizes: Map<string, number>): Term {
  const inA = new Set(a.labels);
  const inB = new Set(b.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !inA.has(l));
  const sizeIn = (x: Term, l: string): number => x.t.shape[x.labels.indexOf(l)];
  // Lay x out as (batch…, rows, cols); a summed label of size 1 here (broadcast) is expanded first.
  const matrix = (x: Term, rows: string[], cols: string[]): Tensor => {
    const order = [...batch, ...rows, ...cols];
    const full = order.map((l) => (summed.includes(l) ? sizes.get(l)! : sizeIn(x, l)));
    const grouped = [...batch.map((l) => sizeIn(x, l)), numel(rows.map((l) => full[order.indexOf(l)])), numel(cols.map((l) => full[order.indexOf(l)]))];
    return x.t.permute(order.map((l) => x.labels.indexOf(l))).expand(full).reshape(grouped);
  };
  const y = matrix(a, aOnly, summed).matmul(matrix(b, summed, bOnly));
  const shape = [...y.shape.slice(0, batch.length), ...aOnly.map((l) => sizeIn(a, l)), ...bOnly.map((l) => sizeIn(b, l))];
  return { t: y.reshape(shape), labels: [...batch, ...aOnly, ...bOnly] };
}

/** einsum('ij,jk->ik', a, b); operands may also come as one array. */
export function einsum(equation: string, ...operands: Array<Tensor | readonly Tensor[]>): Tensor {
  const xs = operands.flat();
  if (!xs.length) throw new ValueError(`einsum: '${equation}' needs at least one operand`);
  const { inputs, output } = parse(equation, xs);
  const sizes = new Map<string, number>();
  inputs.forEach((labels, k) => labels.forEach((l, i) => {
    const [had, size] = [sizes.get(l), xs[k].shape[i]];
    if (had !== undefined && had !== size && had !== 1 && size !== 1) {
      throw new ShapeError(`einsum: subscript ${shown(l)} has size ${had} in one operand but ${size} in operand ${k} (shape ${fmtShape(xs[k].shape)}) of '${equation}'`);
    }
    if (had === undefined || had === 1) sizes.set(l, size);
  }));
  let terms = inputs.map((labels, k) => diagonals({ t: xs[k], labels }));
  const needed = (skip: number): Set<string> => new Set([...output, ...terms.flatMap((x, k) => (k > skip ? x.labels : []))]);
  terms = terms.map((x, k) => sumExcept(x, new Set([...needed(k), ...terms.flatMap((y, j) => (j < k ? y.labels : []))])));
  let acc = terms[0];
  for (let k = 1; k < terms.length; k++) acc = contract(acc, terms[k], needed(k), sizes);
  acc = sumExcept(acc, new Set(output));
  return acc.t.permute(output.map((l) => acc.labels.indexOf(l)));
}
