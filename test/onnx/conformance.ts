// `npm run conformance [-- --recurrent | --extra] [-- -v] [test-name-filter …]`: runs the ONNX node
// tests a list names (the shared core or recurrent list, or the repo's extra one), prints a table
// per operator, and ends with `N passed, M failed, K skipped`.
// Exits non-zero on an unexpected failure, or on an expected failure that now passes.

import { DATA_DIR, expectedFailures, listPath, readList, runTest, type TestResult } from './suite.ts';

const args = process.argv.slice(2);
const verbose = args.includes('-v') || args.includes('--verbose');
const list = args.includes('--recurrent') ? 'onnx-recurrent.txt' : args.includes('--extra') ? 'onnx-extra.txt' : 'onnx-engine-core.txt';
const filters = args.filter((a) => !a.startsWith('-'));

const expected = expectedFailures();
const names = readList(listPath(list)).filter((n) => !filters.length || filters.some((f) => n.includes(f)));
const results: TestResult[] = names.map(runTest);

interface Row { passed: number; failed: number; expected: number; skipped: number }
const rows = new Map<string, Row>();
const unexpected: TestResult[] = [];
const stale: TestResult[] = [];
for (const r of results) {
  const row = rows.get(r.op) ?? { passed: 0, failed: 0, expected: 0, skipped: 0 };
  rows.set(r.op, row);
  if (r.status === 'skipped') row.skipped++;
  else if (r.status === 'passed') {
    row.passed++;
    if (expected.has(r.name)) stale.push(r);
  } else {
    row.failed++;
    if (expected.has(r.name)) row.expected++;
    else unexpected.push(r);
  }
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const width = Math.max(8, ...[...rows.keys()].map((k) => k.length)) + 2;
console.log(`ONNX node tests from ${listPath(list)} (data: ${DATA_DIR})\n`);
console.log(`${pad('op', width)}${pad('passed', 8)}${pad('failed', 8)}${pad('(expected)', 12)}skipped`);
for (const [op, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${pad(op, width)}${pad(r.passed, 8)}${pad(r.failed, 8)}${pad(r.expected || '', 12)}${r.skipped || ''}`);
}

const show = (title: string, rs: TestResult[], note: (r: TestResult) => string) => {
  if (!rs.length) return;
  console.log(`\n${title}:`);
  for (const r of rs) console.log(`  ${r.name}: ${note(r)}`);
};
show('Unexpected failures', unexpected, (r) => r.message ?? '');
show('Expected failures that now pass (remove them from test/onnx/expected-failures.txt)', stale, () => 'passed');
if (verbose) {
  show('Expected failures', results.filter((r) => r.status === 'failed' && expected.has(r.name)), (r) => `${expected.get(r.name)} — ${r.message}`);
  show('Skipped', results.filter((r) => r.status === 'skipped'), (r) => r.message ?? '');
}

const count = (s: TestResult['status']) => results.filter((r) => r.status === s).length;
const xfail = results.filter((r) => r.status === 'failed' && expected.has(r.name)).length;
if (xfail) console.log(`\n${xfail} of the failures are expected (test/onnx/expected-failures.txt).`);
console.log(`\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
process.exit(unexpected.length || stale.length ? 1 : 0);
