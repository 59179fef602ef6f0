// The table from engine op names to ONNX node writers. Each writer sees one traced op (inputs,
// attrs, output) and appends the node(s) that compute the same output; it returns the value name.

import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import type { OpRecord } from '../../autograd/op.ts';
import type { GraphBuilder } from './graph-builder.ts';

export interface OpExport {
  g: GraphBuilder;
  rec: OpRecord;
  /** Shortcut for rec.attrs, typed by the writer. */
  attrs: any;
  out: Tensor;
  /** Input i's value name, cast to `dtype` when given and different. */
  in(i: number, dtype?: DType): string;
  /** Dim 0 of inputs and outputs is symbolic: shapes written into the graph must not fix it. */
  dynamicBatch: boolean;
}

export type Exporter = (x: OpExport) => string;

export const exporters = new Map<string, Exporter>();

export function register(names: string | readonly string[], fn: Exporter): void {
  for (const name of typeof names === 'string' ? [names] : names) exporters.set(name, fn);
}

/** INT32_MAX as "to the end" for Slice: every runtime clamps it, and it fits an int32 importer. */
export const TO_END = 2 ** 31 - 1;
