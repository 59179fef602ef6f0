// Runs every *.test.ts under engine/ and test/ with node's test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [path-filter …]

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['engine', 'test', 'course', 'lab', 'cli', 'web'];
const filters = process.argv.slice(2);

function walk(dir) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = roots.flatMap(walk).filter((f) => !filters.length || filters.some((x) => f.includes(x))).sort();
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
