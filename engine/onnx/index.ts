// ONNX import: load a .onnx model and run it on engine tensors; convert TensorProto ⇄ Tensor.

export { loadOnnxModel, OnnxModel } from './model.ts';
export type { TypedValue, ValueInfo } from './graph.ts';
export { tensorFromProto, tensorToProto, type ImportedTensor } from './tensor-proto.ts';
export { readValue, type ImportedValue } from './values.ts';
export { decodeModel, decodeTensor, encodeModel, encodeTensor } from './proto.ts';
export { DataType, dataTypeName } from './dtypes.ts';
export { onnxOps, type OnnxValue, type NodeContext, type OpAdapter } from './registry.ts';
