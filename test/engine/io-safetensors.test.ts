// safetensors: the exact published byte layout, round trips of every dtype, widening of foreign
// dtypes on load, and one FormatError (naming the file and the field) per kind of broken file.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, arange, zeros, FormatError, ValueError, io, type Tensor } from '../../engine/index.ts';
import { saveFile, loadFile } from '../../engine/io/safetensors.node.ts';

const { saveSafetensors, loadSafetensors } = io;

/** A file from a header (object or raw text) and data bytes; `n` overrides the length field. */
function build(header: unknown, data: number[] | Uint8Array = [], n?: number): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(n ?? text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const le32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

function throwsFormat(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof FormatError, `expected FormatError, got ${e.name}: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message lacks '${f}': ${e.message}`);
    return true;
  });
}

describe('safetensors layout', () => {
  test('a single F32 tensor is written byte for byte as the format describes', () => {
    const bytes = saveSafetensors({ 'attn.0': arange(6).float().reshape([1, 2, 3]) });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    assert.equal(header.length, 64); // already a multiple of 8: no padding
    const expected = build(header, le32([0, 1, 2, 3, 4, 5]));
    assert.deepEqual([...bytes], [...expected]);
    assert.deepEqual([...bytes.subarray(0, 8)], [64, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('the header is padded with spaces to a multiple of 8, metadata first', () => {
    const bytes = saveSafetensors({}, { framework: 'pt' });
    const text = '{"__metadata__":{"framework":"pt"}}';
    assert.equal(text.length, 35);
    assert.deepEqual([...bytes], [...build(text + '     ')]);
    assert.deepEqual(loadSafetensors(bytes).metadata, { framework: 'pt' });
  });

  test('tensors are ordered by element size, then name, and the data follows the offsets', () => {
    const bytes = saveSafetensors({ b: tensor([true, false]), a: tensor([1, 2], { dtype: 'int32' }), z: tensor([0.5], { dtype: 'float64' }), y: tensor([2]) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    assert.deepEqual(Object.keys(header), ['z', 'a', 'y', 'b']);
    assert.deepEqual(header.z, { dtype: 'F64', shape: [1], data_offsets: [0, 8] });
    assert.deepEqual(header.a, { dtype: 'I32', shape: [2], data_offsets: [8, 16] });
    assert.deepEqual(header.y, { dtype: 'F32', shape: [1], data_offsets: [16, 20] });
    assert.deepEqual(header.b, { dtype: 'BOOL', shape: [2], data_offsets: [20, 22] });
    assert.equal(bytes.length, 8 + n + 22);
    assert.deepEqual([...bytes.subarray(8 + n + 20)], [1, 0]);
    assert.equal(new DataView(bytes.buffer).getFloat64(8 + n, true), 0.5);
  });
});

describe('safetensors round trip', () => {
  test('every dtype, 0-dim, empty and strided tensors come back equal', () => {
    const t = arange(12).float().reshape([3, 4]);
    const sd: Record<string, Tensor> = {
      f32: tensor([[1.5, -2], [3, 1e-8]]),
      f64: tensor([Math.PI, -0, Infinity], { dtype: 'float64' }),
      i32: tensor([-(2 ** 31), 2 ** 31 - 1, 0], { dtype: 'int32' }),
      bool: tensor([[true], [false]]),
      scalar: tensor(7),
      empty: zeros([2, 0, 3]),
      transposed: t.t(),
      '0': tensor([1]),
      ['__proto__']: tensor([2]),
    };
    const back = loadSafetensors(saveSafetensors(sd, { epoch: '3' }));
    assert.deepEqual(back.metadata, { epoch: '3' });
    assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(sd).sort());
    for (const [name, x] of Object.entries(sd)) {
      const y = back.tensors[name];
      assert.equal(y.dtype, x.dtype, name);
      assert.deepEqual(y.shape, x.shape, name);
      assert.deepEqual(y.toArray(), x.toArray(), name);
    }
    assert.ok(Object.hasOwn(back.tensors, '__proto__')); // a plain key, not the prototype
    assert.equal(Object.getPrototypeOf(back.tensors), Object.prototype);
    assert.equal(back.tensors.nan, undefined);
  });

  test('NaN survives the round trip', () => {
    const back = loadSafetensors(saveSafetensors({ x: tensor([NaN, 1]) })).tensors.x;
    assert.ok(Number.isNaN(back.toArray()[0 as never]));
  });

  test('loading copies: the result does not alias the file bytes', () => {
    const bytes = saveSafetensors({ x: tensor([1, 2]) });
    const x = loadSafetensors(bytes).tensors.x;
    bytes.fill(0, bytes.length - 8);
    assert.deepEqual(x.toArray(), [1, 2]);
  });

  test('an ArrayBuffer and an unaligned sub-array both load', () => {
    const bytes = saveSafetensors({ x: tensor([1, 2, 3], { dtype: 'float64' }) });
    assert.deepEqual(loadSafetensors(bytes.slice().buffer).tensors.x.toArray(), [1, 2, 3]);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    assert.deepEqual(loadSafetensors(shifted.subarray(3)).tensors.x.toArray(), [1, 2, 3]);
  });

  test('saveFile / loadFile go through the file system and name the path in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gs-st-'));
    try {
      const path = join(dir, 'w.safetensors');
      saveFile(path, { w: tensor([[1, 2]]) }, { note: 'hi' });
      const back = loadFile(path);
      assert.deepEqual(back.tensors.w.toArray(), [[1, 2]]);
      assert.deepEqual(back.metadata, { note: 'hi' });
      saveFile(path, {});
      const bad = join(dir, 'bad.safetensors');
      saveFile(bad, { w: tensor([1]) });
      writeFileSync(bad, readFileSync(bad).subarray(0, 20));
      throwsFormat(() => loadFile(bad), bad, 'header length');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('safetensors dtypes from other writers', () => {
  test('a file written by the reference implementation (safetensors 0.8.0, numpy) loads', () => {
    // Written with safetensors.numpy.save_file: F32 w (2, 3), F16 h, I64 l, U8 u, metadata {format: np}.
    const bytes = readFileSync(new URL('../io/fixtures/reference-numpy.safetensors', import.meta.url));
    const { tensors, metadata } = loadSafetensors(bytes, { file: 'reference-numpy.safetensors' });
    assert.deepEqual(metadata, { format: 'np' });
    assert.deepEqual(tensors.w.toArray(), [[0, 1, 2], [3, 4, 5]]);
    assert.deepEqual([tensors.h.dtype, tensors.h.toArray()], ['float32', [1, -2]]);
    assert.deepEqual([tensors.l.dtype, tensors.l.toArray()], ['int32', [5, -7]]);
    assert.deepEqual(tensors.u.toArray(), [250]);
  });

  const one = (dtype: string, shape: number[], data: number[]) => loadSafetensors(build({ t: { dtype, shape, data_offsets: [0, data.length] } }, data)).tensors.t;

  test('F16 and BF16 widen exactly to float32', () => {
    // 1.0 = 0x3C00, -2 = 0xC000, 65504 = 0x7BFF (largest half), 2^-24 = 0x0001 (smallest subnormal)
    const h = one('F16', [4], [0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x01, 0x00]);
    assert.equal(h.dtype, 'float32');
    assert.deepEqual(h.toArray(), [1, -2, 65504, 2 ** -24]);
    // bfloat16 is the top half of a float32: 1.0 = 0x3F80, -0.5 = 0xBF00
    assert.deepEqual(one('BF16', [2], [0x80, 0x3f, 0x00, 0xbf]).toArray(), [1, -0.5]);
  });

  test('small integer types widen to int32', () => {
    assert.deepEqual(one('U8', [3], [0, 200, 255]).toArray(), [0, 200, 255]);
    assert.deepEqual(one('I8', [2], [0xff, 0x80]).toArray(), [-1, -128]);
    assert.deepEqual(one('I16', [1], [0x00, 0x80]).toArray(), [-32768]);
    assert.deepEqual(one('U16', [1], [0xff, 0xff]).toArray(), [65535]);
    assert.equal(one('U8', [1], [1]).dtype, 'int32');
  });

  test('I64, U64 and U32 load when every value fits in int32, and fail naming the value when not', () => {
    const i64 = (vals: bigint[]) => {
      const b = new Uint8Array(vals.length * 8);
      vals.forEach((v, i) => new DataView(b.buffer).setBigInt64(i * 8, v, true));
      return [...b];
    };
    assert.deepEqual(one('I64', [3], i64([5n, -7n, 2147483647n])).toArray(), [5, -7, 2147483647]);
    throwsFormat(() => one('I64', [2], i64([1n, 2n ** 40n])), 'tensor "t" data', 'I64 value 1099511627776', 'flat index 1', 'int32');
    throwsFormat(() => one('U32', [1], [0, 0, 0, 0x80]), 'U32 value 2147483648');
    assert.deepEqual(one('U64', [1], [9, 0, 0, 0, 0, 0, 0, 0]).toArray(), [9]);
  });

  test('a BOOL byte other than 0 or 1 is refused', () => {
    assert.deepEqual(one('BOOL', [2], [1, 0]).toArray(), [true, false]);
    throwsFormat(() => one('BOOL', [2], [1, 2]), 'BOOL byte 2', 'flat index 1');
  });
});

describe('safetensors errors name the file and the field', () => {
  const file = 'bad.safetensors';
  const load = (b: Uint8Array) => loadSafetensors(b, { file });
  const ok = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const data8 = [...le32([1, 2])];

  test('shorter than the length field', () => {
    throwsFormat(() => load(new Uint8Array(5)), file, 'header length', '5 bytes');
  });

  test('header length past the end of the file, or past 2^32', () => {
    throwsFormat(() => load(build(ok, data8, 5000)), file, 'header length', '5000 runs past the end');
    const huge = build(ok, data8);
    huge[4] = 1; // sets bit 32 of the length
    throwsFormat(() => load(huge), 'header length', 'runs past the end');
  });

  test('header not UTF-8, not JSON, not an object', () => {
    const notUtf8 = build('{"x":1}');
    notUtf8[10] = 0xff;
    throwsFormat(() => load(notUtf8), file, 'header', 'UTF-8');
    throwsFormat(() => load(build('{"w": {')), file, 'header', 'not valid JSON');
    throwsFormat(() => load(build('[1, 2]')), file, 'header', 'JSON object', 'an array');
    throwsFormat(() => load(build('null')), 'header', 'null');
  });

  test('duplicate keys, at the top or inside an entry', () => {
    const text = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    throwsFormat(() => load(build(text, data8)), file, 'header', 'key "w" appears more than once');
    const inner = '{"w":{"dtype":"F32","shape":[2],"dtype":"F32","data_offsets":[0,8]}}';
    throwsFormat(() => load(build(inner, data8)), 'key "w"."dtype" appears more than once');
    const escaped = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"\\u0077":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    throwsFormat(() => load(build(escaped, data8)), 'key "w" appears more than once');
  });

  test('unknown or unsupported dtype lists the supported ones', () => {
    throwsFormat(() => load(build({ w: { dtype: 'Q7', shape: [2], data_offsets: [0, 8] } }, data8)), file, 'tensor "w" dtype', "'Q7' is unknown", 'supported: F64, F32, F16, BF16');
    throwsFormat(() => load(build({ w: { dtype: 'F8_E4M3', shape: [8], data_offsets: [0, 8] } }, data8)), "'F8_E4M3' is not supported");
    throwsFormat(() => load(build({ w: { dtype: 32, shape: [2], data_offsets: [0, 8] } }, data8)), 'tensor "w" dtype', 'must be a string');
  });

  test('shape × dtype size must equal the offsets span', () => {
    throwsFormat(() => load(build({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data8)), file, 'tensor "w" data_offsets', 'spans 8 bytes', 'shape [3] of F32 needs 12');
    throwsFormat(() => load(build({ w: { dtype: 'F64', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, data8)), 'needs more than 9007199254740991');
    throwsFormat(() => load(build({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }, data8)), 'tensor "w" shape', 'non-negative integers');
    throwsFormat(() => load(build({ w: { dtype: 'F32', shape: 2, data_offsets: [0, 8] } }, data8)), 'tensor "w" shape');
  });

  test('offsets malformed, out of range, overlapping, with holes or trailing bytes', () => {
    throwsFormat(() => load(build({ w: { dtype: 'F32', shape: [2], data_offsets: [0] } }, data8)), 'tensor "w" data_offsets', '[begin, end]');
    throwsFormat(() => load(build({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, data8)), 'begin 8 is after end 0');
    throwsFormat(() => load(build({ w: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, data8)), file, 'tensor "w" data_offsets', 'out of range', '8 bytes');
    const two = (a: number[], b: number[]) => build({ a: { dtype: 'F32', shape: [1], data_offsets: a }, b: { dtype: 'F32', shape: [1], data_offsets: b } }, data8);
    throwsFormat(() => load(two([0, 4], [0, 4])), 'data_offsets', 'overlaps tensor');
    throwsFormat(() => load(two([4, 8], [4, 8])), 'leaves a hole: bytes 0..4');
    throwsFormat(() => load(build({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, data8)), file, 'data buffer', 'bytes 4..8 after the last tensor');
    assert.deepEqual(load(two([4, 8], [0, 4])).tensors.a.toArray(), [2]); // any order is fine when the ranges tile
  });

  test('an entry that is not an object, and non-string metadata', () => {
    throwsFormat(() => load(build({ w: [1, 2] })), 'tensor "w"', 'must be an object', 'an array');
    throwsFormat(() => load(build({ __metadata__: { epoch: 3 } })), file, '__metadata__."epoch"', 'must be a string', 'number');
    throwsFormat(() => load(build({ __metadata__: 'x' })), '__metadata__', 'must be an object');
  });

  test('saving rejects what the format cannot hold', () => {
    assert.throws(() => saveSafetensors({ __metadata__: tensor([1]) }), ValueError);
    assert.throws(() => saveSafetensors({ x: [1, 2] as unknown as Tensor }), /"x" is not a Tensor/);
    assert.throws(() => saveSafetensors({}, { epoch: 3 as unknown as string }), /metadata value for key "epoch" must be a string/);
  });
});
