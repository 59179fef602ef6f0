// How every reduction reads its arguments after x, the way Python binds PyTorch's: positional values
// in the signature's order (x.sum(1, true), x.var(1, false, true)), then at most one options object
// standing for the keyword arguments (x.sum(1, {keepdim: true}), x.var({dim: 1, correction: 0})).
// One reading for all, so a bare number is never mistaken for "no options".

import { Tensor } from '../tensor/tensor.ts';
import { normalizeDims } from '../tensor/shape.ts';
import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';

export type Dims = number | readonly number[];
export interface ReduceOptions { dim?: Dims | null; keepdim?: boolean }

/** What may follow x in sum/mean/prod/amax/amin/logsumexp: nothing, dim [, keepdim], dim + {keepdim}, or {dim, keepdim}. */
export type ReduceArgs =
  | [opts?: ReduceOptions]
  | [dim: Dims | null | undefined, keepdim?: boolean]
  | [dim: Dims | null | undefined, opts: Omit<ReduceOptions, 'dim'>];

const isOptions = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v);

/**
 * Binds `args` to the parameter `names` (positional, in order) and `keywords` (only by name): a
 * trailing plain object holds named values (`hints` explain a rejected key). Undefined positionals count as not given. Throws on
 * too many positionals, an unknown key, or a value given both ways.
 */
export function bindArgs(
  op: string, args: readonly unknown[], names: readonly string[], keywords: readonly string[] = [], hints: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const last = args.length > 0 && isOptions(args[args.length - 1]) ? (args[args.length - 1] as Record<string, unknown>) : undefined;
  const positional = last ? args.slice(0, -1) : args;
  if (positional.length > names.length) {
    throw new ValueError(`${op}: takes at most ${names.length} arguments after the tensor (${names.join(', ')}) and an options object, got ${positional.length}`);
  }
  checkOptions(op, last, [...names, ...keywords], hints);
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    if (v !== undefined) out[names[i]] = v;
  });
  for (const [k, v] of Object.entries(last ?? {})) {
    if (k in out) throw new ValueError(`${op}: ${k} is given twice (as an argument and in the options)`);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** A dim argument: an integer, a list of integers, or null/undefined for every dim. */
function readDims(op: string, dim: unknown): Dims | undefined {
  if (dim === undefined || dim === null) return undefined;
  if (Number.isInteger(dim)) return dim as number;
  if (Array.isArray(dim) && dim.every((d) => Number.isInteger(d))) return dim as number[];
  throw new ValueError(`${op}: dim must be an integer or a list of integers, got ${describe(dim)}`);
}

/** A flag argument (keepdim, unbiased): a boolean, or the default when not given. */
export function readFlag(op: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ValueError(`${op}: ${name} must be true or false, got ${describe(v)}`);
  return v;
}

const describe = (v: unknown): string => (v instanceof Tensor ? 'a Tensor' : typeof v === 'object' ? JSON.stringify(v) : `${typeof v} ${String(v)}`);

/** The dims to reduce (normalized, sorted) and keepdim, from args bound as `names` (default dim, keepdim). */
export function parseReduce(op: string, args: readonly unknown[], ndim: number): { dims: number[]; keepdim: boolean } {
  const a = bindArgs(op, args, ['dim', 'keepdim']);
  return { dims: dimsOf(op, a.dim, ndim), keepdim: readFlag(op, 'keepdim', a.keepdim, false) };
}

/** Normalized dims to reduce; a 0-dim tensor accepts dim 0 or -1 (as PyTorch) but has no dim to reduce. */
export function dimsOf(op: string, dim: unknown, ndim: number): number[] {
  return normalizeDims(op, readDims(op, dim), ndim).filter((d) => d < ndim);
}

/** The result shape of reducing `dims`: those dims become 1 (keepdim) or vanish. */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((s, i) => (dims.includes(i) ? 1 : s)) : shape.filter((_, i) => !dims.includes(i));
}
