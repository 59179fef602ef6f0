// Builds small ONNX models in tests: nodes with attributes, float inputs, initializers, and a
// helper that runs a one-node model and compares with hand-computed values.

import assert from 'node:assert/strict';
import { loadOnnxModel, encodeModel, tensorToProto, DataType, type Tensor } from '../../engine/index.ts';

export type Attr = { name: string; type: number; i?: number; f?: number; s?: Uint8Array; ints?: number[]; floats?: number[] };
export const INT = 2, FLOAT = 1, STRING = 3, INTS = 7;
export const attrInt = (name: string, i: number): Attr => ({ name, type: INT, i });
export const attrInts = (name: string, ints: number[]): Attr => ({ name, type: INTS, ints });

export interface NodeSpec { op: string; inputs: string[]; outputs: string[]; name?: string; attrs?: Attr[] }

/** The ONNX type a test tensor stands for: int32 plays int64, as in models exported from PyTorch. */
export const onnxTypeOf = (t: Tensor): number =>
  ({ float32: DataType.FLOAT, float64: DataType.DOUBLE, int32: DataType.INT64, bool: DataType.BOOL })[t.dtype];

/** Encodes a one-graph model; inputs are FLOAT (of unspecified shape) unless `types` says otherwise. */
export function makeModel(
  opset: number, nodes: NodeSpec[], inputs: string[], outputs: string[], initializers: Record<string, Tensor> = {}, types: Record<string, number> = {},
): Uint8Array {
  const value = (name: string) => ({ name, type: { tensorType: { elemType: types[name] ?? DataType.FLOAT } } });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'g',
      node: nodes.map((n, k) => ({ opType: n.op, input: n.inputs, output: n.outputs, name: n.name ?? `n${k}`, attribute: n.attrs ?? [] })),
      initializer: Object.entries(initializers).map(([name, t]) => tensorToProto(t, name, onnxTypeOf(t))),
      input: inputs.map(value),
      output: outputs.map((name) => ({ name })),
    },
  });
}

/** Runs a one-node model and returns its first output as nested arrays. */
export function runOne(opset: number, node: NodeSpec, inputs: Record<string, Tensor>, inits: Record<string, Tensor> = {}): unknown {
  const types = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, onnxTypeOf(t)]));
  const model = loadOnnxModel(makeModel(opset, [node], Object.keys(inputs), node.outputs, inits, types), `${node.op}.onnx`);
  return model.run(inputs)[node.outputs[0]].toArray();
}

export const close = (actual: unknown, expected: number[] | number[][], what = '') => {
  const a = (actual as number[]).flat(3) as number[];
  const e = expected.flat(3) as number[];
  assert.equal(a.length, e.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) < 1e-5, `${what} [${i}]: ${v} vs ${e[i]}`));
};

