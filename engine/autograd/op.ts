// defineOp() and apply(): the one choke point every op goes through. An op declares its forward
// (values, via backend kernels) and backward (gradients, via other ops); apply() runs the forward,
// records a graph node when gradients are needed, and lets tools (anomaly, tracing) watch.

import { Tensor } from '../tensor/tensor.ts';
import { AllocationError } from '../errors.ts';
import { isGradEnabled, isAnomalyEnabled } from './grad-mode.ts';
import { assertFinite, isInBackwardPass } from './anomaly.ts';

/** One gradient thunk per input: called only for inputs that require grad. */
export type GradThunks = ReadonlyArray<(() => Tensor) | undefined>;

export interface BackwardContext<A> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: A;
  /** What forward chose to keep (e.g. max's indices). */
  readonly saved: Record<string, unknown>;
}

/** A gradcheck case for the op test table: input shapes, attributes, optional custom inputs. */
export interface OpCase<A> {
  shapes: number[][];
  attrs?: A;
  /** Which inputs are differentiated (default: all). Index inputs must be excluded. */
  grad?: number[];
  /**
   * Input values (default: standard normal): a domain that keeps the op smooth (log needs
   * 'positive', relu 'awayFromZero' from its kink, asin 'unit' = (−0.9, 0.9), acosh 'aboveOne'),
   * or a function that makes all inputs (e.g. valid indices).
   */
  inputs?: InputDomain | (() => Tensor[]);
}

export type InputDomain = 'normal' | 'positive' | 'awayFromZero' | 'unit' | 'aboveOne';

export interface OpDef<A> {
  name: string;
  /** The ONNX operator this op exports to, when there is one. */
  onnx?: string;
  forward(inputs: readonly Tensor[], attrs: A, saved: Record<string, unknown>): Tensor;
  /** Required: an op without a derivative must say so explicitly. */
  backward: ((dy: Tensor, ctx: BackwardContext<A>) => GradThunks) | 'nondifferentiable';
  cases?: OpCase<A>[];
}

export interface OpRecord {
  op: string;
  inputs: readonly Tensor[];
  attrs: unknown;
  output: Tensor;
}

export const opRegistry = new Map<string, OpDef<any>>();
const listeners = new Set<(r: OpRecord) => void>();

/** Watches every op applied (for tracing, profiling, teaching); returns the unsubscribe function. */
export function onOpApplied(fn: (r: OpRecord) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** True while something watches ops (ONNX tracing, profiling): fused layers then run their textbook ops. */
export const opsWatched = (): boolean => listeners.size > 0;

export function apply<A>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  const saved: Record<string, unknown> = {};
  let output: Tensor;
  try {
    output = def.forward(inputs, attrs, saved);
  } catch (e) {
    throw tooBig(def.name, inputs, e);
  }
  if (isAnomalyEnabled() && !isInBackwardPass()) assertFinite(output, `the forward of '${def.name}'`);
  const backward = def.backward;
  if (backward !== 'nondifferentiable' && isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    output.gradFn = {
      name: def.name,
      inputs,
      attrs,
      backward: (dy) => backward(dy, { inputs, output, attrs, saved }),
    };
    output.requiresGrad = true;
  }
  for (const fn of listeners) fn({ op: def.name, inputs, attrs, output });
  return output;
}

/**
 * A result too big to allocate becomes an AllocationError naming the op and its inputs' shapes:
 * from the size check, or a RangeError from a kernel's own scratch array.
 */
function tooBig(op: string, inputs: readonly Tensor[], e: unknown): unknown {
  const rangeError = e instanceof RangeError && /array length|allocation failed/i.test(e.message);
  if (!rangeError && !(e instanceof AllocationError && e.message.startsWith('allocate:'))) return e;
  const shapes = inputs.map((t) => `[${t.shape.join(', ')}]`).join(', ');
  const out = new AllocationError(`${op}: cannot allocate the result for inputs of shape ${shapes}: ${e.message.replace(/^allocate: /, '')}`);
  (out as Error & { cause?: unknown }).cause = e;
  return out;
}

/** Registers an op and returns its function: `const mul = defineOp({...}); mul([a, b])`. */
export function defineOp<A = undefined>(def: OpDef<A>): (inputs: readonly Tensor[], attrs: A) => Tensor {
  if (opRegistry.has(def.name)) throw new Error(`defineOp: an op named '${def.name}' is already defined`);
  opRegistry.set(def.name, def);
  return (inputs, attrs) => apply(def, inputs, attrs);
}
