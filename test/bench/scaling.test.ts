// bench/scaling.ts: one round on the MLP yields a positive, finite one-thread time and both
// two-thread ratios in its JSON; bad arguments are refused by name. No timing assertions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../bench/scaling.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });

test('bench:scaling: one MLP round reports the one-thread time and the per-op and data-parallel ratios', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'scaling-')), 'scaling.json');
  const r = run('--rounds', '1', '--only', 'mlp', '--json', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /mlp-train +one thread [\d.]+ ms\/step · \d+ threads ÷ 1: per-op [\d.]+×/);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(Object.keys(json.report), ['mlp']);
  for (const key of ['oneThreadMs', 'perOp', 'dataParallel']) {
    const xs: number[] = json.report.mlp[key];
    assert.equal(xs.length, 1, key);
    assert.ok(xs.every((x) => Number.isFinite(x) && x > 0), `${key}: ${xs}`);
  }
});

test('bench:scaling: unknown arguments and workloads are refused by name', () => {
  const a = run('--fast');
  assert.equal(a.status, 1);
  assert.match(a.stderr, /unknown argument '--fast'/);
  const b = run('--only', 'rnn');
  assert.equal(b.status, 1);
  assert.match(b.stderr, /--only: 'rnn' is not one of mlp, cnn, lstm, gpt/);
});
