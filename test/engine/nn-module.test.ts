// nn.Module: automatic discovery of parameters, buffers and submodules (dotted names, order,
// sharing), state dicts (round trip, strict and non-strict reports, shape mismatches), freezing,
// train/eval, hooks, containers and the printed tree.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, randn, zeros, ones, manualSeed, Tensor, ShapeError, ValueError, IndexError, DTypeError } from '../../engine/index.ts';

class Block extends nn.Module {
  fc: nn.Linear;
  act = new nn.ReLU();
  scale: nn.Parameter;
  constructor(n: number) {
    super();
    this.fc = new nn.Linear(n, n);
    this.scale = new nn.Parameter(ones([n]));
    this.registerBuffer('count', zeros([1]));
    this.registerBuffer('scratch', zeros([2]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return this.act.call(this.fc.call(x)).mul(this.scale);
  }
}

class Net extends nn.Module {
  embed = new nn.Linear(3, 4);
  blocks = new nn.ModuleList([new Block(4), new Block(4)]);
  head = new nn.Sequential(new nn.Linear(4, 2, { bias: false }));
  forward(x: Tensor): Tensor {
    let h = this.embed.call(x);
    for (const b of this.blocks) h = b.call(h);
    return this.head.call(h);
  }
}

const names = (pairs: [string, unknown][]) => pairs.map(([n]) => n);
const errorNaming = (cls: Function, ...parts: RegExp[]) => (e: Error) => {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.name}: ${e.message}`);
  for (const p of parts) assert.match(e.message, p);
  return true;
};
const same = (a: Tensor, b: Tensor) => assert.deepEqual(Array.from(a.toTypedArray()), Array.from(b.toTypedArray()));

test('parameters are found in registration order with dotted names through nested modules and containers', () => {
  const net = new Net();
  // Each module's own parameters come before its children's, as in PyTorch.
  assert.deepEqual(names(net.namedParameters()), [
    'embed.weight', 'embed.bias',
    'blocks.0.scale', 'blocks.0.fc.weight', 'blocks.0.fc.bias',
    'blocks.1.scale', 'blocks.1.fc.weight', 'blocks.1.fc.bias',
    'head.0.weight',
  ]);
  assert.equal(net.parameters().length, 9);
  assert.ok(net.parameters().every((p) => p instanceof nn.Parameter && p.requiresGrad));
  assert.deepEqual(names(net.namedParameters({ recurse: false })), []);
  assert.deepEqual(names(net.blocks.get(0).namedParameters({ prefix: 'b' })), ['b.scale', 'b.fc.weight', 'b.fc.bias']);
  assert.deepEqual(names(net.namedChildren()), ['embed', 'blocks', 'head']);
  assert.deepEqual(names(net.namedModules()), ['', 'embed', 'blocks', 'blocks.0', 'blocks.0.fc', 'blocks.0.act', 'blocks.1', 'blocks.1.fc', 'blocks.1.act', 'head', 'head.0']);
  assert.equal(net.getSubmodule('blocks.1.fc'), net.blocks.get(1).children()[0]);
  assert.throws(() => net.getSubmodule('blocks.7'), errorNaming(ValueError, /'7'/));
});
test('counts: numParameters totals elements; a shared parameter counts once but appears under both names in stateDict', () => {
  assert.equal(new nn.Linear(784, 256).numParameters(), 784 * 256 + 256);
  assert.equal(new Net().numParameters(), (12 + 4) + 2 * (16 + 4 + 4) + 8);
  class Tied extends nn.Module {
    enc = new nn.Linear(3, 3, { bias: false });
    dec = new nn.Linear(3, 3, { bias: false });
    constructor() {
      super();
      this.dec.weight = this.enc.weight;
    }
    forward(x: Tensor) { return this.dec.call(this.enc.call(x)); }
  }
  const t = new Tied();
  assert.deepEqual(names(t.namedParameters()), ['enc.weight']);
  assert.equal(t.numParameters(), 9);
  assert.deepEqual(Object.keys(t.stateDict()), ['enc.weight', 'dec.weight']);
});

test('a Parameter shares storage, requires grad by default, and must be floating point to do so', () => {
  const base = tensor([1, 2]);
  const p = new nn.Parameter(base);
  assert.ok(p.requiresGrad && p.isLeaf && p instanceof Tensor);
  base.data[0] = 5;
  assert.equal(p.toArray()[0], 5);
  assert.equal(new nn.Parameter(base, false).requiresGrad, false);
  assert.throws(() => new nn.Parameter(tensor([1], { dtype: 'int32' })), DTypeError);
});

test('buffers: persistent ones go into stateDict, non-persistent ones only into buffers(); they read and write as properties', () => {
  const b = new Block(2);
  assert.deepEqual(names(b.namedBuffers()), ['count', 'scratch']);
  assert.deepEqual(Object.keys(b.stateDict()), ['scale', 'count', 'fc.weight', 'fc.bias']);
  const holder = b as unknown as { count: Tensor };
  holder.count = tensor([3]);
  assert.deepEqual(b.stateDict().count.toArray(), [3]);
  assert.throws(() => { holder.count = new nn.Parameter(zeros([1])); }, errorNaming(ValueError, /Block\.count is a buffer/));
  b.registerBuffer('count', null);
  assert.deepEqual(names(b.namedBuffers()), ['scratch']);
  assert.throws(() => b.registerBuffer('fc', zeros([1])), errorNaming(ValueError, /already has a member named 'fc'/));
  assert.throws(() => b.registerBuffer('a.b', zeros([1])), errorNaming(ValueError, /without '\.'/));
  assert.throws(() => b.registerBuffer('p', new nn.Parameter(zeros([1]))), ValueError);
});

test('a plain array of modules is rejected with a pointer to ModuleList', () => {
  class Bad extends nn.Module {
    layers = [new nn.Linear(2, 2)];
    forward(x: Tensor) { return x; }
  }
  assert.throws(() => new Bad().parameters(), errorNaming(ValueError, /Bad\.layers/, /ModuleList/));
});

test('stateDict round trip: a fresh model loaded from another gives identical outputs', () => {
  manualSeed(1);
  const a = new Net();
  manualSeed(2);
  const b = new Net();
  const x = randn([5, 3]);
  assert.notDeepEqual(a.call(x).toArray(), b.call(x).toArray());
  const sd = a.stateDict();
  assert.ok(Object.values(sd).every((t) => !t.requiresGrad));
  const report = b.loadStateDict(sd);
  assert.deepEqual(report, { missingKeys: [], unexpectedKeys: [] });
  same(a.call(x), b.call(x));
  // Copies, not aliases: training b further leaves a alone.
  b.embed.bias!.data[0] += 1;
  assert.notEqual(a.embed.bias!.data[0], b.embed.bias!.data[0]);
  // The state dict's values are views of the live model (as PyTorch's references).
  a.embed.bias!.data[1] = 42;
  assert.equal(sd['embed.bias'].toArray()[1], 42);
});

test('strict loading throws naming missing and unexpected keys; non-strict reports them and loads the rest', () => {
  const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1));
  const src = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1)).stateDict();
  const partial: Record<string, Tensor> = { ...src, extra: zeros([1]) };
  delete partial['1.bias'];
  assert.throws(() => m.loadStateDict(partial), errorNaming(ValueError, /missing keys: 1\.bias/, /unexpected keys: extra/, /Sequential/));
  assert.notDeepEqual(m.get(0).stateDict().weight.toArray(), src['0.weight'].toArray(), 'a failed load writes nothing');
  const report = m.loadStateDict(partial, { strict: false });
  assert.deepEqual(report, { missingKeys: ['1.bias'], unexpectedKeys: ['extra'] });
  same(m.stateDict()['0.weight'], src['0.weight']);
  same(m.stateDict()['1.weight'], src['1.weight']);
});

test('a shape mismatch always throws, naming the key and both shapes, and changes nothing', () => {
  const m = new nn.Linear(4, 3);
  const before = Array.from(m.weight.toTypedArray());
  const sd = { weight: zeros([3, 5]), bias: zeros([3]) };
  for (const strict of [true, false]) {
    assert.throws(() => m.loadStateDict(sd, { strict }), errorNaming(ShapeError, /'weight'/, /\[3, 5\]/, /\[3, 4\]/));
  }
  assert.deepEqual(Array.from(m.weight.toTypedArray()), before);
  assert.throws(() => m.loadStateDict({ weight: zeros([3, 4]), bias: 7 as unknown as Tensor }), errorNaming(ValueError, /'bias' must be a Tensor/));
});

test('loading casts dtypes and fills buffers too', () => {
  const bn = new nn.BatchNorm1d(2);
  bn.loadStateDict({
    weight: tensor([2, 3], { dtype: 'float64' }), bias: tensor([0, 1]), runningMean: tensor([5, 6]), runningVar: tensor([7, 8]),
    numBatchesTracked: tensor(9, { dtype: 'int32' }),
  });
  assert.equal(bn.weight!.dtype, 'float32');
  assert.deepEqual(bn.weight!.toArray(), [2, 3]);
  assert.deepEqual(bn.runningVar!.toArray(), [7, 8]);
  assert.equal(bn.numBatchesTracked!.item(), 9);
});

test('freezing: requiresGrad_(false) leaves frozen parameters without gradients after backward', () => {
  const net = new Net();
  net.embed.requiresGrad_(false);
  assert.equal(net.numParameters({ trainableOnly: true }), net.numParameters() - 16);
  net.call(randn([4, 3])).sum().backward();
  for (const [name, p] of net.namedParameters()) {
    if (name.startsWith('embed.')) assert.equal(p.grad, null, name);
    else assert.ok(p.grad instanceof Tensor, name);
  }
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad === null));
  net.requiresGrad_();
  assert.ok(net.parameters().every((p) => p.requiresGrad));
});

test('zeroGrad(false) zeroes the gradients in place', () => {
  const lin = new nn.Linear(2, 2);
  lin.call(ones([1, 2])).sum().backward();
  const g = lin.weight.grad!;
  lin.zeroGrad(false);
  assert.equal(lin.weight.grad, g);
  assert.deepEqual(g.toArray(), [[0, 0], [0, 0]]);
});

test('train()/eval() reach every descendant', () => {
  const net = new Net();
  assert.ok(net.modules().every((m) => m.training));
  assert.equal(net.eval(), net);
  assert.ok(net.modules().every((m) => !m.training));
  net.train();
  assert.ok(net.modules().every((m) => m.training));
});

test('apply visits children depth first, then the module itself', () => {
  const seen: string[] = [];
  new nn.Sequential(new nn.Sequential(new nn.ReLU()), new nn.Tanh()).apply((m) => seen.push(m.constructor.name));
  assert.deepEqual(seen, ['ReLU', 'Sequential', 'Tanh', 'Sequential']);
});

test('forward hooks see (and may replace) inputs and outputs; removing a hook stops it', () => {
  const relu = new nn.ReLU();
  const seen: unknown[] = [];
  const h = relu.registerForwardHook((_m, _args, out) => void seen.push((out as Tensor).toArray()));
  const pre = relu.registerForwardPreHook((_m, [x]) => [(x as Tensor).neg()]);
  assert.deepEqual(relu.call(tensor([1, -2])).toArray(), [0, 2]);
  assert.deepEqual(seen, [[0, 2]]);
  h.remove();
  pre.remove();
  assert.deepEqual(relu.call(tensor([1, -2])).toArray(), [1, 0]);
  assert.equal(seen.length, 1);
  relu.registerForwardHook((_m, _a, out) => (out as Tensor).mul(10));
  assert.deepEqual(relu.call(tensor([1])).toArray(), [10]);
});

test('to(dtype) casts parameters and float buffers, keeping int ones', () => {
  const m = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2)).to('float64');
  assert.ok(m.parameters().every((p) => p.dtype === 'float64' && p.requiresGrad && p instanceof nn.Parameter));
  const bn = m.get(1) as nn.BatchNorm1d;
  assert.equal(bn.runningMean!.dtype, 'float64');
  assert.equal(bn.numBatchesTracked!.dtype, 'int32');
  assert.equal(m.call(ones([3, 2], { dtype: 'float64' })).dtype, 'float64');
  assert.throws(() => m.to('int32'), ValueError);
  const tied = new nn.Sequential(new nn.Linear(2, 2, { bias: false }), new nn.Linear(2, 2, { bias: false }));
  (tied.get(1) as nn.Linear).weight = (tied.get(0) as nn.Linear).weight;
  tied.to('float64');
  assert.equal((tied.get(1) as nn.Linear).weight, (tied.get(0) as nn.Linear).weight, 'tied weights stay tied');
});

test('Sequential and ModuleList index like arrays, with negative indices, insert and slice', () => {
  const [a, b, c] = [new nn.ReLU(), new nn.Tanh(), new nn.Sigmoid()];
  const seq = new nn.Sequential(a, c);
  seq.insert(1, b);
  assert.equal(seq.length, 3);
  assert.equal(seq[1], b);
  assert.equal(seq.get(-1), c);
  assert.deepEqual([...seq], [a, b, c]);
  assert.deepEqual(names(seq.namedChildren()), ['0', '1', '2']);
  assert.deepEqual([...seq.slice(1)], [b, c]);
  assert.throws(() => seq.get(3), errorNaming(IndexError, /index 3/, /3 items/));
  const x = tensor([-1, 0.5]);
  same(seq.call(x), x.relu().tanh().sigmoid());
  const list = new nn.ModuleList().append(a).extend([b]);
  list.set(-1, c);
  assert.deepEqual([...list], [a, c]);
  assert.throws(() => list.call(), ValueError);
  assert.throws(() => list.append(3 as unknown as nn.Module), ValueError);
});

test('ModuleDict keeps insertion order (numeric-looking keys too) and ParameterList registers its parameters', () => {
  const d = new nn.ModuleDict({ b: new nn.Linear(1, 1), 10: new nn.Linear(1, 1) });
  d.set('2', new nn.Linear(1, 1, { bias: false }));
  assert.deepEqual(d.keys(), ['10', 'b', '2']); // Object.entries puts '10' first; the Map keeps that order after
  assert.deepEqual(names(d.namedParameters()), ['10.weight', '10.bias', 'b.weight', 'b.bias', '2.weight']);
  assert.throws(() => d.get('zz'), IndexError);
  class Holder extends nn.Module {
    ws = new nn.ParameterList([new nn.Parameter(zeros([2])), new nn.Parameter(zeros([3]))]);
    forward() { return null; }
  }
  const h = new Holder();
  assert.deepEqual(names(h.namedParameters()), ['ws.0', 'ws.1']);
  assert.equal(h.numParameters(), 5);
});

test('toString prints the PyTorch-like tree and the parameter counts', () => {
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(256, 10));
  model.get(0).requiresGrad_(false);
  assert.equal(String(model), [
    'Sequential(',
    '  (0): Linear(inFeatures=784, outFeatures=256, bias=true)',
    '  (1): ReLU()',
    '  (2): Dropout(p=0.1)',
    '  (3): Linear(inFeatures=256, outFeatures=10, bias=true)',
    ')',
    'Parameters: 203,530 (trainable: 2,570)',
  ].join('\n'));
  assert.equal(new Net().repr(), [
    'Net(',
    '  (embed): Linear(inFeatures=3, outFeatures=4, bias=true)',
    '  (blocks): ModuleList(',
    '    (0): Block(',
    '      (fc): Linear(inFeatures=4, outFeatures=4, bias=true)',
    '      (act): ReLU()',
    '    )',
    '    (1): Block(',
    '      (fc): Linear(inFeatures=4, outFeatures=4, bias=true)',
    '      (act): ReLU()',
    '    )',
    '  )',
    '  (head): Sequential(',
    '    (0): Linear(inFeatures=4, outFeatures=2, bias=false)',
    '  )',
    ')',
  ].join('\n'));
});

test('registering by name checks the name and the kind of value', () => {
  const m = new nn.Sequential();
  m.registerParameter('alpha', new nn.Parameter(zeros([2])));
  m.registerModule('extra', new nn.ReLU());
  assert.deepEqual(names(m.namedParameters()), ['alpha']);
  assert.deepEqual(names(m.namedChildren()), ['extra']);
  assert.throws(() => m.registerParameter('a.b', new nn.Parameter(zeros([1]))), errorNaming(ValueError, /registerParameter/, /'\.'/));
  assert.throws(() => m.registerParameter('t', zeros([1]) as nn.Parameter), errorNaming(ValueError, /'t' must be a Parameter/));
  assert.throws(() => m.registerModule('', new nn.ReLU()), errorNaming(ValueError, /registerModule/));
  assert.throws(() => m.registerModule('x', {} as nn.Module), errorNaming(ValueError, /'x' must be a Module/));
  assert.throws(() => new nn.ModuleDict().set('a.b', new nn.ReLU()), errorNaming(ValueError, /ModuleDict\.set/));
  assert.throws(() => new nn.ParameterList([zeros([1]) as nn.Parameter]), errorNaming(ValueError, /ParameterList/));
});
