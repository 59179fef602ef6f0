// The ONNX graph an export writes, built one node at a time: value names for traced tensors,
// initializers (named parameters, anonymous constants, int64 shape lists), casts between dtypes,
// and the attribute encoding. It knows nothing of which engine op maps to which ONNX node.

import { Tensor } from '../../tensor/tensor.ts';
import { castArray, type DType } from '../../tensor/dtype.ts';
import { tensorToProto } from '../../onnx/tensor-proto.ts';
import { DataType, defaultDataType } from '../../onnx/dtypes.ts';
import type { NodeProto, TensorProto, AttributeProto } from '../../onnx/proto.ts';

/** An attribute value: integers (INT / INTS), a float (FLOAT via f()), a string. */
export type AttrValue = number | readonly number[] | string | { float: number };

/** Marks a float attribute (an integer-valued JS number would otherwise be written as INT). */
export const f = (float: number): { float: number } => ({ float });

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

function attribute(name: string, v: AttrValue): AttributeProto {
  if (typeof v === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return { name, type: ATTR.INT, i: v };
  if ('float' in v) return { name, type: ATTR.FLOAT, f: v.float };
  return { name, type: ATTR.INTS, ints: [...v] };
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  /** Traced tensor → the name of its value in the graph. */
  private readonly values = new Map<Tensor, string>();
  /** Constants by tensor and dtype, so each is written once. */
  private readonly constants = new Map<Tensor, Map<DType, string>>();
  private readonly int64Lists = new Map<string, string>();
  private readonly casts = new Map<string, string>();
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly opset: number) {}

  /** A name not used yet, from a hint: 'fc1.weight', 'Relu_3'. */
  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Binds a traced tensor to a value name (a graph input, a node output). */
  bind(t: Tensor, name: string): void {
    this.values.set(t, name);
    this.used.add(name);
  }

  has(t: Tensor): boolean {
    return this.values.has(t);
  }

  /** Writes t as an initializer named `name` (a parameter or buffer) and binds it. */
  initializer(t: Tensor, name: string, dtype: DType = t.dtype): string {
    const unique = this.fresh(name);
    this.initializers.push(tensorToProto(dtype === t.dtype ? t : new Tensor(castArray(t.toTypedArray(), dtype), t.shape), unique));
    return unique;
  }

  /**
   * The name of t's value in `dtype` (default its own). Bound values of another dtype get a Cast
   * node; unbound tensors are constants of the trace and become initializers in the dtype asked.
   */
  value(t: Tensor, dtype: DType = t.dtype): string {
    const bound = this.values.get(t);
    if (bound !== undefined) return dtype === t.dtype ? bound : this.cast(bound, dtype);
    let byType = this.constants.get(t);
    if (!byType) this.constants.set(t, (byType = new Map()));
    let name = byType.get(dtype);
    if (name === undefined) byType.set(dtype, (name = this.initializer(t, 'const', dtype)));
    return name;
  }

  /** A Cast node to `dtype`. */
  cast(input: string, dtype: DType): string {
    const key = `${input}\u0000${dtype}`;
    let name = this.casts.get(key);
    if (name === undefined) this.casts.set(key, (name = this.node('Cast', [input], { to: defaultDataType(dtype) })));
    return name;
  }

  /** Gives a value a new name everywhere it appears (a graph output takes the name the user chose). */
  rename(from: string, to: string): void {
    for (const n of this.nodes) {
      n.input = n.input!.map((v) => (v === from ? to : v));
      n.output = n.output!.map((v) => (v === from ? to : v));
    }
    for (const [t, v] of this.values) if (v === from) this.values.set(t, to);
  }

  /** True when `name` is the output of a node (not a graph input or an initializer). */
  isNodeOutput(name: string): boolean {
    return this.nodes.some((n) => n.output!.includes(name));
  }

  /** Reserves a name the user chose (graph inputs and outputs) so nothing else takes it. */
  reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** A 1-D INT64 initializer (shapes, axes, starts…), shared between nodes that use the same list. */
  int64s(values: readonly number[], hint = 'ints'): string {
    const key = `${hint}:${values.join(',')}`;
    let name = this.int64Lists.get(key);
    if (name === undefined) {
      name = this.fresh(hint);
      const raw = new Uint8Array(values.length * 8);
      const view = new DataView(raw.buffer);
      values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
      this.initializers.push({ name, dataType: DataType.INT64, dims: [values.length], rawData: raw });
      this.int64Lists.set(key, name);
    }
    return name;
  }

  /** A 0-dim INT64 initializer (CumSum's axis). */
  int64Scalar(value: number, hint = 'int'): string {
    const name = this.fresh(hint);
    const raw = new Uint8Array(8);
    new DataView(raw.buffer).setBigInt64(0, BigInt(value), true);
    this.initializers.push({ name, dataType: DataType.INT64, dims: [], rawData: raw });
    return name;
  }

  /** Appends a node; returns its output names (one unless `outputs` says more). */
  nodeOutputs(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}, outputs = 1): string[] {
    const name = this.fresh(`${opType}_${this.nodes.length}`);
    const outs = Array.from({ length: outputs }, (_, i) => this.fresh(`${name}_out${outputs > 1 ? i : ''}`));
    const attribute_ = Object.entries(attrs).filter((e): e is [string, AttrValue] => e[1] !== undefined).map(([k, v]) => attribute(k, v));
    this.nodes.push({ name, opType, input: [...inputs], output: outs, attribute: attribute_ });
    return outs;
  }

  /** Appends a one-output node and returns that output's name. */
  node(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}): string {
    return this.nodeOutputs(opType, inputs, attrs)[0];
  }
}
