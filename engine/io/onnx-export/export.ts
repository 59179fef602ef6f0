// exportOnnx: run a forward pass once on example inputs while watching every op applied
// (onOpApplied), and write the ops that lead from the inputs to the outputs as an ONNX graph.
// Parameters and buffers become named initializers; every other tensor the trace reads (numbers
// promoted to tensors, masks built inside forward) becomes a constant. Like any tracer it records
// one path: control flow is unrolled, and shapes are fixed except dim 0 under dynamicBatch.

import { Tensor } from '../../tensor/tensor.ts';
import { onOpApplied, type OpRecord } from '../../autograd/op.ts';
import { noGrad } from '../../autograd/grad-mode.ts';
import { ValueError, fmtShape } from '../../errors.ts';
import { encodeModel, type ModelProto, type ValueInfoProto } from '../../onnx/proto.ts';
import { defaultDataType } from '../../onnx/dtypes.ts';
import { GraphBuilder } from './graph-builder.ts';
import { exporters, type OpExport } from './exporters.ts';
import './ops-elementwise.ts';
import './ops-shape.ts';
import './ops-reduce-nn.ts';
import { checkOptions } from '../../options.ts';

/** A model to trace: a function of tensors, or a module (forward(), its parameters named). */
export type Traceable =
  | ((...inputs: Tensor[]) => unknown)
  | {
      forward(...inputs: any[]): unknown;
      call?(...inputs: any[]): unknown;
      namedParameters?(): Array<[string, Tensor]>;
      namedBuffers?(): Array<[string, Tensor]>;
      training?: boolean;
      train?(mode?: boolean): unknown;
      modules?(): Array<{ training: boolean }>;
    };

export interface ExportOnnxOptions {
  /** Graph input names, one per example input (default input, or input_0, input_1, …). */
  inputNames?: readonly string[];
  /** Graph output names (default output / output_0…, or the keys of an object the forward returns). */
  outputNames?: readonly string[];
  /** Dim 0 of every input and output is the symbolic 'batch' (default false: all shapes fixed). */
  dynamicBatch?: boolean;
  /** The ai.onnx opset to write, 13 to 21 (default 17). */
  opset?: number;
  /** The graph's name (default 'gradschool'). */
  graphName?: string;
}

/** torch.onnx.export's keyword names, pointed at ours or named as not supported. */
const ONNX_HINTS = {
  opset_version: 'write opset', opsetVersion: 'write opset',
  dynamic_axes: 'write dynamicBatch: true (only dim 0 can be symbolic)', dynamicAxes: 'write dynamicBatch: true (only dim 0 can be symbolic)',
  do_constant_folding: 'not supported: the traced graph is written as it ran', doConstantFolding: 'not supported: the traced graph is written as it ran',
  export_params: 'not supported: parameters are always written', exportParams: 'not supported: parameters are always written',
};
const MIN_OPSET = 13;
const MAX_OPSET = 21;

/** Outputs of a forward: a tensor, a list (nested lists too: LSTM's [y, [h, c]]), or an object of them. */
function flattenOutputs(out: unknown, path = 'output'): Array<[string, Tensor]> {
  if (out instanceof Tensor) return [[path, out]];
  if (Array.isArray(out)) return out.flatMap((o, i) => flattenOutputs(o, `${path}_${i}`));
  if (out && typeof out === 'object') return Object.entries(out).flatMap(([k, v]) => flattenOutputs(v, k));
  throw new ValueError(`exportOnnx: the forward returned ${out === null ? 'null' : typeof out} at '${path}'; it must return tensors (a tensor, a list or an object of them)`);
}

function valueInfo(name: string, t: Tensor, dynamicBatch: boolean): ValueInfoProto {
  const dim = t.shape.map((d, i) => (dynamicBatch && i === 0 ? { dimParam: 'batch' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: defaultDataType(t.dtype), shape: { dim } } } };
}

/** Traces `model` on `exampleInputs` and returns the ONNX ModelProto (plain object; see exportOnnx for bytes). */
export function traceOnnx(model: Traceable, exampleInputs: readonly Tensor[], opts: ExportOnnxOptions = {}): ModelProto {
  checkOptions('exportOnnx', opts, ['inputNames', 'outputNames', 'dynamicBatch', 'opset', 'graphName'], ONNX_HINTS);
  const { dynamicBatch = false, opset = 17, graphName = 'gradschool' } = opts;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) throw new ValueError(`exportOnnx: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${opset}`);
  if (!Array.isArray(exampleInputs) || !exampleInputs.every((t) => t instanceof Tensor)) throw new ValueError('exportOnnx: exampleInputs must be an array of Tensors');
  if (new Set(exampleInputs).size !== exampleInputs.length) throw new ValueError('exportOnnx: the same tensor appears twice among exampleInputs; pass distinct tensors');
  if (dynamicBatch && exampleInputs.some((t) => t.ndim === 0)) throw new ValueError('exportOnnx: dynamicBatch needs every input to have a batch dim (dim 0), got a 0-dim input');
  const inputNames = opts.inputNames ?? (exampleInputs.length === 1 ? ['input'] : exampleInputs.map((_, i) => `input_${i}`));
  if (inputNames.length !== exampleInputs.length) throw new ValueError(`exportOnnx: ${inputNames.length} inputNames for ${exampleInputs.length} example inputs`);

  const { records, outputs } = trace(model, exampleInputs);
  const outputNames = opts.outputNames ?? (outputs.length === 1 && outputs[0][0] === 'output' ? ['output'] : outputs.map(([name]) => name));
  if (outputNames.length !== outputs.length) throw new ValueError(`exportOnnx: ${outputNames.length} outputNames for ${outputs.length} outputs of the forward`);

  const g = new GraphBuilder(opset);
  for (const name of [...inputNames, ...outputNames]) {
    if (!g.reserve(name)) throw new ValueError(`exportOnnx: the name '${name}' is used twice among inputNames and outputNames`);
  }
  exampleInputs.forEach((t, i) => g.bind(t, inputNames[i]));
  const params = new Map<Tensor, string>();
  if (typeof model !== 'function') {
    for (const [name, t] of [...(model.namedParameters?.() ?? []), ...(model.namedBuffers?.() ?? [])]) if (!params.has(t)) params.set(t, name);
  }
  const valueOf = (t: Tensor, dtype = t.dtype): string => {
    if (!g.has(t) && params.has(t)) g.bind(t, g.initializer(t, params.get(t)!));
    return g.value(t, dtype);
  };

  for (const rec of needed(records, exampleInputs, params, outputs.map(([, t]) => t))) {
    const write = exporters.get(rec.op);
    if (!write) {
      const shapes = rec.inputs.map((t) => fmtShape(t.shape)).join(', ');
      throw new ValueError(`exportOnnx: op '${rec.op}' (inputs ${shapes}) has no ONNX export; write the forward with ops that have one`);
    }
    const x: OpExport = { g, rec, attrs: rec.attrs, out: rec.output, in: (i, dtype) => valueOf(rec.inputs[i], dtype), dynamicBatch };
    g.bind(rec.output, write(x));
  }

  // Outputs take the user's names: a node's output is renamed, anything else goes through Identity.
  const claimed = new Set<string>();
  outputs.forEach(([, t], i) => {
    const v = valueOf(t);
    if (g.isNodeOutput(v) && !claimed.has(v) && !inputNames.includes(v)) g.rename(v, outputNames[i]);
    else g.nodes.push({ name: g.fresh(`Identity_${g.nodes.length}`), opType: 'Identity', input: [v], output: [outputNames[i]] });
    claimed.add(outputNames[i]);
  });

  return {
    irVersion: opset >= 21 ? 10 : opset >= 19 ? 9 : 8,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'gradschool',
    producerVersion: '0.1.0',
    graph: {
      name: graphName,
      node: g.nodes,
      initializer: g.initializers,
      input: exampleInputs.map((t, i) => valueInfo(inputNames[i], t, dynamicBatch)),
      output: outputs.map(([, t], i) => valueInfo(outputNames[i], t, dynamicBatch)),
    },
  };
}

/** Traces `model` on `exampleInputs` and returns the .onnx file's bytes. */
export function exportOnnx(model: Traceable, exampleInputs: readonly Tensor[], opts: ExportOnnxOptions = {}): Uint8Array {
  // protobufjs hands back a Node Buffer under Node, whose slice() is a view, not a copy: return a plain array.
  return new Uint8Array(encodeModel(traceOnnx(model, exampleInputs, opts)));
}

/** Runs the forward once in eval mode, without gradients, recording every op applied. */
function trace(model: Traceable, inputs: readonly Tensor[]): { records: OpRecord[]; outputs: Array<[string, Tensor]> } {
  const records: OpRecord[] = [];
  // Eval mode for the trace (dropout off, batch norm on running statistics), then every module's own flag back.
  const modes = typeof model !== 'function' && typeof model.train === 'function' ? (model.modules?.() ?? [model as { training: boolean }]).map((m) => [m, m.training] as const) : [];
  if (modes.length) (model as { train(mode: boolean): unknown }).train(false);
  const stop = onOpApplied((r) => records.push(r));
  let out: unknown;
  try {
    out = noGrad(() => (typeof model === 'function' ? model(...inputs) : typeof model.call === 'function' ? model.call(...inputs) : model.forward(...inputs)));
  } finally {
    stop();
    for (const [m, training] of modes) m.training = training;
  }
  return { records, outputs: flattenOutputs(out) };
}

/**
 * The records that compute the outputs from the inputs and parameters, in trace order. Records
 * that read only constants are left out (their results are written as constants), and so are
 * records nothing uses, such as ops an op's own forward ran on a detached copy.
 */
function needed(records: readonly OpRecord[], inputs: readonly Tensor[], params: ReadonlyMap<Tensor, string>, outputs: readonly Tensor[]): OpRecord[] {
  const live = new Set<Tensor>([...inputs, ...params.keys()]);
  const producer = new Map<Tensor, OpRecord>();
  for (const r of records) {
    if (r.inputs.some((t) => live.has(t))) {
      live.add(r.output);
      producer.set(r.output, r);
    }
  }
  const keep = new Set<OpRecord>();
  const stack = [...outputs];
  const seen = new Set<Tensor>();
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    const r = producer.get(t);
    if (r && !keep.has(r)) {
      keep.add(r);
      stack.push(...r.inputs);
    }
  }
  return records.filter((r) => keep.has(r));
}
