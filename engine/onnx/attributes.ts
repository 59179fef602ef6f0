// A node's attributes, read by name with the type each op expects: a missing attribute takes the
// op's default, one of the wrong type is a FormatError naming the node, the attribute and both types.
// Integer readers also take a rule (range, allowed values, length) so no op sees a kernel of 0.

import type { Tensor } from '../tensor/tensor.ts';
import { FormatError } from '../errors.ts';
import { int64, type AttributeProto, type GraphProto, type Int64 } from './proto.ts';
import { tensorFromProto } from './tensor-proto.ts';

// AttributeProto.AttributeType
const TYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'INT', 3: 'STRING', 4: 'TENSOR', 5: 'GRAPH', 6: 'FLOATS', 7: 'INTS',
  8: 'STRINGS', 9: 'TENSORS', 10: 'GRAPHS', 11: 'SPARSE_TENSOR', 12: 'SPARSE_TENSORS', 13: 'TYPE_PROTO', 14: 'TYPE_PROTOS',
};
const FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, GRAPH = 5, FLOATS = 6, INTS = 7, STRINGS = 8;

const text = (b: Uint8Array | null | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());

/** What an integer attribute may hold: bounds (inclusive) or a set of values, and for lists a length. */
export interface IntRule {
  min?: number;
  max?: number;
  oneOf?: readonly number[];
}
export interface IntsRule extends IntRule {
  length?: number;
}

export class NodeAttributes {
  private readonly byName = new Map<string, AttributeProto>();

  /** `where` names the node in error messages, e.g. "model.onnx: node 'conv1' (Conv)". */
  constructor(attrs: readonly AttributeProto[], private readonly where: string) {
    for (const a of attrs) {
      if (!a.name) throw new FormatError(`${where}: an attribute has no name`);
      if (a.refAttrName) throw new FormatError(`${where}: attribute '${a.name}' refers to a function attribute; functions are not supported`);
      this.byName.set(a.name, a);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** The attribute if present and of `type`; undefined if absent (or the default when given). */
  private get(name: string, type: number): AttributeProto | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    // Old writers leave `type` unset; then trust the field the value is in.
    const actual = a.type ?? 0;
    if (actual !== 0 && actual !== type) {
      throw new FormatError(`${this.where}: attribute '${name}' is ${TYPE_NAMES[actual] ?? actual}, expected ${TYPE_NAMES[type]}`);
    }
    return a;
  }

  private missing(name: string, type: number): never {
    throw new FormatError(`${this.where}: required attribute '${name}' (${TYPE_NAMES[type]}) is missing`);
  }

  /** Throws a FormatError naming the node, the attribute and its value when `values` break `rule`. */
  private check(name: string, shown: string, values: readonly number[], rule: IntsRule): void {
    const bad = (why: string): never => {
      throw new FormatError(`${this.where}: attribute '${name}' = ${shown} ${why}`);
    };
    if (rule.length !== undefined && values.length !== rule.length) bad(`has ${values.length} entries, expected ${rule.length}`);
    const each = shown.startsWith('[') ? 'each entry ' : '';
    for (const v of values) {
      if (rule.oneOf && !rule.oneOf.includes(v)) bad(`is not allowed: ${each}must be one of ${rule.oneOf.join(', ')}`);
      if (rule.min !== undefined && v < rule.min) bad(`is out of range: ${each}must be >= ${rule.min}`);
      if (rule.max !== undefined && v > rule.max) bad(`is out of range: ${each}must be <= ${rule.max}`);
    }
  }

  /** An INT attribute (or `fallback` when absent), checked against `rule` when given. */
  int(name: string, fallback?: number, rule?: IntRule): number {
    const a = this.get(name, INT);
    const v = a ? int64(a.i as Int64, `${this.where}: attribute '${name}'`) : fallback ?? this.missing(name, INT);
    if (a || rule) this.check(name, `${v}`, [v], rule ?? {});
    return v;
  }

  float(name: string, fallback?: number): number {
    const a = this.get(name, FLOAT);
    if (!a) return fallback ?? this.missing(name, FLOAT);
    return a.f ?? 0;
  }

  /** A 0/1 INT attribute as a boolean; any other value is a FormatError. */
  flag(name: string, fallback: boolean): boolean {
    return this.int(name, fallback ? 1 : 0, { oneOf: [0, 1] }) === 1;
  }

  /** A STRING attribute (or `fallback`), one of `oneOf` when given. */
  string(name: string, fallback?: string, oneOf?: readonly string[]): string {
    const a = this.get(name, STRING);
    const v = a ? text(a.s) : fallback ?? this.missing(name, STRING);
    if (oneOf && !oneOf.includes(v)) throw new FormatError(`${this.where}: ${name} '${v}' is not one of ${oneOf.join(', ')} (attribute '${name}')`);
    return v;
  }

  /**
   * An INTS attribute (or `fallback` when absent), checked against `rule`: e.g.
   * `ints('kernel_shape', { min: 1, length: nd })` or `ints('strides', ones, { min: 1, length: nd })`.
   */
  ints(name: string, fallbackOrRule?: number[] | IntsRule, ruleArg?: IntsRule): number[] {
    const [fallback, rule] = Array.isArray(fallbackOrRule) ? [fallbackOrRule, ruleArg] : [undefined, fallbackOrRule];
    const a = this.get(name, INTS);
    const v = a ? (a.ints ?? []).map((x) => int64(x as Int64, `${this.where}: attribute '${name}'`)) : fallback ?? this.missing(name, INTS);
    if (a || rule) this.check(name, `[${v.join(', ')}]`, v, rule ?? {});
    return v;
  }

  /** Like ints(), but undefined when absent: for attributes whose absence means something. */
  optionalInts(name: string, rule?: IntsRule): number[] | undefined {
    return this.has(name) ? this.ints(name, rule) : undefined;
  }

  floats(name: string, fallback?: number[]): number[] {
    const a = this.get(name, FLOATS);
    if (!a) return fallback ?? this.missing(name, FLOATS);
    return [...(a.floats ?? [])];
  }

  strings(name: string, fallback?: string[]): string[] {
    const a = this.get(name, STRINGS);
    if (!a) return fallback ?? this.missing(name, STRINGS);
    return (a.strings ?? []).map(text);
  }

  tensor(name: string): Tensor;
  tensor(name: string, optional: true): Tensor | undefined;
  tensor(name: string, optional = false): Tensor | undefined {
    const a = this.get(name, TENSOR);
    if (!a) return optional ? undefined : this.missing(name, TENSOR);
    if (!a.t) throw new FormatError(`${this.where}: attribute '${name}' holds no tensor`);
    return tensorFromProto(a.t, `${this.where}: attribute '${name}'`).tensor;
  }

  /** ONNX element type of a TENSOR attribute (Constant and ConstantOfShape keep it). */
  tensorDataType(name: string): number | undefined {
    return this.get(name, TENSOR)?.t?.dataType ?? undefined;
  }

  graph(name: string): GraphProto {
    const a = this.get(name, GRAPH);
    if (!a?.g) return this.missing(name, GRAPH);
    return a.g;
  }
}
