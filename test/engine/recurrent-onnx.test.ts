// The ONNX RNN/GRU/LSTM adapters beyond the conformance list: reverse and bidirectional directions,
// sequence_lens, layout 1, clip, linear_before_reset, input_forget, peepholes and custom activations,
// each compared with onnxruntime-node running the same one-node model. Plus the errors they throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { encodeModel, loadOnnxModel, randn, manualSeed, tensor, DataType, ValueError, type Tensor } from '../../engine/index.ts';

type Attr = { name: string; type: number; i?: number; f?: number; s?: Uint8Array; floats?: number[]; strings?: Uint8Array[] };
const bytes = (s: string) => new TextEncoder().encode(s);
const int = (name: string, i: number): Attr => ({ name, type: 2, i });
const float = (name: string, f: number): Attr => ({ name, type: 1, f });
const str = (name: string, s: string): Attr => ({ name, type: 3, s: bytes(s) });
const floats = (name: string, v: number[]): Attr => ({ name, type: 6, floats: v });
const strs = (name: string, v: string[]): Attr => ({ name, type: 8, strings: v.map(bytes) });

interface Case {
  op: 'RNN' | 'GRU' | 'LSTM';
  T: number; N: number; I: number; H: number;
  attrs?: Attr[];
  bias?: boolean; lens?: number[]; initial?: boolean; peepholes?: boolean;
}

const INPUTS = ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c', 'P'];

function build(c: Case): { model: Uint8Array; feeds: Record<string, Tensor> } {
  const G = { RNN: 1, GRU: 3, LSTM: 4 }[c.op];
  const attrs = c.attrs ?? [];
  const dirAttr = attrs.find((a) => a.name === 'direction');
  const D = dirAttr && new TextDecoder().decode(dirAttr.s) === 'bidirectional' ? 2 : 1;
  const batchFirst = attrs.some((a) => a.name === 'layout' && a.i === 1);
  const feeds: Record<string, Tensor> = {
    X: randn(batchFirst ? [c.N, c.T, c.I] : [c.T, c.N, c.I]),
    W: randn([D, G * c.H, c.I]).mul(0.5),
    R: randn([D, G * c.H, c.H]).mul(0.5),
  };
  if (c.bias) feeds.B = randn([D, 2 * G * c.H]).mul(0.5);
  if (c.lens) feeds.sequence_lens = tensor(c.lens, { dtype: 'int32' });
  if (c.initial) {
    feeds.initial_h = randn(batchFirst ? [c.N, D, c.H] : [D, c.N, c.H]);
    if (c.op === 'LSTM') feeds.initial_c = randn(batchFirst ? [c.N, D, c.H] : [D, c.N, c.H]);
  }
  if (c.peepholes) feeds.P = randn([D, 3 * c.H]);
  const last = Math.max(...Object.keys(feeds).map((k) => INPUTS.indexOf(k)));
  const inputs = INPUTS.slice(0, last + 1).map((k) => (k in feeds ? k : ''));
  const outputs = c.op === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
  const model = encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 14 }],
    graph: {
      name: 'g',
      node: [{ opType: c.op, input: inputs, output: outputs, name: 'rec', attribute: [int('hidden_size', c.H), ...attrs] }],
      input: Object.entries(feeds).map(([name, t]) => ({ name, type: { tensorType: { elemType: t.dtype === 'int32' ? DataType.INT32 : DataType.FLOAT } } })),
      output: outputs.map((name) => ({ name, type: { tensorType: { elemType: DataType.FLOAT } } })),
    },
  });
  return { model, feeds };
}

// onnxruntime's CPU kernels refuse layout 1, so a batch-first case is checked against onnxruntime
// running the same weights in layout 0, its inputs and outputs transposed to match.
async function compareWithOrt(c: Case): Promise<void> {
  const { model, feeds } = build(c);
  const ours = loadOnnxModel(model, `${c.op}.onnx`).run(feeds);
  const batchFirst = (c.attrs ?? []).some((a) => a.name === 'layout' && a.i === 1);
  const swap = (t: Tensor) => (t.ndim === 3 ? t.transpose(0, 1).contiguous() : t);
  const reference = batchFirst ? build({ ...c, attrs: c.attrs?.filter((a) => a.name !== 'layout') }).model : model;
  const refFeeds = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, batchFirst && k !== 'W' && k !== 'R' ? swap(t) : t]));
  const session = await ort.InferenceSession.create(reference);
  const ortFeeds = Object.fromEntries(Object.entries(refFeeds).map(([k, t]) => [k,
    new ort.Tensor(t.dtype === 'int32' ? 'int32' : 'float32', t.dtype === 'int32' ? Int32Array.from(t.toTypedArray()) : Float32Array.from(t.toTypedArray()), t.shape)]));
  const theirs = await session.run(ortFeeds);
  for (const name of Object.keys(theirs)) {
    let expected = tensor(Array.from(theirs[name].data as Float32Array)).reshape([...theirs[name].dims]);
    if (batchFirst) expected = name === 'Y' ? expected.permute([2, 0, 1, 3]).contiguous() : swap(expected);
    assert.deepEqual(ours[name].shape, expected.shape, `${name} shape`);
    const [a, e] = [ours[name].toTypedArray(), expected.toTypedArray()];
    for (let i = 0; i < e.length; i++) assert.ok(Math.abs(a[i] - e[i]) <= 1e-5 + 1e-4 * Math.abs(e[i]), `${name}[${i}]: ours ${a[i]}, onnxruntime ${e[i]}`);
  }
}

const bi = str('direction', 'bidirectional');
const rev = str('direction', 'reverse');
const cases: [string, Case][] = [
  ['RNN reverse with bias and initial state', { op: 'RNN', T: 4, N: 2, I: 3, H: 5, attrs: [rev], bias: true, initial: true }],
  ['RNN bidirectional, sequence_lens, Relu/LeakyRelu(0.2)', { op: 'RNN', T: 4, N: 3, I: 2, H: 3, attrs: [bi, strs('activations', ['Relu', 'LeakyRelu']), floats('activation_alpha', [0.2])], bias: true, lens: [4, 2, 1] }],
  ['GRU bidirectional, layout 1, initial state', { op: 'GRU', T: 3, N: 2, I: 3, H: 4, attrs: [bi, int('layout', 1)], bias: true, initial: true }],
  ['GRU linear_before_reset = 1 (the PyTorch form), reverse, sequence_lens', { op: 'GRU', T: 5, N: 3, I: 2, H: 3, attrs: [int('linear_before_reset', 1), rev], bias: true, lens: [5, 3, 0] }],
  ['GRU clip and HardSigmoid/ScaledTanh activations', { op: 'GRU', T: 3, N: 2, I: 2, H: 3, attrs: [float('clip', 0.7), strs('activations', ['HardSigmoid', 'ScaledTanh']), floats('activation_alpha', [0.3, 1.5]), floats('activation_beta', [0.4, 0.8])], bias: true }],
  ['LSTM bidirectional with peepholes, initial states, sequence_lens', { op: 'LSTM', T: 4, N: 3, I: 2, H: 3, attrs: [bi], bias: true, initial: true, peepholes: true, lens: [1, 4, 3] }],
  ['LSTM reverse, layout 1, input_forget', { op: 'LSTM', T: 3, N: 2, I: 3, H: 2, attrs: [rev, int('layout', 1), int('input_forget', 1)], bias: true, initial: true }],
  ['LSTM clip and Sigmoid/Softsign/Elu activations', { op: 'LSTM', T: 3, N: 2, I: 2, H: 2, attrs: [float('clip', 0.5), strs('activations', ['Sigmoid', 'Softsign', 'Elu'])], bias: true }],
];

for (const [name, c] of cases) {
  test(`ONNX ${name} matches onnxruntime`, async () => {
    manualSeed(7);
    await compareWithOrt(c);
  });
}

test('ONNX recurrent errors name the node and the shapes', () => {
  manualSeed(1);
  const run = (c: Case, mutate: (f: Record<string, Tensor>) => void) => {
    const { model, feeds } = build(c);
    mutate(feeds);
    return () => loadOnnxModel(model, 'bad.onnx').run(feeds);
  };
  const lstm: Case = { op: 'LSTM', T: 2, N: 2, I: 3, H: 2, bias: true };
  assert.throws(run(lstm, (f) => { f.W = randn([1, 8, 4]); }), (e: Error) => e instanceof ValueError && /'rec'/.test(e.message) && /W has shape \[1,8,4\], expected \[1,8,3\]/.test(e.message));
  assert.throws(run(lstm, (f) => { f.B = randn([1, 8]); }), /B has shape \[1,8\], expected \[1,16\]/);
  assert.throws(run({ ...lstm, lens: [2, 3] }, () => {}), /sequence_lens \[2,3\] must hold 2 lengths in 0\.\.2/);
  assert.throws(run({ ...lstm, attrs: [str('direction', 'sideways')] }, () => {}), /direction 'sideways'/);
  assert.throws(run({ ...lstm, attrs: [strs('activations', ['Sigmoid', 'Tanh'])] }, () => {}), /activations lists 2 functions, expected 3/);
  assert.throws(run({ ...lstm, attrs: [strs('activations', ['Sigmoid', 'Tanh', 'Swish'])] }, () => {}), /unknown activation 'Swish'/);
});
