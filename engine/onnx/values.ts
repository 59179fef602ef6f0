// Reading a serialized value (tensor, sequence or optional) whose kind a graph input or output
// declares: the ONNX test suite stores each as a .pb file next to the model.

import { FormatError } from '../errors.ts';
import { decodeTensor, type TypeProto } from './proto.ts';
import { decodeContainer, type ContainerProto } from './wire.ts';
import { tensorFromProto } from './tensor-proto.ts';
import type { OnnxValue } from './registry.ts';

export interface ImportedValue {
  value: OnnxValue;
  /** The ONNX element type of a tensor value (undefined for sequences and optionals). */
  dataType?: number;
}

function fromContainer(c: ContainerProto, file: string): OnnxValue {
  const items = [...c.tensors.map((t) => tensorFromProto(t, file).tensor), ...c.sequences.map((s) => fromContainer(s, file))];
  if (c.kind === 'sequence') return items;
  if (items.length > 1) throw new FormatError(`${file}: an optional holds ${items.length} values`);
  return items[0] ?? null;
}

/** Decodes `bytes` as the kind of value `type` declares (a plain tensor when the type is unknown). */
export function readValue(bytes: Uint8Array, type: TypeProto | undefined, file: string): ImportedValue {
  if (type?.sequenceType) return { value: fromContainer(decodeContainer(bytes, 'sequence', file), file) };
  if (type?.optionalType) return { value: fromContainer(decodeContainer(bytes, 'optional', file), file) };
  if (type && !type.tensorType) throw new FormatError(`${file}: values of type ${Object.keys(type).join('/')} are not supported`);
  const { tensor, dataType } = tensorFromProto(decodeTensor(bytes, file), file);
  return { value: tensor, dataType };
}
