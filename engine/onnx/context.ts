// The NodeContext an adapter sees: its inputs (as tensors, optionals or integer lists), attributes,
// opset, and a way to run subgraphs. Errors thrown through fail() name the node.

import { Tensor } from '../tensor/tensor.ts';
import { ValueError } from '../errors.ts';
import type { NodeContext, OnnxValue } from './registry.ts';
import type { CompiledGraph, CompiledNode, Scope } from './graph.ts';

/** The context for one run of `node`: inputs from `scope`, subgraphs run in a child of that scope. */
export function makeContext(node: CompiledNode, graph: CompiledGraph, inputs: OnnxValue[], inputTypes: (number | undefined)[], scope: Scope): NodeContext {
  const fail = (message: string): never => {
    throw new ValueError(`${node.where}: ${message}`);
  };
  const optional = (i: number): Tensor | null => {
    const v = inputs[i] ?? null;
    if (v !== null && !(v instanceof Tensor)) fail(`input ${i} ('${node.inputs[i]}') must be a tensor, got a sequence`);
    return v as Tensor | null;
  };
  const tensor = (i: number): Tensor => optional(i) ?? fail(`required input ${i} is missing`);
  // Shapes, axes, pads and repeats: integers by the spec (int64); a float 1.5 would make a shape of NaN.
  const intsOf = (i: number, t: Tensor): number[] => {
    const values = Array.from(t.toTypedArray());
    const bad = values.find((v) => !Number.isInteger(v));
    if (bad !== undefined) fail(`input ${i} ('${node.inputs[i]}') must hold integers, got ${bad} (a ${t.dtype} tensor)`);
    return values;
  };
  const optionalInts = (i: number): number[] | null => {
    const t = optional(i);
    return t === null ? null : intsOf(i, t);
  };
  return {
    opType: node.opType,
    name: node.name,
    opset: graph.opset,
    attrs: node.attrs,
    inputs,
    inputTypes,
    outputCount: node.outputs.length,
    outputTypes: [],
    tensor,
    optional,
    ints: (i) => intsOf(i, tensor(i)),
    optionalInts,
    scalar: (i, fallback) => {
      const t = optional(i);
      if (t === null) return fallback;
      if (t.numel() !== 1) fail(`input ${i} must hold one value, got ${t.numel()}`);
      return t.toTypedArray()[0];
    },
    fail,
    runGraph: (g, values) => {
      const sub = graph.subgraph(g);
      if (values.length !== sub.inputs.length) fail(`subgraph expects ${sub.inputs.length} inputs, got ${values.length}`);
      const feeds = new Map(sub.inputs.map((v, i) => [v.name, values[i]]));
      const types = new Map<string, number>();
      const out = sub.run(feeds, types, scope);
      return sub.outputs.map((o) => out.get(o.name)?.value ?? null);
    },
  };
}
