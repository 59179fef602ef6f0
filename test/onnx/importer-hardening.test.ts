// Regression tests for inputs the ONNX fuzzer found: attribute values no op can honour (a pooling
// kernel of 0 once produced -Infinity, one of -2^31 ran for 100 s into 16 GB), ops on inputs of
// the wrong rank, and tensors too big to allocate. Each must fail at once with one of the engine's
// error classes, naming the node, the op, and the attribute or shape.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocationError, FormatError, ValueError, GradschoolError, tensor, randn, zeros, loadOnnxModel, setTensorMemoryLimit, getTensorMemoryLimit, DataType,
} from '../../engine/index.ts';
import { attrInt, attrInts, makeModel, type NodeSpec } from './build.ts';

/** Runs a one-node model (named 'n0' by makeModel) and returns what it threw, with the time taken. */
function failure(node: NodeSpec, feeds: Record<string, ReturnType<typeof tensor>>, types: Record<string, number> = {}): { error: Error; ms: number } {
  const start = performance.now();
  try {
    loadOnnxModel(makeModel(13, [node], Object.keys(feeds), node.outputs, {}, types), 'bad.onnx').run(feeds);
  } catch (error) {
    return { error: error as Error, ms: performance.now() - start };
  }
  return assert.fail(`${node.op} ran without an error`);
}

const expectError = (got: { error: Error; ms: number }, cls: typeof GradschoolError, ...parts: string[]) => {
  assert.ok(got.error instanceof cls, `${got.error.name}: ${got.error.message}`);
  for (const p of parts) assert.ok(got.error.message.includes(p), `'${p}' not in: ${got.error.message}`);
  assert.ok(got.ms < 1000, `took ${got.ms} ms`);
};

test('MaxPool/AveragePool: kernel_shape 0, -1 and [-2147483648, 2] are FormatErrors naming node, op, attribute, value', () => {
  for (const op of ['MaxPool', 'AveragePool']) {
    for (const k of [[0, 2], [-1, 2], [-2147483648, 2], [0], [2, 2, 2]]) {
      const got = failure({ op, inputs: ['x'], outputs: ['y'], attrs: [attrInts('kernel_shape', k)] }, { x: randn([1, 1, 4, 4]) });
      const why = k.length === 2 ? 'must be >= 1' : 'expected 2';
      expectError(got, FormatError, "node 'n0'", `(${op})`, "attribute 'kernel_shape'", `[${k.join(', ')}]`, why);
    }
  }
});

test('window attributes: strides and dilations >= 1, pads >= 0, all within int32, pooling pads inside the window', () => {
  const x = { x: randn([1, 1, 4, 4]) };
  const pool = (attrs: ReturnType<typeof attrInts>[]) => failure({ op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs: [attrInts('kernel_shape', [2, 2]), ...attrs] }, x);
  expectError(pool([attrInts('strides', [0, 1])]), FormatError, "'strides' = [0, 1]", '>= 1');
  expectError(pool([attrInts('dilations', [1, -3])]), FormatError, "'dilations' = [1, -3]", '>= 1');
  expectError(pool([attrInts('pads', [0, 0, -1, 0])]), FormatError, "'pads' = [0, 0, -1, 0]", '>= 0');
  expectError(pool([attrInts('strides', [2 ** 32, 1])]), FormatError, "'strides' = [4294967296, 1]", '<= 2147483647');
  // onnxruntime's rule too: a window of padding only has no maximum.
  expectError(pool([attrInts('pads', [2, 0, 0, 0])]), ValueError, '(MaxPool)', 'pads [2,0,0,0] must each be smaller than the window [2,2]');
  expectError(failure({ op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs: [attrInts('kernel_shape', [2, 2]), attrInt('ceil_mode', 2)] }, x), FormatError, "'ceil_mode' = 2", 'one of 0, 1');
});

test('Conv on a 1-D input, and groups that do not divide the channels, are ValueErrors naming the shapes', () => {
  const conv = (x: ReturnType<typeof randn>, w: ReturnType<typeof randn>, attrs = [attrInt('group', 1)]) =>
    failure({ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs }, { x, w });
  expectError(conv(randn([5]), randn([1, 1, 3])), ValueError, "node 'n0' (Conv)", '[1,1,3]', '[5]');
  expectError(conv(randn([5]), randn([3])), ValueError, '(Conv)', 'input must be (N, C, …spatial)', '[5]');
  expectError(conv(randn([1, 4, 5]), randn([3, 2, 3]), [attrInt('group', 2)]), ValueError, 'group 2 does not fit', 'output channels 3');
  expectError(conv(randn([1, 4, 5]), randn([4, 2, 3]), [attrInt('group', 0)]), FormatError, "'group' = 0", '>= 1');
});

test('Gather on 0-d data is a ValueError naming the node', () => {
  const got = failure({ op: 'Gather', inputs: ['x', 'i'], outputs: ['y'] }, { x: tensor(3), i: tensor([0], { dtype: 'int32' }) }, { i: DataType.INT64 });
  expectError(got, ValueError, "node 'n0' (Gather)", 'at least one dim', '0-d');
});

test('ConstantOfShape [1e7, 1e7] fails at once with an AllocationError (a ValueError) naming the op and shape', () => {
  const got = failure({ op: 'ConstantOfShape', inputs: ['s'], outputs: ['y'] }, { s: tensor([1e7, 1e7], { dtype: 'int32' }) }, { s: DataType.INT64 });
  expectError(got, AllocationError, '(ConstantOfShape)', 'shape [10000000, 10000000]', '100000000000000 elements');
  assert.ok(got.error instanceof ValueError);
});

test('a 1e10-element result of an op names the op and its input shapes', () => {
  const start = performance.now();
  const model = loadOnnxModel(makeModel(13, [{ op: 'Expand', inputs: ['x', 's'], outputs: ['e'] }, { op: 'Neg', inputs: ['e'], outputs: ['y'], name: 'negate' }], ['x', 's'], ['y'], {}, { s: DataType.INT64 }));
  assert.throws(() => model.run({ x: tensor([1]), s: tensor([100000, 100000], { dtype: 'int32' }) }),
    (e: unknown) => e instanceof AllocationError && /node 'negate' \(Neg\): neg: .*\[100000, 100000\].*10000000000 elements/.test((e as Error).message));
  assert.ok(performance.now() - start < 1000);
});

test('tensor creation checks sizes: past 2^31 − 1 elements, and past the memory limit (which can be set)', () => {
  assert.throws(() => zeros([100000, 100000]), (e: unknown) => e instanceof AllocationError && /full: shape \[100000, 100000\] holds 10000000000 elements/.test((e as Error).message));
  assert.throws(() => zeros([2 ** 53, 4]), (e: unknown) => e instanceof AllocationError && /not a valid size/.test((e as Error).message));
  const previous = setTensorMemoryLimit(2 ** 20);
  try {
    assert.equal(getTensorMemoryLimit(), 2 ** 20);
    assert.equal(zeros([256, 1024]).numel(), 2 ** 18); // exactly 1 MiB of float32
    assert.throws(() => zeros([257, 1024]), (e: unknown) => e instanceof AllocationError && /shape \[257, 1024\] holds 263168 elements of float32 \(1052672 bytes \(1\.0 MiB\)\), past the tensor memory limit of 1048576 bytes/.test((e as Error).message));
    assert.throws(() => randn([2 ** 20]).add(1), AllocationError);
  } finally {
    setTensorMemoryLimit(previous);
  }
  assert.throws(() => setTensorMemoryLimit(0), ValueError);
});

test('flags and enumerations: keepdims 2 and auto_pad SAME are FormatErrors naming the value', () => {
  expectError(failure({ op: 'ReduceSum', inputs: ['x'], outputs: ['y'], attrs: [attrInt('keepdims', 2)] }, { x: randn([2, 3]) }), FormatError, "(ReduceSum)", "'keepdims' = 2");
  const s = { name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME') };
  expectError(failure({ op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs: [attrInts('kernel_shape', [2, 2]), s as never] }, { x: randn([1, 1, 4, 4]) }), FormatError, "auto_pad 'SAME' is not one of");
});

test('OneHot with depth 1e9 is refused before it builds the classes (it once allocated 4 GB first)', () => {
  const node = { op: 'OneHot', inputs: ['i', 'depth', 'values'], outputs: ['y'] };
  const got = failure(node, { i: tensor([0, 1, 2], { dtype: 'int32' }), depth: tensor([1e9], { dtype: 'int32' }), values: tensor([0, 1]) }, { i: DataType.INT64, depth: DataType.INT64 });
  expectError(got, AllocationError, '(OneHot)', 'shape [3, 1000000000]');
});

test('Conv checks its output size before the kernels run (pads of 1e7 once computed for seconds into 1.4 GB)', () => {
  const previous = setTensorMemoryLimit(64 * 2 ** 20);
  try {
    const node = { op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: [attrInts('pads', [1e7, 1, 1, 1])] };
    expectError(failure(node, { x: randn([1, 2, 6, 6]), w: randn([3, 2, 3, 3]) }), AllocationError, '(Conv)', 'shape [1, 3, 10000005, 6]');
  } finally {
    setTensorMemoryLimit(previous);
  }
});

test('integer inputs (shapes, axes, steps) holding a fraction are a ValueError naming the input', () => {
  const node = { op: 'Slice', inputs: ['x', 'starts', 'ends', 'axes', 'steps'], outputs: ['y'] };
  const got = failure(node, { x: randn([4]), starts: tensor([0]), ends: tensor([4]), axes: tensor([0]), steps: tensor([1.5]) });
  expectError(got, ValueError, '(Slice)', "input 4 ('steps') must hold integers, got 1.5");
});
