// The ONNX importer on inputs built here: malformed files (each a FormatError naming the file),
// small hand-made graphs with hand-computed results, and the opset-dependent forms of ops.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  FormatError, ShapeError, ValueError, tensor, loadOnnxModel, encodeModel, encodeTensor, readValue, tensorToProto,
  tensorFromProto, DataType, manualSeed, type Tensor,
} from '../../engine/index.ts';
import { DATA_DIR, compareValues } from './suite.ts';
import { FLOAT, STRING, attrInt, attrInts, close, makeModel, runOne } from './build.ts';

const throwsFormat = (fn: () => unknown, ...parts: string[]) =>
  assert.throws(fn, (e: unknown) => e instanceof FormatError && parts.every((p) => e.message.includes(p)));

test('a truncated model.onnx is a FormatError naming the file', () => {
  const bytes = readFileSync(`${DATA_DIR}/test_conv_with_strides_padding/model.onnx`);
  throwsFormat(() => loadOnnxModel(bytes.subarray(0, Math.floor(bytes.length / 2)), 'conv-half.onnx'), 'conv-half.onnx');
});

test('random bytes are a FormatError naming the file', () => {
  let seed = 12345;
  const bytes = Uint8Array.from({ length: 300 }, () => ((seed = (seed * 69069 + 1) >>> 0) >>> 24) & 0xff);
  throwsFormat(() => loadOnnxModel(bytes, 'noise.onnx'), 'noise.onnx');
  throwsFormat(() => loadOnnxModel(new Uint8Array(0), 'empty.onnx'), 'empty.onnx', 'no graph');
});

test('a .pb whose raw_data is shorter than its dims need is a FormatError naming the file and field', () => {
  const bytes = encodeTensor({ name: 't', dataType: DataType.FLOAT, dims: [2, 3], rawData: new Uint8Array(20) });
  throwsFormat(() => readValue(bytes, undefined, 'input_0.pb'), 'input_0.pb', 'raw_data', '20 bytes', '24');
  const typed = encodeTensor({ name: 't', dataType: DataType.FLOAT, dims: [4], floatData: [1, 2, 3] });
  throwsFormat(() => readValue(typed, undefined, 'input_1.pb'), 'input_1.pb', 'float_data', '3 values');
});

test('unknown data types and int64 values beyond int32 are FormatErrors naming the tensor', () => {
  throwsFormat(() => tensorFromProto({ name: 'words', dataType: DataType.STRING, dims: [1] }, 'f.pb'), 'f.pb', "'words'", 'STRING');
  throwsFormat(() => tensorFromProto({ name: 'w', dataType: 99, dims: [1] }, 'f.pb'), "'w'", 'unknown data type 99');
  const big = tensorToProto(tensor([1, 2], { dtype: 'float64' }), 'big', DataType.DOUBLE);
  big.dataType = DataType.INT64;
  big.rawData = new Uint8Array(new BigInt64Array([1n, 2n ** 40n]).buffer);
  throwsFormat(() => tensorFromProto(big, 'f.pb'), "'big'", '1099511627776', 'int32');
});

test('TensorProto round trip: float32, float64, int64, uint8, bool', () => {
  const cases: [Tensor, number][] = [
    [tensor([[1.5, -2], [3, 4]]), DataType.FLOAT],
    [tensor([0.1, 0.2], { dtype: 'float64' }), DataType.DOUBLE],
    [tensor([-3, 7, 2 ** 31 - 1], { dtype: 'int32' }), DataType.INT64],
    [tensor([0, 255], { dtype: 'int32' }), DataType.UINT8],
    [tensor([true, false, true]), DataType.BOOL],
  ];
  for (const [t, type] of cases) {
    const back = tensorFromProto(tensorToProto(t, 'x', type), 'round-trip');
    assert.equal(back.dataType, type);
    assert.equal(back.tensor.dtype, t.dtype);
    assert.deepEqual(back.tensor.toArray(), t.toArray());
  }
  throwsFormat(() => tensorToProto(tensor([256], { dtype: 'int32' }), 'x', DataType.UINT8), '256', 'UINT8');
});

test('a two-node model with an initializer runs: y = relu(x · W + b)', () => {
  const W = tensor([[1, -1], [2, 0.5]]);
  const bytes = makeModel(13, [
    { op: 'MatMul', inputs: ['x', 'W'], outputs: ['h'] },
    { op: 'Add', inputs: ['h', 'b'], outputs: ['z'] },
    { op: 'Relu', inputs: ['z'], outputs: ['y'] },
  ], ['x'], ['y'], { W, b: tensor([0.5, -4]) });
  const model = loadOnnxModel(bytes, 'mlp.onnx');
  assert.deepEqual(model.inputNames, ['x']);
  assert.deepEqual(model.outputNames, ['y']);
  // x·W = [[1·1 + 2·2, 1·(−1) + 2·0.5], [−1·1 + 3·2, −1·(−1) + 3·0.5]] = [[5, 0], [5, 2.5]]; + b → [[5.5, −4], [5.5, −1.5]]
  const x = tensor([[1, 2], [-1, 3]]);
  assert.deepEqual(model.run({ x }).y.toArray(), [[5.5, 0], [5.5, 0]]);
  assert.deepEqual(model.run([x]).y.toArray(), [[5.5, 0], [5.5, 0]]);
  assert.throws(() => model.run({ x, extra: x }), ValueError);
  assert.throws(() => model.run({}), /graph input 'x' was not given a value/);
});

test('graph errors: unknown op, undefined input, wrong attribute type, engine errors name the node', () => {
  throwsFormat(() => loadOnnxModel(makeModel(13, [{ op: 'FancyOp', inputs: ['x'], outputs: ['y'], name: 'mystery' }], ['x'], ['y']), 'u.onnx'),
    'u.onnx', "'FancyOp'", "'mystery'");
  throwsFormat(() => loadOnnxModel(makeModel(13, [{ op: 'Add', inputs: ['x', 'ghost'], outputs: ['y'], name: 'adder' }], ['x'], ['y']), 'g.onnx'),
    "'adder'", "'ghost'", 'not defined');
  const wrongType = makeModel(13, [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], name: 'sm', attrs: [{ name: 'axis', type: FLOAT, f: 1 }] }], ['x'], ['y']);
  throwsFormat(() => loadOnnxModel(wrongType, 'a.onnx').run({ x: tensor([1, 2]) }), "'sm'", "'axis'", 'FLOAT', 'expected INT');
  const mismatch = loadOnnxModel(makeModel(13, [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'], name: 'mm' }], ['a', 'b'], ['y']), 'm.onnx');
  assert.throws(() => mismatch.run({ a: tensor([[1, 2]]), b: tensor([[1, 2]]) }), (e: unknown) => e instanceof ShapeError && /'mm' \(MatMul\)/.test((e as Error).message));
  throwsFormat(() => loadOnnxModel(makeModel(13, [], ['x'], ['nowhere']), 'o.onnx'), "'nowhere'");
});

test('Softmax before opset 13 works on the 2-D view at axis; from 13 along the axis', () => {
  const x = tensor([[[0, Math.log(3)], [Math.log(2), Math.log(2)]]]); // shape [1, 2, 2]
  // opset 11, axis 1: rows of 4 values [1, 3, 2, 2] / 8
  close(runOne(11, { op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: [attrInt('axis', 1)] }, { x }), [0.125, 0.375, 0.25, 0.25]);
  // opset 13, axis 1: along dim 1 of each column: [1, 2] / 3 and [3, 2] / 5
  close(runOne(13, { op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: [attrInt('axis', 1)] }, { x }), [1 / 3, 0.6, 2 / 3, 0.4]);
});

test('ReduceSum/ReduceMean axes: attribute before 13 (18 for ReduceMean), input after; noop_with_empty_axes', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  close(runOne(11, { op: 'ReduceSum', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [1]), attrInt('keepdims', 0)] }, { x }), [6, 15]);
  close(runOne(13, { op: 'ReduceSum', inputs: ['x', 'axes'], outputs: ['y'] }, { x }, { axes: tensor([0], { dtype: 'int32' }) }), [5, 7, 9]);
  close(runOne(13, { op: 'ReduceSum', inputs: ['x', ''], outputs: ['y'], attrs: [attrInt('noop_with_empty_axes', 1)] }, { x }), [1, 2, 3, 4, 5, 6]);
  close(runOne(13, { op: 'ReduceMean', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [0])] }, { x }), [2.5, 3.5, 4.5]);
  close(runOne(18, { op: 'ReduceMean', inputs: ['x', 'axes'], outputs: ['y'] }, { x }, { axes: tensor([-1], { dtype: 'int32' }) }), [2, 5]);
});

test('Squeeze, Unsqueeze and Split take axes/sizes as attributes before opset 13', () => {
  const x = tensor([[[1], [2], [3]]]); // [1, 3, 1]
  assert.deepEqual(runOne(11, { op: 'Squeeze', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [0, 2])] }, { x }), [1, 2, 3]);
  const u = loadOnnxModel(makeModel(11, [{ op: 'Unsqueeze', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [0, 3])] }], ['x'], ['y']), 'u.onnx');
  assert.deepEqual(u.run({ x: tensor([[1, 2]]) }).y.shape, [1, 1, 2, 1]);
  const s = loadOnnxModel(makeModel(11, [{ op: 'Split', inputs: ['x'], outputs: ['a', 'b'], attrs: [attrInt('axis', 0), attrInts('split', [1, 3])] }], ['x'], ['a', 'b']), 's.onnx');
  const out = s.run({ x: tensor([1, 2, 3, 4]) });
  assert.deepEqual([out.a.toArray(), out.b.toArray()], [[1], [2, 3, 4]]);
  throwsFormat(() => loadOnnxModel(makeModel(11, [{ op: 'Squeeze', inputs: ['x'], outputs: ['y'], attrs: [{ name: 'axes', type: STRING, s: new Uint8Array([49]) }] }], ['x'], ['y']), 'sq.onnx').run({ x }), "'axes'", 'STRING');
});

test('Slice before opset 10 reads attributes; negative steps walk backwards', () => {
  const x = tensor([0, 1, 2, 3, 4, 5]);
  close(runOne(9, { op: 'Slice', inputs: ['x'], outputs: ['y'], attrs: [attrInts('starts', [1]), attrInts('ends', [-1])] }, { x }), [1, 2, 3, 4]);
  const int = (v: number[]) => tensor(v, { dtype: 'int32' });
  const slice = (starts: number[], ends: number[], steps: number[]) =>
    runOne(13, { op: 'Slice', inputs: ['x', 's', 'e', 'a', 'k'], outputs: ['y'] }, { x }, { s: int(starts), e: int(ends), a: int([0]), k: int(steps) });
  close(slice([4], [0], [-2]), [4, 2]);
  close(slice([-1], [-100], [-1]), [5, 4, 3, 2, 1, 0]);
  close(slice([100], [2], [-3]), [5]);
});

test('Clip before opset 11 takes min/max attributes; from 11 optional inputs', () => {
  const x = tensor([-2, 0.5, 3]);
  close(runOne(6, { op: 'Clip', inputs: ['x'], outputs: ['y'], attrs: [{ name: 'min', type: FLOAT, f: -1 }, { name: 'max', type: FLOAT, f: 1 }] }, { x }), [-1, 0.5, 1]);
  close(runOne(13, { op: 'Clip', inputs: ['x', '', 'hi'], outputs: ['y'] }, { x }, { hi: tensor(2) }), [-2, 0.5, 2]);
});

test('uint8 arithmetic wraps around as ONNX types it', () => {
  const bytes = encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'u8', node: [{ opType: 'Sub', input: ['a', 'b'], output: ['y'] }],
      input: ['a', 'b'].map((name) => ({ name, type: { tensorType: { elemType: DataType.UINT8 } } })),
      output: [{ name: 'y', type: { tensorType: { elemType: DataType.UINT8 } } }],
    },
  });
  const y = loadOnnxModel(bytes, 'u8.onnx').run({ a: tensor([1, 200], { dtype: 'int32' }), b: tensor([2, 100], { dtype: 'int32' }) }).y;
  assert.deepEqual(y.toArray(), [255, 100]);
});

test('training-mode Dropout zeroes elements or scales them by 1/(1 − ratio), and the mask says which', () => {
  manualSeed(7);
  const model = loadOnnxModel(makeModel(13, [{ op: 'Dropout', inputs: ['x', 'r', 't'], outputs: ['y', 'mask'] }], ['x'], ['y', 'mask'],
    { r: tensor(0.25), t: tensor(true) }), 'drop.onnx');
  const x = tensor(Array.from({ length: 400 }, (_, i) => i + 1));
  const { y, mask } = model.run({ x });
  const [xs, ys, ms] = [x.toTypedArray(), y.toTypedArray(), mask.toTypedArray()];
  assert.equal(mask.dtype, 'bool');
  ys.forEach((v, i) => assert.ok(ms[i] ? Math.abs(v - xs[i] / 0.75) < 1e-3 : v === 0, `element ${i}`));
  const kept = Array.from(ms).filter((m) => m !== 0).length;
  assert.ok(kept > 260 && kept < 340, `kept ${kept} of 400 at ratio 0.25`);
});

test('compareValues: shapes exact, floats within tolerance, NaN equals NaN, ints exact', () => {
  const f = DataType.FLOAT;
  assert.equal(compareValues(tensor([1, NaN]), tensor([1.0005, NaN]), f, 'o'), null);
  assert.match(compareValues(tensor([1, 2]), tensor([1, 2.01]), f, 'o') ?? '', /1 of 2 values differ/);
  assert.match(compareValues(tensor([[1, 2]]), tensor([1, 2]), f, 'o') ?? '', /shape/);
  assert.match(compareValues(tensor([1, 2], { dtype: 'int32' }), tensor([1, 2]), DataType.INT64, 'o') ?? '', /dtype float32, expected INT64/);
  assert.equal(compareValues([tensor([1])], [tensor([1])], f, 'seq'), null);
  assert.match(compareValues(null, tensor([1]), f, 'opt') ?? '', /empty optional/);
});

test('runTyped names the ONNX type behind each output (Shape gives INT64), for writing it back', () => {
  const model = loadOnnxModel(makeModel(15, [{ op: 'Shape', inputs: ['x'], outputs: ['s'] }, { op: 'Relu', inputs: ['x'], outputs: ['r'] }], ['x'], ['s', 'r']), 'shape.onnx');
  const out = model.runTyped({ x: tensor([[1, -2, 3]]) });
  assert.equal(out.s.dataType, DataType.INT64);
  assert.equal(out.r.dataType, DataType.FLOAT);
  const proto = tensorToProto(out.s.value as Tensor, 's', out.s.dataType);
  assert.deepEqual([proto.dataType, Array.from(new BigInt64Array(proto.rawData!.slice().buffer))], [DataType.INT64, [1n, 3n]]);
});
