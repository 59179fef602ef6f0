// onnxruntime-node 1.30 (native, MLAS kernels) on one thread: sgemm only, as a one-node MatMul
// model built in memory. It marks how far native code is ahead; it cannot run in a browser tab.

import pkg from 'onnx-proto';
import type { Engine } from './types.ts';

// onnx-proto is CommonJS: its namespace arrives as the default export under Node's ESM loader.
const { onnx } = pkg;

function matmulModel(n: number): Uint8Array {
  const type = { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: n }, { dimValue: n }] } } };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'gradschool-bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: `matmul${n}`,
      node: [{ opType: 'MatMul', input: ['a', 'b'], output: ['c'] }],
      input: [{ name: 'a', type }, { name: 'b', type }],
      output: [{ name: 'c', type }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export function create(): Engine {
  let ort: typeof import('onnxruntime-node');
  return {
    async init() {
      ort = await import('onnxruntime-node');
      return { threads: 1, note: 'native code (MLAS), not JavaScript: a ceiling for reference' };
    },

    async sgemm(n, a, b) {
      const session = await ort.InferenceSession.create(matmulModel(n), {
        intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
      });
      const feeds = { a: new ort.Tensor('float32', a, [n, n]), b: new ort.Tensor('float32', b, [n, n]) };
      return () => session.run(feeds);
    },
  };
}
