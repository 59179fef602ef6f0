// SequenceProto and OptionalProto (onnx-data.proto), which onnx-proto does not ship: a tiny
// protobuf wire reader for their few fields. Element tensors are decoded by onnx-proto.

import { FormatError } from '../errors.ts';
import { decodeTensor, type TensorProto } from './proto.ts';

/** A decoded sequence or optional: the tensors it holds (an optional holds zero or one). */
export interface ContainerProto {
  kind: 'sequence' | 'optional';
  elemType: number;
  tensors: TensorProto[];
  /** Nested sequences (a sequence of sequences, or an optional holding a sequence). */
  sequences: ContainerProto[];
}

// Field numbers shared by SequenceProto and OptionalProto.
const ELEM_TYPE = 2;
const TENSOR = 3;
const SEQUENCE = 5;

function readVarint(b: Uint8Array, pos: { i: number }, file: string): number {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos.i >= b.length) throw new FormatError(`${file}: truncated varint at byte ${pos.i}`);
    const byte = b[pos.i++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
    if (shift > 63) throw new FormatError(`${file}: varint longer than 10 bytes at byte ${pos.i}`);
  }
}

/** Decodes a serialized SequenceProto or OptionalProto. */
export function decodeContainer(bytes: Uint8Array, kind: 'sequence' | 'optional', file: string): ContainerProto {
  const out: ContainerProto = { kind, elemType: 0, tensors: [], sequences: [] };
  const pos = { i: 0 };
  while (pos.i < bytes.length) {
    const key = readVarint(bytes, pos, file);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const v = readVarint(bytes, pos, file);
      if (field === ELEM_TYPE) out.elemType = v;
    } else if (wire === 2) {
      const len = readVarint(bytes, pos, file);
      if (pos.i + len > bytes.length) throw new FormatError(`${file}: field ${field} of the ${kind} runs past the end of the file`);
      const body = bytes.subarray(pos.i, pos.i + len);
      pos.i += len;
      if (field === TENSOR) out.tensors.push(decodeTensor(body, `${file} (${kind} element)`));
      if (field === SEQUENCE) out.sequences.push(decodeContainer(body, 'sequence', file));
    } else if (wire === 1) pos.i += 8;
    else if (wire === 5) pos.i += 4;
    else throw new FormatError(`${file}: unsupported protobuf wire type ${wire} in a ${kind}`);
  }
  if (pos.i !== bytes.length) throw new FormatError(`${file}: the ${kind} is truncated`);
  return out;
}
