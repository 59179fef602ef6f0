// The op table: ONNX op type → an adapter that maps the node onto the public engine API.
// Adapters hold glue only (argument reading, opset differences); the numerics live in engine ops.

import type { Tensor } from '../tensor/tensor.ts';
import type { NodeAttributes } from './attributes.ts';
import type { GraphProto } from './proto.ts';

/** What flows along a graph edge: a tensor, a sequence of values, or an empty optional (null). */
export type OnnxValue = Tensor | OnnxValue[] | null;

export interface NodeContext {
  readonly opType: string;
  /** The node's name (or its position when unnamed), for error messages. */
  readonly name: string;
  /** The model's ai.onnx opset version: ops whose signature changed read it. */
  readonly opset: number;
  readonly attrs: NodeAttributes;
  /** Input values in order; null where an optional input is absent (an empty name). */
  readonly inputs: readonly OnnxValue[];
  /** ONNX element type of each input when known (e.g. INT64 vs UINT8 behind an int32 tensor). */
  readonly inputTypes: readonly (number | undefined)[];
  /** How many outputs the node names: optional trailing outputs (masks, stashed means) may be skipped. */
  readonly outputCount: number;
  /** Adapters may set the ONNX element type of an output (Cast, Shape, ArgMax…). */
  readonly outputTypes: (number | undefined)[];
  /** Input i as a tensor; throws if absent or not a tensor. */
  tensor(i: number): Tensor;
  /** Input i as a tensor, or null when absent. */
  optional(i: number): Tensor | null;
  /** An integer input (shape, axes, pads) as JS numbers; throws if absent. */
  ints(i: number): number[];
  /** Like ints(), or null when the input is absent. */
  optionalInts(i: number): number[] | null;
  /** A scalar input as a number, or `fallback` when absent. */
  scalar(i: number, fallback: number): number;
  /** Throws a ValueError naming the node: for attribute values the adapter cannot honour. */
  fail(message: string): never;
  /** Runs a subgraph (Loop/If bodies) with this node's scope visible. */
  runGraph(graph: GraphProto, inputs: readonly OnnxValue[]): OnnxValue[];
}

/** An adapter returns the node's outputs in order (a single value for one-output ops). */
export type OpAdapter = (ctx: NodeContext) => OnnxValue | OnnxValue[];

export const onnxOps = new Map<string, OpAdapter>();

/** Registers a family of adapters (called once per family file). */
export function defineOnnxOps(table: Record<string, OpAdapter>): void {
  for (const [op, fn] of Object.entries(table)) {
    if (onnxOps.has(op)) throw new Error(`defineOnnxOps: ONNX op '${op}' is already registered`);
    onnxOps.set(op, fn);
  }
}
