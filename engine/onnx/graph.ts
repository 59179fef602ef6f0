// A GraphProto checked once (every op known, every input defined before use, subgraphs too) and then
// run node by node in file order, which the ONNX spec guarantees is topological.

import { Tensor } from '../tensor/tensor.ts';
import { FormatError, GradschoolError, ValueError } from '../errors.ts';
import { makeContext } from './context.ts';
import { NodeAttributes } from './attributes.ts';
import { tensorFromProto } from './tensor-proto.ts';
import { DataType, isFloatType, isIntegerType } from './dtypes.ts';
import { onnxOps, type OnnxValue, type OpAdapter } from './registry.ts';
import type { GraphProto, NodeProto, TypeProto } from './proto.ts';
import { wrapIntegers } from './int-wrap.ts';

/** A value and the ONNX element type it stands for (INT64 behind an int32 tensor, say), when known. */
export interface TypedValue {
  value: OnnxValue;
  dataType: number | undefined;
}

export interface ValueInfo {
  name: string;
  type: TypeProto | undefined;
}

export interface CompiledNode {
  opType: string;
  name: string;
  where: string;
  attrs: NodeAttributes;
  adapter: OpAdapter;
  inputs: string[];
  outputs: string[];
}

/** Values and their ONNX element types, looked up through enclosing graphs (for Loop bodies). */
export class Scope {
  readonly values = new Map<string, OnnxValue>();
  readonly types = new Map<string, number>();
  constructor(readonly parent?: Scope) {}

  has(name: string): boolean {
    return this.values.has(name) || !!this.parent?.has(name);
  }
  get(name: string): OnnxValue | undefined {
    return this.values.has(name) ? this.values.get(name) : this.parent?.get(name);
  }
  type(name: string): number | undefined {
    return this.types.get(name) ?? this.parent?.type(name);
  }
  set(name: string, value: OnnxValue, type: number | undefined): void {
    this.values.set(name, value);
    if (type !== undefined) this.types.set(name, type);
  }
}

const elemType = (t: TypeProto | null | undefined): number | undefined => t?.tensorType?.elemType ?? undefined;

export class CompiledGraph {
  readonly inputs: ValueInfo[];
  readonly outputs: ValueInfo[];
  private readonly constants = new Map<string, { tensor: Tensor; dataType: number }>();
  private readonly declared = new Map<string, number>();
  private readonly nodes: CompiledNode[] = [];
  private readonly subgraphs = new Map<GraphProto, CompiledGraph>();

  /** `outer` holds the names visible from enclosing graphs (a Loop body sees its parent's values). */
  constructor(graph: GraphProto, readonly opset: number, readonly file: string, outer?: ReadonlySet<string>) {
    const label = outer ? `${file}: subgraph '${graph.name ?? ''}'` : file;
    for (const init of graph.initializer ?? []) {
      if (!init.name) throw new FormatError(`${label}: an initializer has no name`);
      this.constants.set(init.name, tensorFromProto(init, `${file}: initializer`));
    }
    const info = (v: { name?: string | null; type?: TypeProto | null }): ValueInfo => ({ name: v.name ?? '', type: v.type ?? undefined });
    this.inputs = (graph.input ?? []).map(info).filter((v) => !this.constants.has(v.name));
    this.outputs = (graph.output ?? []).map(info);
    for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
      const t = elemType(v.type);
      if (v.name && t) this.declared.set(v.name, t);
    }
    const defined = new Set<string>([...(outer ?? []), ...this.constants.keys(), ...this.inputs.map((v) => v.name)]);
    (graph.node ?? []).forEach((node, index) => {
      const compiled = this.compileNode(node, index, label, defined);
      compiled.outputs.forEach((o) => o && defined.add(o));
    });
    for (const out of this.outputs) {
      if (!defined.has(out.name)) throw new FormatError(`${label}: graph output '${out.name}' is not produced by any node, input or initializer`);
    }
  }

  private compileNode(node: NodeProto, index: number, label: string, defined: ReadonlySet<string>): CompiledNode {
    const opType = node.opType ?? '';
    const name = node.name || `#${index}`;
    const where = `${label}: node '${name}' (${opType})`;
    if (node.domain && node.domain !== 'ai.onnx') throw new FormatError(`${where}: operator domain '${node.domain}' is not supported (only the default ai.onnx domain)`);
    const adapter = onnxOps.get(opType);
    if (!adapter) throw new FormatError(`${where}: op type '${opType}' is not supported by the importer`);
    const inputs = [...(node.input ?? [])];
    for (const input of inputs) {
      if (input && !defined.has(input)) throw new FormatError(`${where}: input '${input}' is not defined by a graph input, an initializer or an earlier node`);
    }
    const attrs = new NodeAttributes(node.attribute ?? [], where);
    for (const a of node.attribute ?? []) {
      if (a.g) this.subgraphs.set(a.g, new CompiledGraph(a.g, this.opset, this.file, new Set(defined)));
    }
    const compiled = { opType, name, where, attrs, adapter, inputs, outputs: [...(node.output ?? [])] };
    this.nodes.push(compiled);
    return compiled;
  }

  /** Runs the graph; `feeds` binds graph inputs by name (initializers may be overridden). */
  run(feeds: ReadonlyMap<string, OnnxValue>, feedTypes: ReadonlyMap<string, number>, parent?: Scope): Map<string, TypedValue> {
    const scope = new Scope(parent);
    for (const [name, c] of this.constants) scope.set(name, c.tensor, c.dataType);
    for (const [name, v] of feeds) scope.set(name, v, feedTypes.get(name) ?? this.declared.get(name));
    for (const input of this.inputs) {
      if (!scope.values.has(input.name)) throw new ValueError(`${this.file}: graph input '${input.name}' was not given a value`);
    }
    for (const node of this.nodes) this.runNode(node, scope);
    return new Map(this.outputs.map((o) => [o.name, { value: scope.get(o.name) ?? null, dataType: scope.type(o.name) }]));
  }

  private runNode(node: CompiledNode, scope: Scope): void {
    const inputs = node.inputs.map((n) => {
      if (!n) return null;
      if (!scope.has(n)) throw new FormatError(`${node.where}: input '${n}' has no value`);
      return scope.get(n) ?? null;
    });
    const inputTypes = node.inputs.map((n) => (n ? scope.type(n) : undefined));
    const ctx = makeContext(node, this, inputs, inputTypes, scope);
    let result: OnnxValue | OnnxValue[];
    try {
      result = node.adapter(ctx);
    } catch (e) {
      throw renamed(e, node.where);
    }
    // A lone tensor (or empty optional) is a one-output result; an array lists the outputs.
    const outputs: OnnxValue[] = Array.isArray(result) ? result : [result];
    node.outputs.forEach((name, i) => {
      if (!name) return;
      if (i >= outputs.length) throw new ValueError(`${node.where}: output ${i} ('${name}') was not produced`);
      const type = this.declared.get(name) ?? ctx.outputTypes[i] ?? inferType(outputs[i], inputTypes);
      scope.set(name, wrapIntegers(outputs[i], type), type);
    });
  }

  subgraph(g: GraphProto): CompiledGraph {
    const c = this.subgraphs.get(g);
    if (!c) throw new FormatError(`${this.file}: subgraph was not compiled`);
    return c;
  }
}

/** The ONNX type of an op result the adapter did not name: bool → BOOL, floats keep the input's precision, ints the input's width. */
function inferType(v: OnnxValue, inputTypes: readonly (number | undefined)[]): number | undefined {
  if (!(v instanceof Tensor)) return undefined;
  if (v.dtype === 'bool') return DataType.BOOL;
  if (v.dtype === 'float64') return DataType.DOUBLE;
  if (v.dtype === 'float32') return inputTypes.find((t) => t !== undefined && isFloatType(t) && t !== DataType.DOUBLE) ?? DataType.FLOAT;
  return inputTypes.find((t) => t !== undefined && isIntegerType(t)) ?? DataType.INT64;
}

function renamed(e: unknown, where: string): unknown {
  if (!(e instanceof Error) || e.message.startsWith(where)) return e;
  const Ctor = e instanceof GradschoolError ? (e.constructor as new (m: string) => Error) : Error;
  const out = new Ctor(`${where}: ${e.message}`);
  (out as Error & { cause?: unknown }).cause = e;
  return out;
}
