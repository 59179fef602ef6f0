// The public engine API: what lessons, the lab and users import (`import { tensor } from 'gradschool'`).

export * from './errors.ts';
export { checkOptions } from './options.ts';
export { Tensor, type NestedArray, type GradNode } from './tensor/tensor.ts';
export * from './tensor/creation.ts';
export { manualSeed, getRngState, setRngState } from './tensor/random.ts';
export { resultType, promoteTypes, isFloat, setTensorMemoryLimit, getTensorMemoryLimit, type DType, type TypedArray } from './tensor/dtype.ts';
export { broadcastShapes } from './tensor/shape.ts';
export { formatTensor } from './tensor/format.ts';
export { tidy, keep, stepScopes } from './tensor/tidy.ts';
export { noGrad, enableGrad, setGradEnabled, isGradEnabled, detectAnomaly } from './autograd/grad-mode.ts';
export { backward, grad, type BackwardOptions } from './autograd/backward.ts';
export { gradcheck, type GradcheckReport, type GradcheckOptions } from './autograd/gradcheck.ts';
export { inspectGraph, type GraphNode } from './autograd/graph.ts';
export { defineOp, onOpApplied, opRegistry, type OpDef, type OpRecord } from './autograd/op.ts';
export { setBackend, getBackendName, backendReady } from './backend/index.ts';
export * from './ops/index.ts';
export * from './functional/index.ts';
// --- onnx ---
export * from './onnx/index.ts';
// --- nn ---
export * as nn from './nn/index.ts';
// --- optim ---
export * as optim from './optim/index.ts';
// --- data ---
export * as data from './data/index.ts';
// --- io ---
export * as io from './io/index.ts';
// --- backends ---
export { setNumThreads, getNumThreads, wasmMemoryBytes, setWasmKernels, getWasmKernels } from './backend/index.ts';
export * from './train/index.ts';
