// The ONNX conformance suite under `npm test`: one test per operator, failing on an unexpected
// failure or on an expected failure that now passes; and the whole list must pass at 95% or more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedFailures, listPath, readList, runTest, type TestResult } from './suite.ts';

// The data and the lists come with the repository (suite.ts unpacks the data on first use).
const names = readList(listPath('onnx-engine-core.txt'));
const expected = expectedFailures();

{
  const results = names.map(runTest);
  const byOp = new Map<string, TestResult[]>();
  for (const r of results) byOp.set(r.op, [...(byOp.get(r.op) ?? []), r]);

  for (const [op, rs] of [...byOp].sort(([a], [b]) => a.localeCompare(b))) {
    test(`ONNX ${op} (${rs.length} tests)`, () => {
      const unexpected = rs.filter((r) => r.status === 'failed' && !expected.has(r.name)).map((r) => `${r.name}: ${r.message}`);
      const stale = rs.filter((r) => r.status === 'passed' && expected.has(r.name)).map((r) => `${r.name} passes; remove it from expected-failures.txt`);
      const skipped = rs.filter((r) => r.status === 'skipped').map((r) => `${r.name}: ${r.message}`);
      assert.deepEqual([...unexpected, ...stale, ...skipped], []);
    });
  }

  test('at least 95% of the 644 core tests pass', () => {
    assert.equal(names.length, 644);
    const passed = results.filter((r) => r.status === 'passed').length;
    assert.ok(passed >= 0.95 * names.length, `${passed} of ${names.length} passed`);
  });
}

test('every expected failure names a listed test and gives a reason', () => {
  const listed = new Set(names);
  for (const [name, reason] of expected) {
    assert.ok(listed.has(name), `${name} is not in onnx-engine-core.txt`);
    assert.ok(reason.length > 20, `${name} needs a concrete reason`);
  }
});

// The recurrent list (RNN, GRU, LSTM): every test must pass; it has no expected failures.
const recurrentNames = readList(listPath('onnx-recurrent.txt'));
{
  const results = recurrentNames.map(runTest);
  for (const op of [...new Set(results.map((r) => r.op))].sort()) {
    const rs = results.filter((r) => r.op === op);
    test(`ONNX recurrent ${op} (${rs.length} tests): all pass`, () => {
      assert.deepEqual(rs.filter((r) => r.status !== 'passed').map((r) => `${r.name} ${r.status}: ${r.message}`), []);
    });
  }
  test('the recurrent list names 9 tests and none is an expected failure', () => {
    assert.equal(recurrentNames.length, 9);
    assert.deepEqual(recurrentNames.filter((n) => expected.has(n)), []);
  });
}

// The repo's extra list (ops added after the shared lists were written): every test must pass.
const extraNames = readList(listPath('onnx-extra.txt'));
{
  const results = extraNames.map(runTest);
  for (const op of [...new Set(results.map((r) => r.op))].sort()) {
    const rs = results.filter((r) => r.op === op);
    test(`ONNX extra ${op} (${rs.length} tests): all pass`, () => {
      assert.deepEqual(rs.filter((r) => r.status !== 'passed').map((r) => `${r.name} ${r.status}: ${r.message}`), []);
    });
  }
  test('the extra list names 28 tests, none in the shared lists and none an expected failure', () => {
    assert.equal(extraNames.length, 28);
    const shared = new Set([...names, ...recurrentNames]);
    assert.deepEqual(extraNames.filter((n) => shared.has(n) || expected.has(n)), []);
  });
}
