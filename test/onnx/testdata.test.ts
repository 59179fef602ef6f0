// The ONNX test data that comes with the repository: the tar reader/writer, the archive holding exactly
// the listed tests with its licence beside it, the unpacked cache, and the repo's lists and data kept
// in step with ../shared/conformance and Debian's libonnx-testdata on machines that have them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packTar, unpackTar } from './tar.ts';
import { ARCHIVE, LISTS, SHARED_LISTS, listFile, onnxTestDataDir, readArchive, readList } from './testdata.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const filesUnder = (root: string, dir = root): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(root, join(dir, n)) : [relative(root, join(dir, n))]));

test('tar: files round-trip with their bytes, in 512-byte ustar blocks', () => {
  const entries = [{ name: 'a/model.onnx', data: bytes('x'.repeat(700)) }, { name: 'a/b/empty.pb', data: new Uint8Array(0) }, { name: 'c', data: bytes('hi') }];
  const tar = packTar(entries);
  // header + 2 data blocks, header, header + 1 data block, two end blocks
  assert.equal(tar.length, 512 * 8);
  assert.equal(new TextDecoder().decode(tar.subarray(257, 262)), 'ustar');
  assert.equal(new TextDecoder().decode(tar.subarray(124, 135)), (700).toString(8).padStart(11, '0'));
  assert.deepEqual(unpackTar(tar), entries);
});

test('tar: a corrupt header, a cut archive, an unsafe or too long name are errors naming the archive', () => {
  const tar = packTar([{ name: 'a.pb', data: bytes('abc') }]);
  const bad = tar.slice();
  bad[0] = 0x62; // 'a' → 'b' without fixing the checksum
  assert.throws(() => unpackTar(bad, 'x.tar'), /x\.tar: bad header checksum at byte 0/);
  assert.throws(() => unpackTar(tar.subarray(0, 512 + 2), 'cut.tar'), /cut\.tar: 'a\.pb' needs 3 bytes/);
  assert.throws(() => unpackTar(tar.subarray(0, 1024), 'end.tar'), /end\.tar: truncated/);
  assert.throws(() => packTar([{ name: '../up.pb', data: bytes('') }]), /unsafe entry name '\.\.\/up\.pb'/);
  assert.throws(() => packTar([{ name: 'x'.repeat(101), data: bytes('') }]), /101 bytes; ustar names hold 100/);
});

const listed = LISTS.flatMap((l) => readList(listFile(l)));
const entries = readArchive();

test('the archive holds exactly the listed tests (681), each with a model and expected outputs', () => {
  assert.deepEqual(LISTS.map((l) => readList(listFile(l)).length), [644, 9, 28]);
  const tests = new Set(entries.map((e) => e.name.split('/')[0]));
  // Every `_expanded` test's plain twin is listed too, so the archive needs nothing beyond the lists.
  assert.deepEqual([...tests].sort(), [...new Set(listed)].sort());
  for (const t of tests) {
    const names = entries.filter((e) => e.name.startsWith(`${t}/`)).map((e) => e.name.slice(t.length + 1));
    assert.ok(names.includes('model.onnx'), `${t} has no model.onnx`);
    // Inputs may be absent (test_constant has none); outputs never are.
    assert.ok(names.some((n) => /^test_data_set_\d+\/output_\d+\.pb$/.test(n)), `${t} has no output_K.pb: ${names}`);
  }
  assert.ok(statSync(ARCHIVE).size < 2e6, `the archive is ${statSync(ARCHIVE).size} bytes; it was 1.18 MB`);
});

test('the upstream licence notice (MIT/Expat) sits beside the archive', () => {
  const notice = readFileSync(join(dirname(ARCHIVE), 'LICENSE'), 'utf8');
  for (const part of ['libonnx-testdata', 'ONNX Project Contributors', 'License: Expat', 'Permission is hereby granted']) assert.ok(notice.includes(part), part);
});

test('the unpacked folder has every archived file with the same bytes, and is reused', () => {
  const dir = onnxTestDataDir();
  assert.equal(onnxTestDataDir(), dir);
  assert.equal(filesUnder(dir).length, entries.length);
  for (const e of entries) assert.deepEqual(new Uint8Array(readFileSync(join(dir, e.name))), e.data, e.name);
});

const shared = [new URL('../../../shared/conformance/', import.meta.url), new URL('../../shared/conformance/', import.meta.url)].map((u) => fileURLToPath(u)).find(existsSync);
test('the repo\'s lists equal ../shared/conformance\'s', { skip: !shared && 'no ../shared/conformance beside this checkout: the repo\'s lists are the only copy' }, () => {
  for (const l of SHARED_LISTS) assert.equal(readFileSync(listFile(l), 'utf8'), readFileSync(join(shared!, l), 'utf8'), `test/onnx/${l} differs from ${shared}${l}: copy it over and run scripts/pack-onnx-testdata.ts`);
});

const INSTALLED = '/usr/share/libonnx-testdata/data/node';
test('the archive equals the installed libonnx-testdata file for file', { skip: !existsSync(INSTALLED) && 'libonnx-testdata is not installed (apt-get install -y libonnx-testdata); the archive is the only copy' }, () => {
  for (const e of entries) assert.deepEqual(new Uint8Array(readFileSync(join(INSTALLED, e.name))), e.data, e.name);
  const tests = new Set(entries.map((e) => e.name.split('/')[0]));
  for (const t of tests) assert.equal(filesUnder(join(INSTALLED, t)).length, entries.filter((e) => e.name.startsWith(`${t}/`)).length, t);
});
