// Resource caps of the loaders: gunzip stops at maxBytes (a small file may inflate to gigabytes),
// safetensors and checkpoint JSON is scanned for nesting before JSON.parse, IDX dims are checked
// against the file before anything is allocated. Each refusal is a FormatError naming the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { data, io, nn, FormatError, ValueError } from '../../engine/index.ts';

const formatError = (...parts: (string | RegExp)[]) => (e: unknown) =>
  e instanceof FormatError && parts.every((p) => (typeof p === 'string' ? e.message.includes(p) : p.test(e.message)));

test('gunzip: a 320 KB file of gzip members inflating to 300 MiB stops at the default 256 MiB cap', async () => {
  const member = gzipSync(new Uint8Array(2 ** 20)); // 1 MiB of zeros in about 1 KB
  const bomb = new Uint8Array(member.length * 300);
  for (let i = 0; i < 300; i++) bomb.set(member, i * member.length);
  assert.ok(bomb.length < 400_000);
  assert.equal(data.GUNZIP_MAX_BYTES, 256 * 2 ** 20);
  await assert.rejects(data.gunzip(bomb, 'bomb.gz'), formatError('bomb.gz', `more than ${256 * 2 ** 20} bytes`, 'maxBytes'));
});

test('gunzip: maxBytes is the exact limit, and an unknown option is a ValueError', async () => {
  const four = gzipSync(Uint8Array.from([1, 2, 3, 4]));
  assert.deepEqual([...(await data.gunzip(four, 'four.gz', { maxBytes: 4 }))], [1, 2, 3, 4]);
  await assert.rejects(data.gunzip(four, 'four.gz', { maxBytes: 3 }), formatError('four.gz', 'more than 3 bytes'));
  await assert.rejects(data.gunzip(four, 'four.gz', { maxbytes: 3 } as never), (e: unknown) => e instanceof ValueError && /unknown option 'maxbytes'/.test((e as Error).message));
});

/** A safetensors file whose header is exactly `text`. */
function withHeader(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(body.length), true);
  out.set(body, 8);
  return out;
}

test('safetensors: a header of 4 MB of nested brackets is refused before JSON.parse, quickly', () => {
  const depth = 2 * 2 ** 20;
  const start = performance.now();
  assert.throws(() => io.loadSafetensors(withHeader('['.repeat(depth) + ']'.repeat(depth)), { file: 'deep.safetensors' }), formatError('deep.safetensors', 'header', 'more than 16 deep'));
  // JSON.parse of the same text takes seconds and hundreds of MB; the scan takes milliseconds.
  assert.ok(performance.now() - start < 1000, `${performance.now() - start} ms`);
});

test('safetensors: a header of millions of empty objects is refused before JSON.parse', () => {
  const text = `{"__metadata__":{"a":[${'{},'.repeat(2 ** 20)}{}]}}`;
  assert.throws(() => io.loadSafetensors(withHeader(text), { file: 'many.safetensors' }), formatError('many.safetensors', 'objects and arrays for its'));
  // The same nesting in small amounts still reaches the field checks, which name the field.
  assert.throws(() => io.loadSafetensors(withHeader('{"__metadata__":{"a":[{}]}}'), { file: 'm.safetensors' }), formatError('__metadata__."a"', 'must be a string'));
});

test('checkpoint: deeply nested metadata JSON is a FormatError naming the field', () => {
  const model = new nn.Linear(2, 2);
  const good = io.saveCheckpoint({ model, epoch: 1 });
  const n = Number(new DataView(good.buffer, good.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(good.subarray(8, 8 + n)));
  header.__metadata__.metrics = '['.repeat(100_000);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const bad = new Uint8Array(8 + text.length + good.length - 8 - n);
  new DataView(bad.buffer).setBigUint64(0, BigInt(text.length), true);
  bad.set(text, 8);
  bad.set(good.subarray(8 + n), 8 + text.length);
  assert.throws(() => io.readCheckpoint(bad, { file: 'deep.ckpt' }), formatError('deep.ckpt', '__metadata__.metrics', 'more than 64 deep'));
});

test('IDX: dims claiming 2^64 bytes are checked against the file before allocating', () => {
  const file = new Uint8Array(16);
  file.set([0, 0, 0x0e, 3]); // float64, 3 dims
  new DataView(file.buffer).setUint32(4, 2 ** 32 - 1);
  new DataView(file.buffer).setUint32(8, 2 ** 32 - 1);
  new DataView(file.buffer).setUint32(12, 0);
  assert.deepEqual(data.parseIdx(file, 'empty.idx').shape, [2 ** 32 - 1, 2 ** 32 - 1, 0]);
  new DataView(file.buffer).setUint32(12, 2);
  assert.throws(() => data.parseIdx(file, 'huge.idx'), formatError('huge.idx', 'truncated', '[4294967295, 4294967295, 2]', 'found 16'));
});
