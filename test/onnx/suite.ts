// The ONNX node-test suite as data: where the test folders are, which tests a list names, how one
// test runs (load model.onnx, feed input_K.pb, compare with output_K.pb), and the known failures.
// Shared by the `npm run conformance` CLI and the node:test file.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Tensor, loadOnnxModel, decodeModel, readValue, dataTypeName, DataType, type OnnxValue } from '../../engine/index.ts';
import { listFile, onnxTestDataDir, readList, type ListName } from './testdata.ts';

/** The unpacked test folders (the repository's archive, see testdata.ts). */
export const DATA_DIR = onnxTestDataDir();

/** ONNX's backend test runner compares node outputs with numpy's assert_allclose(rtol=1e-3, atol=1e-7). */
export const RTOL = 1e-3;
export const ATOL = 1e-7;

export type Status = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  name: string;
  /** The operator the test exercises ("Softmax", or "Softmax (expanded)" for the multi-node form). */
  op: string;
  status: Status;
  /** Why it failed or was skipped. */
  message?: string;
}

/** The repository's copy of a conformance list (test/onnx/<list>). */
export const listPath = (list: ListName): string => listFile(list);
export { readList };

/** test/onnx/expected-failures.txt: `test_name  reason` per line. */
export function expectedFailures(): Map<string, string> {
  const file = fileURLToPath(new URL('./expected-failures.txt', import.meta.url));
  if (!existsSync(file)) return new Map();
  return new Map(readList(file).map((l) => {
    const [name, ...reason] = l.split(/\s+/);
    return [name, reason.join(' ')];
  }));
}

/** The operator a test covers: the op of its one node, or of the test it expands. */
function operatorOf(name: string): string {
  const opsOf = (test: string): string[] => {
    try {
      return (decodeModel(readFileSync(join(DATA_DIR, test, 'model.onnx')), test).graph?.node ?? []).map((n) => n.opType ?? '?');
    } catch {
      return [];
    }
  };
  if (name.endsWith('_expanded')) return `${opsOf(name.slice(0, -'_expanded'.length))[0] ?? name} (expanded)`;
  const ops = opsOf(name);
  return ops.length === 1 ? ops[0] : ops.join('+') || '?';
}

/** Numbered files `prefix_K.pb` of a test data set, in order. */
function numbered(dir: string, prefix: string): string[] {
  const re = new RegExp(`^${prefix}_(\\d+)\\.pb$`);
  return readdirSync(dir)
    .map((f) => re.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => +a[1] - +b[1])
    .map((m) => join(dir, m[0]));
}

const isFloatType = (t: number): boolean => t === DataType.FLOAT || t === DataType.DOUBLE || t === DataType.FLOAT16 || t === DataType.BFLOAT16;

/** Compares one output; returns why it differs, or null when it matches. */
export function compareValues(expected: OnnxValue, actual: OnnxValue, dataType: number | undefined, what: string): string | null {
  if (expected === null || actual === null) return expected === actual ? null : `${what}: expected ${expected === null ? 'an empty optional' : 'a value'}, got ${actual === null ? 'none' : 'a value'}`;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `${what}: expected a ${Array.isArray(expected) ? 'sequence' : 'tensor'}`;
    if (expected.length !== actual.length) return `${what}: expected a sequence of ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const diff = compareValues(expected[i], actual[i], dataType, `${what}[${i}]`);
      if (diff) return diff;
    }
    return null;
  }
  return compareTensors(expected, actual, dataType, what);
}

function compareTensors(expected: Tensor, actual: Tensor, dataType: number | undefined, what: string): string | null {
  if (expected.shape.join() !== actual.shape.join()) return `${what}: shape [${actual.shape}] , expected [${expected.shape}]`;
  const t = dataType ?? DataType.FLOAT;
  const wantKind = isFloatType(t) ? 'float' : t === DataType.BOOL ? 'bool' : 'int';
  const gotKind = actual.dtype.startsWith('float') ? 'float' : actual.dtype === 'bool' ? 'bool' : 'int';
  if (wantKind !== gotKind) return `${what}: dtype ${actual.dtype}, expected ${dataTypeName(t)}`;
  const [e, a] = [expected.toTypedArray(), actual.toTypedArray()];
  // Equal values (infinities included) pass; NaN matches NaN; floats pass within ONNX's tolerance.
  const differs = (got: number, want: number): boolean => {
    if (got === want || (Number.isNaN(got) && Number.isNaN(want))) return false;
    return wantKind !== 'float' || !(Math.abs(got - want) <= ATOL + RTOL * Math.abs(want));
  };
  const bad = [...e.keys()].filter((i) => differs(a[i], e[i]));
  if (bad.length === 0) return null;
  const worst = bad.reduce((w, i) => (Math.abs(a[i] - e[i]) > Math.abs(a[w] - e[w]) ? i : w), bad[0]);
  return `${what}: ${bad.length} of ${e.length} values differ; worst at flat index ${worst}: got ${a[worst]}, expected ${e[worst]}`;
}

/** Runs one test folder and compares every output. */
export function runTest(name: string): TestResult {
  const dir = join(DATA_DIR, name);
  const modelFile = join(dir, 'model.onnx');
  if (!existsSync(modelFile)) return { name, op: '?', status: 'skipped', message: `no test folder ${dir}` };
  const op = operatorOf(name);
  try {
    const model = loadOnnxModel(readFileSync(modelFile), modelFile);
    const sets = readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort();
    if (sets.length === 0) return { name, op, status: 'skipped', message: 'no test_data_set folders' };
    for (const set of sets) {
      const setDir = join(dir, set);
      const inputs = numbered(setDir, 'input').map((f, i) => readValue(readFileSync(f), model.inputs[i]?.type, f).value);
      const expected = numbered(setDir, 'output').map((f, i) => readValue(readFileSync(f), model.outputs[i]?.type, f));
      if (expected.length === 0) return { name, op, status: 'failed', message: `${set} has no output_K.pb files` };
      const actual = model.runValues(inputs);
      for (let i = 0; i < expected.length; i++) {
        const out = model.outputs[i];
        const diff = compareValues(expected[i].value, actual[out.name], out.type?.tensorType?.elemType ?? expected[i].dataType, `${set}/output ${i} '${out.name}'`);
        if (diff) return { name, op, status: 'failed', message: diff };
      }
    }
    return { name, op, status: 'passed' };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { name, op, status: 'failed', message: message.replaceAll(`${DATA_DIR}/`, '') };
  }
}
