// AssemblyScript entry point: every kernel the wasm backend exports, and `run`,
// the one entry threads use to execute a chunk of a described task (see ../threads.ts).

import { gemmTask } from './gemm';
import { convTask, convInputGradTask, convWeightGradTask } from './conv';

export { sgemm, sgemmPackedB, packBWhole, packedBBytes, gemmTask, GEMM_WORKSPACE } from './gemm';
export { convTask, convInputGradTask, convWeightGradTask, sumPartials } from './conv';
export { binary, unary, compare, where } from './elementwise';
export { reduce } from './reduce';
export { maxPool, maxPoolBackward, avgPool, avgPoolBackward } from './pool';
export { softmaxCrossEntropy, softmaxCrossEntropyBackward, softmaxRows } from './losses';
export { standardizeRows, standardizeRowsBackward } from './norm';
export { lstmCell, lstmCellBackward } from './recurrent';
export { gelu, geluBackward } from './activations';

/** Task kinds: 0 gemm, 1 conv forward, 2 conv input grad, 3 conv weight grad. */
export function run(kind: i32, desc: usize, chunk: i32, thread: i32): void {
  if (kind == 0) gemmTask(desc, chunk, thread);
  else if (kind == 1) convTask(desc, chunk, thread);
  else if (kind == 2) convInputGradTask(desc, chunk, thread);
  else convWeightGradTask(desc, chunk, thread);
}
