// safetensors: tensors by name in one flat file, bytes in and out (no file system, so it runs in a
// browser too). The loader treats every file as hostile: each number in the header is checked
// against the file before anything is allocated, and every problem is a FormatError naming the file
// and the field.
//
// The format, as published in the huggingface/safetensors README ("Format") and its reference
// implementation (safetensors/src/tensor.rs):
//   8 bytes   N, the header length, an unsigned 64-bit little-endian integer
//   N bytes   a UTF-8 JSON object: { "<name>": { "dtype": "F32", "shape": [2, 3],
//             "data_offsets": [begin, end] }, …, "__metadata__": { "<key>": "<string>" } }
//             (the writer pads it with spaces to a multiple of 8 so the data stays aligned)
//   the rest  the byte buffer: each tensor row-major, little-endian, at [begin, end) relative to
//             the buffer's start; the ranges tile the buffer exactly (no gaps, no overlaps, no
//             trailing bytes). Duplicate keys are not allowed; 0-dim and empty tensors are.
// The reference writer orders tensors by descending element size, then by name, and caps the
// header at 100 MB; both are followed here.

import { Tensor } from '../tensor/tensor.ts';
import { FormatError, ValueError, fmtShape } from '../errors.ts';
import { findDuplicateKey, jsonNestingProblem } from './json-keys.ts';
import { ST_DTYPES, UNSUPPORTED_DTYPES, SAVE_DTYPE, decodeElements, encodeElements } from './safetensors-dtypes.ts';
import { checkOptions } from '../options.ts';

export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

export interface LoadOptions {
  /** Names the file in error messages (a path, a URL). */
  file?: string;
}

const MAX_HEADER = 100_000_000;
// The format nests three deep (header → entry → shape); some slack keeps error messages specific.
const MAX_DEPTH = 16;
const METADATA = '__metadata__';
const q = JSON.stringify;

/** Serializes tensors (any dtype, any view) and optional string metadata to safetensors bytes. */
export function saveSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`saveSafetensors: metadata value for key ${q(k)} must be a string, got ${typeof v}`);
    }
  }
  for (const [name, t] of Object.entries(tensors)) {
    if (name === METADATA) throw new ValueError(`saveSafetensors: the name '${METADATA}' is reserved for metadata`);
    if (!(t instanceof Tensor)) throw new ValueError(`saveSafetensors: value for ${q(name)} is not a Tensor`);
  }
  const size = (t: Tensor) => ST_DTYPES[SAVE_DTYPE[t.dtype]].size;
  const entries = Object.entries(tensors).sort(([a, x], [b, y]) => size(y) - size(x) || (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`${q(METADATA)}:${q(metadata)}`);
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const blob = encodeElements(t.toTypedArray(), t.dtype);
    // Built as text, not through an object: JS would move integer-like names ("0") to the front.
    parts.push(`${q(name)}:{"dtype":${q(SAVE_DTYPE[t.dtype])},"shape":${q(t.shape)},"data_offsets":[${offset},${offset + blob.length}]}`);
    blobs.push(blob);
    offset += blob.length;
  }
  let header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  if (padded !== header.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(header);
    header = withSpaces;
  }
  const out = new Uint8Array(8 + header.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  let at = 8 + header.length;
  for (const blob of blobs) {
    out.set(blob, at);
    at += blob.length;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses safetensors bytes into tensors (fresh storage, row-major) and the string metadata. */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer, opts: LoadOptions = {}): SafetensorsContents {
  checkOptions('loadSafetensors', opts, ['file']);
  const { file = 'safetensors bytes' } = opts;
  const buf = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(buf instanceof Uint8Array)) throw new ValueError(`loadSafetensors: expected a Uint8Array or ArrayBuffer for ${file}, got ${kind(bytes)}`);
  const fail = (field: string, msg: string) => new FormatError(`${file}: ${field}: ${msg}`);
  if (buf.length < 8) throw fail('header length', `the file has ${buf.length} bytes, fewer than the 8 that hold the header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > buf.length - 8) throw fail('header length', `${n} runs past the end of the file (${buf.length - 8} bytes follow the length field)`);
  if (n > MAX_HEADER) throw fail('header length', `${n} bytes is more than the ${MAX_HEADER}-byte limit`);
  const dataStart = 8 + n;
  const dataLength = buf.length - dataStart;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, dataStart));
  } catch {
    throw fail('header', 'is not valid UTF-8');
  }
  // A tensor entry (`"a":{"dtype":"F32","shape":[],"data_offsets":[0,0]}`) spends at least 17 bytes per container.
  const nesting = jsonNestingProblem(text, MAX_DEPTH, 16);
  if (nesting) throw fail('header', nesting);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw fail('header', `is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(header)) throw fail('header', `must be a JSON object, got ${kind(header)}`);
  const dup = findDuplicateKey(text);
  if (dup) throw fail('header', `key ${dup.map((k) => q(k)).join('.')} appears more than once`);

  const metadata = readMetadata(header[METADATA], fail);
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name !== METADATA) entries.push(readEntry(name, info, dataLength, fail));
  }
  checkTiling(entries, dataLength, fail);

  const tensors: Array<[string, Tensor]> = [];
  for (const e of entries) {
    const st = ST_DTYPES[e.dtype];
    const count = e.shape.reduce((a, b) => a * b, 1);
    const values = decodeElements(st, e.dtype, buf.subarray(dataStart + e.begin, dataStart + e.end), count);
    if (typeof values === 'string') throw fail(`tensor ${q(e.name)} data`, values);
    tensors.push([e.name, new Tensor(values, e.shape)]);
  }
  // fromEntries, not assignment: a tensor named "__proto__" must stay a plain key.
  return { tensors: Object.fromEntries(tensors), metadata };
}

type Fail = (field: string, msg: string) => FormatError;

function readMetadata(raw: unknown, fail: Fail): Record<string, string> {
  if (raw === undefined || raw === null) return {}; // serde reads null as "no metadata" too
  if (!isObject(raw)) throw fail(METADATA, `must be an object of strings, got ${kind(raw)}`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw fail(`${METADATA}.${q(k)}`, `must be a string, got ${kind(v)}`);
  }
  return Object.fromEntries(Object.entries(raw as Record<string, string>));
}

function readEntry(name: string, info: unknown, dataLength: number, fail: Fail): Entry {
  const field = (f: string) => `tensor ${q(name)}${f ? ` ${f}` : ''}`;
  if (!isObject(info)) throw fail(field(''), `must be an object with dtype, shape and data_offsets, got ${kind(info)}`);
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== 'string') throw fail(field('dtype'), `must be a string, got ${kind(dtype)}`);
  if (!(dtype in ST_DTYPES)) {
    const known = UNSUPPORTED_DTYPES.includes(dtype) ? 'is not supported' : 'is unknown';
    throw fail(field('dtype'), `'${dtype}' ${known} (supported: ${Object.keys(ST_DTYPES).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw fail(field('shape'), `must be a list of non-negative integers, got ${q(shape) ?? kind(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw fail(field('data_offsets'), `must be [begin, end], two non-negative integers, got ${q(offsets) ?? kind(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end) throw fail(field('data_offsets'), `begin ${begin} is after end ${end}`);
  if (end > dataLength) throw fail(field('data_offsets'), `[${begin}, ${end}] is out of range: the data buffer has ${dataLength} bytes`);
  // Stop multiplying once past 2^53 so the count stays exact or is known to be too big.
  let need = (shape as number[]).includes(0) ? 0 : ST_DTYPES[dtype].size;
  for (const d of shape as number[]) if (need <= Number.MAX_SAFE_INTEGER) need *= d;
  if (need !== end - begin) {
    const needs = Number.isSafeInteger(need) ? `${need}` : `more than ${Number.MAX_SAFE_INTEGER}`;
    throw fail(field('data_offsets'), `[${begin}, ${end}] spans ${end - begin} bytes but shape ${fmtShape(shape as number[])} of ${dtype} needs ${needs}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The tensors' byte ranges must cover the data buffer exactly, in some order. */
function checkTiling(entries: Entry[], dataLength: number, fail: Fail): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let last: Entry | null = null;
  for (const e of sorted) {
    const field = `tensor ${q(e.name)} data_offsets`;
    if (e.begin < covered) throw fail(field, `[${e.begin}, ${e.end}] overlaps tensor ${q(last!.name)} at [${last!.begin}, ${last!.end}]`);
    if (e.begin > covered) throw fail(field, `[${e.begin}, ${e.end}] leaves a hole: bytes ${covered}..${e.begin} of the data buffer belong to no tensor`);
    covered = e.end;
    last = e;
  }
  if (covered !== dataLength) throw fail('data buffer', `bytes ${covered}..${dataLength} after the last tensor belong to no tensor`);
}
