// Regenerates test/onnx/data/onnx-node-tests.tar.br: the ONNX node tests that test/onnx/*.txt name,
// from Debian's libonnx-testdata (installed, a folder given, or the .deb downloaded without installing).
// Usage: npx tsx scripts/pack-onnx-testdata.ts [path/to/data/node]   (the download needs apt-get, dpkg)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { packTar, type TarEntry } from '../test/onnx/tar.ts';
import { ARCHIVE, LISTS, listFile, readArchive, readList } from '../test/onnx/testdata.ts';

const INSTALLED = '/usr/share/libonnx-testdata/data/node';
const PACKAGE = 'libonnx-testdata'; // 1.12.0-2 in Debian 12: ONNX 1.12, opset 17

function sourceDir(): { dir: string; cleanup: () => void } {
  const arg = process.argv[2];
  if (arg) return { dir: arg, cleanup: () => {} };
  if (existsSync(INSTALLED)) return { dir: INSTALLED, cleanup: () => {} };
  const tmp = mkdtempSync(join(tmpdir(), 'onnx-testdata-'));
  console.error(`${INSTALLED} is missing: downloading ${PACKAGE} into ${tmp} (not installing it)`);
  execFileSync('apt-get', ['download', PACKAGE], { cwd: tmp, stdio: 'inherit' });
  const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'))!;
  execFileSync('dpkg', ['-x', join(tmp, deb), join(tmp, 'root')], { stdio: 'inherit' });
  return { dir: join(tmp, 'root', INSTALLED), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Every file under `dir`, sorted, as paths relative to `root`. */
function filesUnder(root: string, dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(root, p) : [relative(root, p)];
  });
}

const { dir, cleanup } = sourceDir();
try {
  const listed = new Set(LISTS.flatMap((l) => readList(listFile(l))));
  // suite.ts names an `_expanded` test's operator from its plain twin's model, so the twin comes too.
  for (const name of [...listed]) if (name.endsWith('_expanded')) listed.add(name.slice(0, -'_expanded'.length));
  const tests = [...listed].sort();
  const missing = tests.filter((t) => !existsSync(join(dir, t, 'model.onnx')));
  if (missing.length) throw new Error(`${dir} lacks ${missing.length} listed tests: ${missing.slice(0, 5).join(', ')}…`);
  const entries: TarEntry[] = tests.flatMap((t) => filesUnder(dir, join(dir, t)).map((name) => ({ name, data: readFileSync(join(dir, name)) })));
  const tar = packTar(entries);
  const packed = brotliCompressSync(tar, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length } });
  writeFileSync(ARCHIVE, packed);
  if (readArchive().length !== entries.length) throw new Error(`${ARCHIVE} does not read back`);
  console.log(`${ARCHIVE}: ${tests.length} tests, ${entries.length} files, ${(tar.length / 1e6).toFixed(1)} MB of tar in ${(packed.length / 1e6).toFixed(2)} MB`);
} finally {
  cleanup();
}
