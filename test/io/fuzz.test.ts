// Fuzzing the three loaders (safetensors, checkpoints, our ONNX importer) with thousands of
// seeded mutations of valid files: byte flips, truncations at every kind of position, corrupt
// header lengths, and field-level mutations of the JSON header or the protobuf messages. Every
// load must either succeed with a well-formed result or throw FormatError: any other exception
// (TypeError, RangeError from a huge allocation…) fails the test.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pkg from 'onnx-proto';
import { tensor, randn, manualSeed, nn, optim, io, loadOnnxModel, encodeModel, FormatError, type Tensor } from '../../engine/index.ts';

const { onnx } = pkg;

/** A small seeded generator (mulberry32), so a failure reproduces from its seed and case number. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] };
}
type Rng = ReturnType<typeof rng>;

/** Runs load on a mutated file: returns 'ok' or 'format', and fails on anything else. */
function attempt<T>(what: string, load: () => T, check: (r: T) => void): 'ok' | 'format' {
  let result: T;
  try {
    result = load();
  } catch (e) {
    if (e instanceof FormatError) return 'format';
    assert.fail(`${what}: threw ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
  check(result);
  return 'ok';
}

// ---- byte-level mutations shared by all formats ----

function flipBytes(r: Rng, b: Uint8Array): Uint8Array {
  const out = Uint8Array.prototype.slice.call(b); // a copy even for a Node Buffer
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    const at = r.int(out.length);
    if (r.next() < 0.5) out[at] ^= 1 << r.int(8);
    else out[at] = r.int(256);
  }
  return out;
}

// ---- safetensors ----

function splitSafetensors(b: Uint8Array): { header: Record<string, unknown>; data: Uint8Array; n: number } {
  const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))), data: b.subarray(8 + n), n };
}

function joinSafetensors(headerText: string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const WEIRD: unknown[] = [null, true, -1, 0, 1, 1.5, 2 ** 31, 2 ** 40, 2 ** 53, 1e308, -0, '', 'F32', 'x', [], [0], [1, 2, 3], {}, { a: 1 }, [-1, 4], [4, 0], ['0', '4']];

/** One change to one field of the JSON header: dtypes, shapes, offsets, metadata, entries, keys. */
function mutateHeader(r: Rng, header: Record<string, unknown>): string {
  const h = structuredClone(header) as Record<string, any>;
  const names = Object.keys(h).filter((k) => k !== '__metadata__');
  const name = r.pick(names);
  const entry = h[name];
  switch (r.int(10)) {
    case 0: entry.dtype = r.pick(['F32', 'F64', 'I32', 'BOOL', 'F16', 'BF16', 'I64', 'U8', 'I8', 'U16', 'U32', 'U64', 'F8_E4M3', 'C64', 'f32', 7, null]); break;
    case 1: entry.shape = [...entry.shape]; entry.shape[r.int(entry.shape.length + 1)] = r.pick([0, 1, 2, 3, 4, 8, 2 ** 31, 2 ** 50, -2, 1.5, '2']); break;
    case 2: entry.shape = r.next() < 0.5 ? entry.shape.slice(1) : [...entry.shape, r.pick([1, 2, 0])]; break;
    case 3: entry.data_offsets = entry.data_offsets.map((o: number) => o + r.pick([-8, -4, -1, 1, 4, 8, 2 ** 40])); break;
    case 4: entry.data_offsets[r.int(2)] = r.pick(WEIRD); break;
    case 5: delete entry[r.pick(['dtype', 'shape', 'data_offsets'])]; break;
    case 6: h[name] = r.pick(WEIRD); break;
    case 7: h.__metadata__ = r.next() < 0.5 ? r.pick(WEIRD) : { ...(h.__metadata__ ?? {}), k: r.pick(WEIRD) }; break;
    case 8: entry.data_offsets = [...entry.data_offsets].reverse(); break;
    default: {
      // Textual: repeat an entry under the same key, or swap two entries' offsets.
      if (r.next() < 0.5) return JSON.stringify(h).replace(/^\{/, `{${JSON.stringify(name)}:${JSON.stringify(entry)},`);
      const other = h[r.pick(names)];
      [entry.data_offsets, other.data_offsets] = [other.data_offsets, entry.data_offsets];
    }
  }
  return JSON.stringify(h);
}

function checkSafetensors(r: io.SafetensorsContents): void {
  for (const [name, t] of Object.entries(r.tensors)) {
    assert.ok(['float32', 'float64', 'int32', 'bool'].includes(t.dtype), name);
    assert.ok(t.shape.every((d) => Number.isSafeInteger(d) && d >= 0), name);
    assert.equal(t.data.length, t.shape.reduce((a, b) => a * b, 1), name);
    if (t.dtype === 'bool') assert.ok(t.data.every((v) => v === 0 || v === 1), name);
  }
  for (const v of Object.values(r.metadata)) assert.equal(typeof v, 'string');
}

/** Every cut of a file, and every change of its length field, must be refused. */
function cutsAndLengths(file: Uint8Array, n: number, load: (b: Uint8Array) => unknown): number {
  let cases = 0;
  for (let cut = 0; cut < file.length; cut++) {
    assert.equal(attempt(`cut at ${cut}`, () => load(file.subarray(0, cut)), () => {}), 'format', `a file cut at byte ${cut} of ${file.length} loaded`);
    cases++;
  }
  const lengths = [0, 1, 2, n - 8, n - 1, n + 1, n + 8, file.length - 8, file.length, 2 ** 31, 2 ** 32 + n, 2 ** 53, 2 ** 64 - 1];
  for (const len of lengths) {
    const b = file.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(len)), true);
    assert.equal(attempt(`length ${len}`, () => load(b), () => {}), 'format', `header length ${len} (true ${n}) loaded`);
    cases++;
  }
  return cases;
}

describe('fuzz: safetensors', () => {
  manualSeed(11);
  const file = io.saveSafetensors(
    { w: randn([3, 4]), b: tensor([1, 2, 3], { dtype: 'float64' }), i: tensor([[7, -8]], { dtype: 'int32' }), m: tensor([true, false, true]), s: tensor(0.5), e: randn([0, 2]) },
    { epoch: '3', note: 'fuzz' },
  );
  const { header, data, n } = splitSafetensors(file);
  const load = (b: Uint8Array) => io.loadSafetensors(b, { file: 'fuzz.safetensors' });

  test('every truncation and every corrupt header length is a FormatError', () => {
    assert.ok(cutsAndLengths(file, n, load) > 300);
  });

  test('2000 byte flips and 2000 JSON field mutations: a well-formed result or a FormatError', () => {
    const r = rng(1);
    const tally = { ok: 0, format: 0 };
    for (let k = 0; k < 2000; k++) tally[attempt(`flip case ${k}`, () => load(flipBytes(r, file)), checkSafetensors)]++;
    for (let k = 0; k < 2000; k++) {
      const text = mutateHeader(r, header);
      tally[attempt(`header case ${k}: ${text}`, () => load(joinSafetensors(text, data)), checkSafetensors)]++;
    }
    // Both outcomes happen: flips inside the data bytes still load, header changes mostly do not.
    assert.ok(tally.ok > 100 && tally.format > 2000, JSON.stringify(tally));
  });
});

// ---- checkpoints ----

class Net extends nn.Module {
  fc1 = new nn.Linear(3, 4);
  fc2 = new nn.Linear(4, 2);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

describe('fuzz: checkpoints', () => {
  manualSeed(12);
  const model = new Net();
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  opt.zeroGrad();
  model.forward(randn([5, 3])).pow(2).mean().backward();
  opt.step();
  const file = io.saveCheckpoint({ model, optimizer: opt, epoch: 2, metrics: { loss: 0.5 }, extra: { seed: 12 } });
  const { header, data, n } = splitSafetensors(file);
  const target = new Net();
  const targetOpt = new optim.Adam(target.parameters(), { lr: 0.01 });
  const shapes = JSON.stringify(Object.entries(target.stateDict()).map(([k, t]) => [k, t.shape]));
  const load = (b: Uint8Array) => io.loadCheckpoint(b, { model: target, optimizer: targetOpt, file: 'fuzz.ckpt' });
  const check = (r: ReturnType<typeof load>) => {
    assert.equal(typeof r.epoch, 'number');
    assert.equal(JSON.stringify(Object.entries(target.stateDict()).map(([k, t]) => [k, t.shape])), shapes);
    for (const p of target.parameters()) assert.ok(p.dtype === 'float32');
  };

  test('every truncation and every corrupt header length is a FormatError', () => {
    assert.ok(cutsAndLengths(file, n, load) > 1000);
  });

  test('1500 byte flips, 1500 header mutations and 1000 metadata mutations', () => {
    const r = rng(2);
    const tally = { ok: 0, format: 0 };
    for (let k = 0; k < 1500; k++) tally[attempt(`flip case ${k}`, () => load(flipBytes(r, file)), check)]++;
    for (let k = 0; k < 1500; k++) {
      const text = mutateHeader(r, header);
      tally[attempt(`header case ${k}: ${text}`, () => load(joinSafetensors(text, data)), check)]++;
    }
    // Inside the metadata's JSON strings: optimizer groups, state numbers, epoch, metrics.
    const meta = header.__metadata__ as Record<string, string>;
    for (let k = 0; k < 1000; k++) {
      const h = structuredClone(header) as Record<string, any>;
      const key = r.pick(Object.keys(meta));
      const s = meta[key];
      const at = r.int(s.length + 1);
      h.__metadata__[key] = r.next() < 0.5 ? s.slice(0, at) + r.pick(['0', '-1', '"', '{', '}', 'null', '[]', '1e999', ',', 'x']) + s.slice(at + 1) : s.slice(0, at);
      tally[attempt(`metadata case ${k}: ${h.__metadata__[key]}`, () => load(joinSafetensors(JSON.stringify(h), data)), check)]++;
    }
    assert.ok(tally.ok > 50 && tally.format > 1500, JSON.stringify(tally));
  });
});

// ---- ONNX models (our importer) ----

describe('fuzz: ONNX importer', () => {
  manualSeed(13);
  const mlp = new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Linear(6, 3), new nn.LogSoftmax(1));
  const file = io.exportOnnx(mlp, [randn([2, 4])], { dynamicBatch: true });
  const load = (b: Uint8Array) => loadOnnxModel(b, 'fuzz.onnx');
  const check = (m: ReturnType<typeof load>) => {
    assert.ok(Number.isInteger(m.opset));
    assert.ok(Array.isArray(m.inputs) && Array.isArray(m.outputs));
  };

  test('every truncation is a FormatError; 2000 byte flips give a model or a FormatError', () => {
    // The graph comes before opset_import in the encoding, so no cut leaves a complete model.
    for (let cut = 0; cut < file.length; cut++) assert.equal(attempt(`cut at ${cut}`, () => load(file.subarray(0, cut)), check), 'format', `cut at ${cut} loaded`);
    const tally = { ok: 0, format: 0 };
    const r = rng(3);
    for (let k = 0; k < 2000; k++) tally[attempt(`flip case ${k}`, () => load(flipBytes(r, file)), check)]++;
    assert.ok(tally.format > 700 && tally.ok > 100, JSON.stringify(tally));
  });

  test('1500 mutations of message fields: dims, data types, raw data, names, attributes, opsets', () => {
    const r = rng(4);
    const base = onnx.ModelProto.toObject(onnx.ModelProto.decode(file), { longs: Number, bytes: Array }) as any;
    const tally = { ok: 0, format: 0 };
    for (let k = 0; k < 1500; k++) {
      const m = structuredClone(base);
      const g = m.graph;
      const init = r.pick(g.initializer as any[]);
      const node = r.pick(g.node as any[]);
      switch (r.int(10)) {
        case 0: init.dims = [...init.dims]; init.dims[r.int(init.dims.length + 1)] = r.pick([0, 1, 3, -1, 2 ** 31, 2 ** 40, 2 ** 52]); break;
        case 1: init.dataType = r.pick([0, 1, 2, 6, 7, 8, 9, 10, 11, 14, 16, 99]); break;
        case 2: init.rawData = init.rawData.slice(0, r.int(init.rawData.length)); break;
        case 3: init.floatData = [1, 2]; delete init.rawData; break;
        case 4: node.input[r.int(node.input.length)] = r.pick(['', 'nope', g.output[0].name, 'input']); break;
        case 5: node.opType = r.pick(['Conv', 'Foo', '', 'Gemm', 'Loop', 'If']); break;
        case 6: node.attribute = [{ name: r.pick(['axis', 'perm', 'to', 'keepdims']), type: r.pick([0, 1, 2, 5, 7, 99]), i: r.pick([-5, 0, 99, 2 ** 40]) }]; break;
        case 7: m.opsetImport = r.pick([[], [{ domain: 'x', version: 17 }], [{ version: 2 ** 40 }], [{ version: -1 }], [{ version: 1 }]]); break;
        case 8: g.node.splice(r.int(g.node.length), 1); break;
        default: g.output[0].name = r.pick(['', 'input', init.name, 'missing']);
      }
      let bytes: Uint8Array;
      try {
        bytes = encodeModel(m);
      } catch {
        continue; // a value protobuf cannot encode is not a file anyone could read
      }
      tally[attempt(`field case ${k}`, () => load(bytes), check)]++;
    }
    assert.ok(tally.format > 400 && tally.ok > 50, JSON.stringify(tally));
  });
});
