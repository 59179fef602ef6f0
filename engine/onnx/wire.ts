// SequenceProto and OptionalProto (onnx-data.proto), which onnx-proto does not ship: their few
// fields read with protobufjs's wire Reader. Element tensors are decoded by onnx-proto.

import protobuf from 'protobufjs/minimal.js';
import { FormatError } from '../errors.ts';
import { decodeTensor, type TensorProto } from './proto.ts';

const { Reader } = protobuf;

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

/** Decodes a serialized SequenceProto or OptionalProto. */
export function decodeContainer(bytes: Uint8Array, kind: 'sequence' | 'optional', file: string): ContainerProto {
  const out: ContainerProto = { kind, elemType: 0, tensors: [], sequences: [] };
  const reader = Reader.create(bytes);
  try {
    while (reader.pos < reader.len) {
      const key = reader.uint32();
      const field = key >>> 3;
      if (field === ELEM_TYPE) out.elemType = reader.int32();
      else if (field === TENSOR) out.tensors.push(decodeTensor(reader.bytes(), `${file} (${kind} element)`));
      else if (field === SEQUENCE) out.sequences.push(decodeContainer(reader.bytes(), 'sequence', file));
      else reader.skipType(key & 7);
    }
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`${file}: the ${kind} is malformed or truncated (${(e as Error).message})`);
  }
  return out;
}
