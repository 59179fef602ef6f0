// The ONNX node tests the conformance lists name, shipped in the repository as one brotli-compressed
// tar (test/onnx/data/, from Debian's libonnx-testdata; MIT, see data/LICENSE) and unpacked on first
// use into node_modules/.cache, in a folder named by the archive's hash so a refreshed archive unpacks anew.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { unpackTar } from './tar.ts';

export const ARCHIVE = fileURLToPath(new URL('./data/onnx-node-tests.tar.br', import.meta.url));
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/gradschool/', import.meta.url));

/** The conformance lists kept in step with ../shared/conformance (testdata.test.ts checks they agree). */
export const SHARED_LISTS = ['onnx-engine-core.txt', 'onnx-recurrent.txt'] as const;
/** Every list the archive serves: the shared ones, and the repo's own for ops added since. */
export const LISTS = [...SHARED_LISTS, 'onnx-extra.txt'] as const;
export type ListName = (typeof LISTS)[number];
export const listFile = (list: ListName): string => fileURLToPath(new URL(`./${list}`, import.meta.url));

/** The test names a list file holds: one a line, `#` comments and blank lines skipped. */
export const readList = (file: string): string[] =>
  readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** The archive's files: `<test>/model.onnx`, `<test>/test_data_set_K/{input,output}_K.pb`. */
export function readArchive(file = ARCHIVE): ReturnType<typeof unpackTar> {
  if (!existsSync(file)) throw new Error(`the ONNX test data archive is missing: ${file} (regenerate it with scripts/pack-onnx-testdata.ts)`);
  return unpackTar(new Uint8Array(brotliDecompressSync(readFileSync(file))), file);
}

/** The folder holding one folder per test, unpacking the archive first if this version was never unpacked. */
export function onnxTestDataDir(): string {
  if (!existsSync(ARCHIVE)) throw new Error(`the ONNX test data archive is missing: ${ARCHIVE} (regenerate it with scripts/pack-onnx-testdata.ts)`);
  const hash = createHash('sha256').update(readFileSync(ARCHIVE)).digest('hex').slice(0, 16);
  const dir = join(CACHE, `onnx-node-tests-${hash}`);
  if (existsSync(dir)) return dir;
  // Unpack beside the final folder and rename it into place: test files unpacking in parallel each
  // finish their own copy, and only a complete folder ever carries the final name.
  const tmp = `${dir}.partial-${process.pid}-${Date.now()}`;
  try {
    for (const { name, data } of readArchive()) {
      const path = join(tmp, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, data);
    }
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dir)) throw e; // another process won the rename: its copy is as good
  }
  return dir;
}
