// Seed models for fuzzing the ONNX importer: small graphs that together read most attributes the
// importer knows (windows, axes, flags, shapes held in initializers), each with inputs to run on,
// and the mutations applied to them: attribute values (extreme ints), initializer values and
// dims, input shapes, op types, rewired inputs, opsets.

import pkg from 'onnx-proto';
import { tensor, randn, manualSeed, nn, io, tensorToProto, DataType, type Tensor } from '../../engine/index.ts';
import { EXTREME_INTS, type Rng } from './mutate.ts';

const { onnx } = pkg;

type Attr = { name: string; type: number; i?: number; f?: number; s?: Uint8Array; ints?: number[]; floats?: number[]; strings?: Uint8Array[] };
const INT = 2, FLOAT = 1, STRING = 3, INTS = 7;
const i = (name: string, v: number): Attr => ({ name, type: INT, i: v });
const is = (name: string, v: number[]): Attr => ({ name, type: INTS, ints: v });
const f = (name: string, v: number): Attr => ({ name, type: FLOAT, f: v });
const s = (name: string, v: string): Attr => ({ name, type: STRING, s: new TextEncoder().encode(v) });
type Node = [op: string, inputs: string[], outputs: string[], attrs?: Attr[]];

export interface SeedModel {
  name: string;
  /** A plain ModelProto object (protobufjs fromObject form), cloned before each mutation. */
  model: any;
  feeds: Record<string, Tensor>;
}

const ints = (v: number[]) => tensor(v, { dtype: 'int32' });

function build(name: string, nodes: Node[], feeds: Record<string, Tensor>, inits: Record<string, Tensor>, outputs: string[]): SeedModel {
  const elem = (t: Tensor) => (t.dtype === 'int32' ? DataType.INT64 : t.dtype === 'bool' ? DataType.BOOL : t.dtype === 'float64' ? DataType.DOUBLE : DataType.FLOAT);
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name,
      node: nodes.map(([op, input, output, attribute = []], k) => ({ opType: op, input, output, name: `${op.toLowerCase()}${k}`, attribute })),
      initializer: Object.entries(inits).map(([n, t]) => tensorToProto(t, n, elem(t))),
      input: Object.entries(feeds).map(([n, t]) => ({ name: n, type: { tensorType: { elemType: elem(t) } } })),
      output: outputs.map((n) => ({ name: n })),
    },
  };
  return { name, model, feeds };
}

/** The seed models (deterministic: the engine's RNG is seeded here). */
export function seedModels(): SeedModel[] {
  manualSeed(13);
  const mlp = new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Linear(6, 3), new nn.LogSoftmax(1));
  const exported = onnx.ModelProto.toObject(onnx.ModelProto.decode(io.exportOnnx(mlp, [randn([2, 4])], { dynamicBatch: true })), { longs: Number });
  const cnn = build('cnn', [
    ['Conv', ['x', 'w', 'b'], ['c'], [is('kernel_shape', [3, 3]), is('pads', [1, 1, 1, 1]), is('strides', [1, 1]), is('dilations', [1, 1]), i('group', 1)]],
    ['Relu', ['c'], ['r']],
    ['MaxPool', ['r'], ['m', 'mi'], [is('kernel_shape', [2, 2]), is('strides', [2, 2]), i('ceil_mode', 0), i('storage_order', 0)]],
    ['AveragePool', ['m'], ['a'], [is('kernel_shape', [2, 2]), is('pads', [0, 0, 1, 1]), i('count_include_pad', 0), i('ceil_mode', 1), s('auto_pad', 'NOTSET')]],
    ['GlobalAveragePool', ['a'], ['g']],
    ['Flatten', ['g'], ['fl'], [i('axis', 1)]],
    ['Gemm', ['fl', 'w2'], ['ge'], [i('transB', 1), f('alpha', 1), f('beta', 1)]],
    ['LogSoftmax', ['ge'], ['y'], [i('axis', 1)]],
  ], { x: randn([1, 2, 6, 6]) }, { w: randn([3, 2, 3, 3]), b: randn([3]), w2: randn([4, 3]) }, ['y', 'mi']);
  const shapes = build('shapes', [
    ['Shape', ['x'], ['sh'], [i('start', 0), i('end', 3)]],
    ['Gather', ['sh', 'zero'], ['d0'], [i('axis', 0)]],
    ['ConstantOfShape', ['cshape'], ['cs'], [{ name: 'value', type: 4, t: tensorToProto(tensor([2]), 'v', DataType.FLOAT) } as unknown as Attr]],
    ['Expand', ['x', 'eshape'], ['ex']],
    ['Reshape', ['x', 'rshape'], ['re'], [i('allowzero', 0)]],
    ['Transpose', ['re'], ['tr'], [is('perm', [1, 0])]],
    ['Slice', ['x', 'starts', 'ends', 'axes', 'steps'], ['sl']],
    ['Concat', ['sl', 'sl'], ['cc'], [i('axis', 0)]],
    ['Unsqueeze', ['cc', 'uaxes'], ['un']],
    ['Squeeze', ['un', 'uaxes'], ['sq']],
    ['Split', ['x', 'split'], ['sp0', 'sp1'], [i('axis', 2)]],
    ['Tile', ['sp0', 'repeats'], ['ti']],
    ['Range', ['rstart', 'rlimit', 'rdelta'], ['ra']],
    ['OneHot', ['ohidx', 'depth', 'ohvals'], ['oh'], [i('axis', -1)]],
    ['Pad', ['x', 'pads'], ['pd'], [s('mode', 'reflect')]],
    ['CumSum', ['x', 'one'], ['cu'], [i('exclusive', 1), i('reverse', 0)]],
    ['Cast', ['cu'], ['ca'], [i('to', DataType.DOUBLE)]],
  ], { x: randn([2, 3, 4]) }, {
    zero: ints([0]), cshape: ints([2, 3]), eshape: ints([2, 1, 1]), rshape: ints([4, -1]), starts: ints([0, 1]), ends: ints([2, 4]),
    axes: ints([0, 2]), steps: ints([1, 2]), uaxes: ints([0]), split: ints([1, 3]), repeats: ints([1, 2, 2]), rstart: tensor(0), rlimit: tensor(5),
    rdelta: tensor(1.5), ohidx: ints([0, 2, -1]), depth: ints([4]), ohvals: tensor([0, 1]), pads: ints([0, 1, 1, 0, 1, 1]), one: ints([1]),
  }, ['d0', 'cs', 'ex', 'tr', 'sq', 'sp1', 'ti', 'ra', 'oh', 'pd', 'ca']);
  const reduce = build('reduce', [
    ['ReduceSum', ['x', 'raxes'], ['rs'], [i('keepdims', 1), i('noop_with_empty_axes', 0)]],
    ['ReduceMean', ['x'], ['rm'], [is('axes', [1, -1]), i('keepdims', 0)]],
    ['ArgMax', ['x'], ['am'], [i('axis', 2), i('keepdims', 0), i('select_last_index', 1)]],
    ['Softmax', ['x'], ['sm'], [i('axis', -1)]],
    ['LayerNormalization', ['x', 'lscale', 'lbias'], ['ln'], [i('axis', -1), f('epsilon', 1e-5)]],
    ['BatchNormalization', ['x', 'bscale', 'bbias', 'bmean', 'bvar'], ['bn'], [f('epsilon', 1e-5), f('momentum', 0.9)]],
    ['InstanceNormalization', ['x', 'bscale', 'bbias'], ['in'], [f('epsilon', 1e-5)]],
    ['GatherElements', ['x', 'geidx'], ['gel'], [i('axis', 1)]],
    ['GatherND', ['x', 'ndidx'], ['gnd'], [i('batch_dims', 0)]],
    ['ScatterElements', ['x', 'geidx', 'upd'], ['sce'], [i('axis', 1), s('reduction', 'add')]],
    ['Trilu', ['sq2'], ['tri'], [i('upper', 1)]],
    ['ReduceMax', ['x'], ['sq2'], [is('axes', [0]), i('keepdims', 0)]],
    ['Clip', ['x', 'lo', 'hi'], ['cl']],
    ['Mod', ['xi', 'yi'], ['mo'], [i('fmod', 0)]],
    ['IsInf', ['x'], ['ii'], [i('detect_positive', 1), i('detect_negative', 0)]],
    ['Gelu', ['x'], ['ge'], [s('approximate', 'tanh')]],
  ], { x: randn([2, 3, 4]), xi: ints([7, -7, 5]) }, {
    raxes: ints([1]), lscale: randn([4]), lbias: randn([4]), bscale: randn([3]), bbias: randn([3]), bmean: randn([3]), bvar: tensor([1, 2, 3]),
    geidx: ints([0, 2, 1, 0, 1, 2, 0, 0, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]).reshape([2, 3, 4]), ndidx: ints([0, 1, 1, 2]).reshape([2, 2]),
    upd: randn([2, 3, 4]), lo: tensor(-0.5), hi: tensor(0.5), yi: ints([3, 3, -2]),
  }, ['rs', 'rm', 'am', 'sm', 'ln', 'bn', 'in', 'gel', 'gnd', 'sce', 'tri', 'cl', 'mo', 'ii', 'ge']);
  const rnn = build('rnn', [
    ['LSTM', ['x', 'w', 'r', 'b'], ['y', 'yh', 'yc'], [i('hidden_size', 2), s('direction', 'forward'), i('layout', 0), i('input_forget', 0)]],
    ['GRU', ['x', 'gw', 'gr'], ['gy', 'gyh'], [i('hidden_size', 2), s('direction', 'reverse'), i('linear_before_reset', 1)]],
  ], { x: randn([3, 2, 3]) }, { w: randn([1, 8, 3]), r: randn([1, 8, 2]), b: randn([1, 16]), gw: randn([1, 6, 3]), gr: randn([1, 6, 2]) }, ['y', 'yh', 'yc', 'gy', 'gyh']);
  return [{ name: 'mlp', model: exported, feeds: { input: randn([2, 4]) } }, cnn, shapes, reduce, rnn];
}

// Names any of the seed ops read, for attributes added where they do not belong.
const ATTR_NAMES = ['axis', 'axes', 'perm', 'kernel_shape', 'strides', 'pads', 'dilations', 'group', 'keepdims', 'to', 'batch_dims', 'hidden_size', 'start', 'end', 'allowzero', 'num_outputs', 'split', 'upper', 'transA'];
const STRINGS = ['', 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID', 'x', 'bidirectional', 'reverse', 'none', 'sum', 'mean', 'tanh', 'edge', 'wrap'];
const FLOATS = [NaN, Infinity, -Infinity, -1, 0, 1e30, -1e-30, 2];
const OPS = ['Conv', 'MaxPool', 'AveragePool', 'Gather', 'ConstantOfShape', 'Expand', 'Reshape', 'Slice', 'Split', 'Tile', 'Range', 'OneHot', 'Pad', 'LSTM',
  'GRU', 'Gemm', 'MatMul', 'Flatten', 'Softmax', 'ReduceSum', 'ArgMax', 'GatherND', 'LayerNormalization', 'Trilu', 'CumSum', 'Squeeze', 'Unsqueeze', 'Concat', 'Einsum', 'Loop'];

const shown = (a: Attr): string => (a.s ? `'${new TextDecoder().decode(a.s)}'` : JSON.stringify(a.ints ?? a.i ?? a.f ?? null));

/** A value for an attribute of the given type, usually extreme. */
function attrValue(r: Rng, a: Attr): void {
  const ext = () => r.pick(EXTREME_INTS);
  if (a.type === INT || a.i !== undefined) a.i = ext();
  else if (a.type === INTS || a.ints) {
    const v = [...(a.ints ?? [])];
    const how = r.int(4);
    if (how === 0 && v.length) v[r.int(v.length)] = ext();
    else if (how === 1) v.splice(r.int(v.length + 1), r.next() < 0.5 ? 1 : 0, ...(r.next() < 0.5 ? [ext()] : []));
    else if (how === 2) v.fill(ext());
    else v.splice(0, v.length, ext(), r.pick([1, 2, 3]));
    a.ints = v;
  } else if (a.type === FLOAT) a.f = r.pick(FLOATS);
  else if (a.type === STRING) a.s = new TextEncoder().encode(r.pick(STRINGS));
}

/** Int32 data for an int64 initializer (shapes, axes, repeats…) with extreme entries. */
function extremeInts(r: Rng, dims: number[]): Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => (r.next() < 0.6 ? r.pick(EXTREME_INTS) : r.int(5) - 1)).map((x) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, x)));
  return ints(v.length ? v : [0]).reshape(v.length ? dims : [1]);
}

/** One mutation of a seed: returns the (mutated) model object and feeds. */
export function mutateModel(r: Rng, seed: SeedModel): { model: any; feeds: Record<string, Tensor>; what: string } {
  const m = structuredClone(seed.model);
  const g = m.graph;
  let feeds = seed.feeds;
  const node = r.pick(g.node as any[]);
  const where = `${seed.name}: node ${node.name} (${node.opType})`;
  const choice = r.int(10);
  if (choice <= 3) {
    const attrs = (node.attribute ??= []) as Attr[];
    if (attrs.length && r.next() < 0.8) {
      const a = r.pick(attrs);
      attrValue(r, a);
      return { model: m, feeds, what: `${where}: attribute ${a.name} = ${shown(a)}` };
    }
    const a: Attr = r.next() < 0.5 ? i(r.pick(ATTR_NAMES), r.pick(EXTREME_INTS)) : is(r.pick(ATTR_NAMES), [r.pick(EXTREME_INTS), r.pick(EXTREME_INTS)]);
    attrs.push(a);
    return { model: m, feeds, what: `${where}: added attribute ${a.name} = ${shown(a)}` };
  }
  if (choice === 4) {
    const ints64 = (g.initializer as any[]).filter((t) => t.dataType === DataType.INT64);
    const t = r.pick(ints64.length ? ints64 : (g.initializer as any[]));
    if (!t) return { model: m, feeds, what: `${where}: nothing` };
    const dims = (t.dims as number[]).map(Number);
    const values = extremeInts(r, dims);
    Object.assign(t, tensorToProto(values, t.name, DataType.INT64));
    return { model: m, feeds, what: `${seed.name}: initializer ${t.name} = [${values.toTypedArray().join(', ')}]` };
  }
  if (choice === 5) {
    const name = r.pick(Object.keys(feeds));
    const x = feeds[name];
    const shape = [...x.shape];
    const how = r.int(4);
    if (how === 0) shape.pop();
    else if (how === 1) shape.push(r.pick([1, 2]));
    else if (shape.length) shape[r.int(shape.length)] = r.pick([0, 1, 5, 64]);
    feeds = { ...feeds, [name]: how === 3 ? ints(Array(shape.reduce((a, b) => a * b, 1)).fill(1)).reshape(shape) : randn(shape) };
    return { model: m, feeds, what: `${seed.name}: input ${name} of shape [${shape}]` };
  }
  if (choice === 6) {
    node.opType = r.pick(OPS);
    return { model: m, feeds, what: `${where}: op type now ${node.opType}` };
  }
  if (choice === 7) {
    const names = [...Object.keys(feeds), ...(g.initializer as any[]).map((t) => t.name), ''];
    node.input[r.int(node.input.length + 1)] = r.pick(names);
    return { model: m, feeds, what: `${where}: input rewired` };
  }
  if (choice === 8) {
    m.opsetImport = [{ domain: '', version: r.pick([1, 7, 9, 10, 11, 12, 13, 14, 17, 18, 21]) }];
    return { model: m, feeds, what: `${seed.name}: opset ${m.opsetImport[0].version}` };
  }
  const init = r.pick(g.initializer as any[]);
  if (init) {
    if (r.next() < 0.5) init.dims = [...init.dims.map(Number)].map((d: number) => (r.next() < 0.5 ? r.pick(EXTREME_INTS) : d));
    else init.dataType = r.pick([0, 1, 2, 3, 6, 7, 9, 10, 11, 16, 99]);
  }
  return { model: m, feeds, what: `${seed.name}: initializer ${init?.name} dims or type` };
}
