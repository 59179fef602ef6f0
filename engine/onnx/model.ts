// loadOnnxModel: decode a .onnx file, check its graph once, and return a model that runs it on
// engine tensors. Inputs go by name or by position; outputs come back by name.

import { Tensor } from '../tensor/tensor.ts';
import { FormatError, ValueError } from '../errors.ts';
import { decodeModel, int64, type Int64, type ModelProto } from './proto.ts';
import { CompiledGraph, type TypedValue, type ValueInfo } from './graph.ts';
import type { OnnxValue } from './registry.ts';
import './ops/index.ts';

/** The opset a model is written against, for the default (ai.onnx) domain. */
function defaultOpset(model: ModelProto, file: string): number {
  const entries = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
  if (entries.length === 0) throw new FormatError(`${file}: opset_import names no version for the default ai.onnx domain`);
  return int64(entries[0].version as Int64, `${file}: opset_import.version`);
}

export class OnnxModel {
  readonly opset: number;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  private readonly graph: CompiledGraph;

  constructor(readonly proto: ModelProto, readonly file: string) {
    if (!proto.graph) throw new FormatError(`${file}: the model has no graph`);
    this.opset = defaultOpset(proto, file);
    this.graph = new CompiledGraph(proto.graph, this.opset, file);
    this.inputs = this.graph.inputs;
    this.outputs = this.graph.outputs;
  }

  get inputNames(): string[] {
    return this.inputs.map((v) => v.name);
  }

  get outputNames(): string[] {
    return this.outputs.map((v) => v.name);
  }

  /** Runs the model on tensors (by name, or in the order of inputNames); returns tensors by output name. */
  run(inputs: Record<string, Tensor> | readonly Tensor[]): Record<string, Tensor> {
    const out = this.runValues(inputs);
    for (const [name, v] of Object.entries(out)) {
      if (!(v instanceof Tensor)) throw new ValueError(`${this.file}: output '${name}' is not a tensor (use runValues for sequences and optionals)`);
    }
    return out as Record<string, Tensor>;
  }

  /**
   * Like run(), for graphs that pass sequences or optionals. `types` gives the ONNX element type
   * of inputs whose int32 tensors stand for narrower types (uint8 arithmetic wraps around).
   */
  runValues(inputs: Record<string, OnnxValue> | readonly OnnxValue[], types: Record<string, number> = {}): Record<string, OnnxValue> {
    return Object.fromEntries(Object.entries(this.runTyped(inputs, types)).map(([name, t]) => [name, t.value]));
  }

  /**
   * Like runValues(), and each output comes with the ONNX element type it stands for (Shape's
   * int32 result is INT64), so it can be written back with tensorToProto(value, name, dataType).
   */
  runTyped(inputs: Record<string, OnnxValue> | readonly OnnxValue[], types: Record<string, number> = {}): Record<string, TypedValue> {
    const feeds = new Map<string, OnnxValue>();
    if (Array.isArray(inputs)) {
      if (inputs.length !== this.inputs.length) {
        throw new ValueError(`${this.file}: the model takes ${this.inputs.length} inputs (${this.inputNames.join(', ')}), got ${inputs.length}`);
      }
      this.inputs.forEach((v, i) => feeds.set(v.name, inputs[i]));
    } else {
      for (const [name, v] of Object.entries(inputs)) {
        if (!this.inputNames.includes(name)) throw new ValueError(`${this.file}: the model has no input '${name}' (inputs: ${this.inputNames.join(', ')})`);
        feeds.set(name, v);
      }
    }
    return Object.fromEntries(this.graph.run(feeds, new Map(Object.entries(types))));
  }
}

/** Decodes and checks an ONNX model; `name` (e.g. the file path) appears in every error message. */
export function loadOnnxModel(bytes: Uint8Array, name = 'model.onnx'): OnnxModel {
  return new OnnxModel(decodeModel(bytes, name), name);
}
