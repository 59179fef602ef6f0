// The IDX file format (MNIST's): 2 zero bytes, a type code, a dim count, one big-endian uint32 per
// dim, then the values big-endian, row-major. Parses bytes, so it runs in Node and the browser.

import { FormatError } from '../errors.ts';

export interface IdxArray {
  shape: number[];
  /** The values: a view on the input bytes for uint8 files, a fresh array otherwise. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

// type code → [name, bytes per value, reader of one big-endian value]
const types: Record<number, [string, number, (v: DataView, at: number) => number]> = {
  0x08: ['uint8', 1, (v, at) => v.getUint8(at)],
  0x09: ['int8', 1, (v, at) => v.getInt8(at)],
  0x0b: ['int16', 2, (v, at) => v.getInt16(at)],
  0x0c: ['int32', 4, (v, at) => v.getInt32(at)],
  0x0d: ['float32', 4, (v, at) => v.getFloat32(at)],
  0x0e: ['float64', 8, (v, at) => v.getFloat64(at)],
};
const arrays = { int8: Int8Array, int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array };

/** Parses an IDX file; `name` (the file name) goes into every error message. */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  if (bytes.length < 4) throw new FormatError(`${name}: ${bytes.length} bytes is too short for an IDX header (4-byte magic number)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = types[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type || bytes[3] === 0) {
    throw new FormatError(`${name}: bad magic number 0x${magic.toString(16).padStart(8, '0')}: an IDX file starts with 0x0000, a type code (0x08 uint8 … 0x0e float64) and a dim count`);
  }
  const ndim = bytes[3], headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) throw new FormatError(`${name}: file is truncated in the header: ${ndim} dims need ${headerBytes} bytes, found ${bytes.length}`);
  const shape = Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d));
  const [dtype, width, read] = type;
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * width;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'file is truncated' : 'file has trailing bytes';
    throw new FormatError(`${name}: ${what}: shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes, found ${bytes.length}`);
  }
  if (dtype === 'uint8') return { shape, data: bytes.subarray(headerBytes, expected) };
  const data = new arrays[dtype as keyof typeof arrays](count);
  for (let i = 0; i < count; i++) data[i] = read(view, headerBytes + i * width);
  return { shape, data };
}
