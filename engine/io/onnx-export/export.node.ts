// Node-only: write a traced model to a .onnx file. The export itself lives in export.ts.

import { writeFileSync } from 'node:fs';
import type { Tensor } from '../../tensor/tensor.ts';
import { exportOnnx, type ExportOnnxOptions, type Traceable } from './export.ts';

/** Traces `model` on `exampleInputs` and writes the ONNX model to `path`. */
export function exportOnnxFile(path: string, model: Traceable, exampleInputs: readonly Tensor[], opts: ExportOnnxOptions = {}): void {
  writeFileSync(path, exportOnnx(model, exampleInputs, opts));
}
