// Model files: safetensors (tensors by name), checkpoints (model + optimizer + training state in
// one safetensors file) and ONNX export by tracing. Bytes in, bytes out: the Node-only file
// helpers are in the *.node.ts files beside these.

export * from './safetensors.ts';
export * from './checkpoint.ts';
export * from './pytorch-names.ts';
export * from './onnx-export/index.ts';
