// The five fuzz targets: safetensors, checkpoint, IDX, gzip and the ONNX importer (load, then run).
// Each turns (generator, case) into one mutated input and a function that loads it and checks
// any result it returns; a check that fails throws a plain Error, which counts as untyped.

import { gzipSync } from 'node:zlib';
import { Tensor, randn, tensor, manualSeed, nn, optim, io, data, loadOnnxModel, encodeModel } from '../../engine/index.ts';
import {
  type Rng, EXTREME_INTS, flipBytes, truncate, setUint, splitSafetensors, joinSafetensors, corruptLength, mutateHeader, mutateMetadata,
} from './mutate.ts';
import { seedModels, mutateModel } from './onnx-models.ts';

export const LOADERS = ['safetensors', 'checkpoint', 'idx', 'gzip', 'onnx'] as const;
export type LoaderName = (typeof LOADERS)[number];

export interface FuzzInput {
  /** What was changed, for the report. */
  what: string;
  run(): unknown;
}
export type Target = (r: Rng) => FuzzInput;

const ensure = (ok: boolean, msg: string): void => {
  if (!ok) throw new Error(`check failed: ${msg}`);
};

function checkTensor(name: string, t: unknown): void {
  ensure(t instanceof Tensor, `${name} is not a tensor`);
  const x = t as Tensor;
  ensure(x.shape.every((d) => Number.isSafeInteger(d) && d >= 0), `${name} has shape [${x.shape}]`);
  ensure(x.toTypedArray().length === x.numel(), `${name}: data length differs from numel of [${x.shape}]`);
}

function safetensorsTarget(): Target {
  manualSeed(11);
  const file = io.saveSafetensors(
    { w: randn([3, 4]), b: tensor([1, 2, 3], { dtype: 'float64' }), i: tensor([[7, -8]], { dtype: 'int32' }), m: tensor([true, false, true]), s: tensor(0.5), e: randn([0, 2]) },
    { epoch: '3', note: 'fuzz' },
  );
  const { header, data: bytes, n } = splitSafetensors(file);
  const load = (b: Uint8Array) => () => {
    const r = io.loadSafetensors(b, { file: 'fuzz.safetensors' });
    for (const [name, t] of Object.entries(r.tensors)) {
      checkTensor(name, t);
      if (t.dtype === 'bool') ensure(t.toTypedArray().every((v) => v === 0 || v === 1), `${name}: bool values other than 0/1`);
    }
    for (const v of Object.values(r.metadata)) ensure(typeof v === 'string', 'metadata value is not a string');
  };
  return (r) => {
    const k = r.int(10);
    if (k < 4) return { what: 'byte flips', run: load(flipBytes(r, file)) };
    if (k === 4) return { what: 'truncation', run: load(truncate(r, file)) };
    if (k === 5) return { what: 'header length', run: load(corruptLength(r, file, n)) };
    const text = mutateHeader(r, header);
    return { what: `header ${text.slice(0, 120)}`, run: load(joinSafetensors(text, bytes)) };
  };
}

class Net extends nn.Module {
  fc1 = new nn.Linear(3, 4);
  fc2 = new nn.Linear(4, 2);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

function checkpointTarget(): Target {
  manualSeed(12);
  const model = new Net();
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  opt.zeroGrad();
  model.forward(randn([5, 3])).pow(2).mean().backward();
  opt.step();
  const file = io.saveCheckpoint({ model, optimizer: opt, epoch: 2, metrics: { loss: 0.5 }, extra: { seed: 12 } });
  const { header, data: bytes, n } = splitSafetensors(file);
  const target = new Net();
  const targetOpt = new optim.Adam(target.parameters(), { lr: 0.01 });
  const shapes = JSON.stringify(Object.entries(target.stateDict()).map(([k, t]) => [k, t.shape]));
  const load = (b: Uint8Array) => () => {
    const c = io.loadCheckpoint(b, { model: target, optimizer: targetOpt, file: 'fuzz.ckpt' });
    ensure(typeof c.epoch === 'number', 'epoch is not a number');
    ensure(JSON.stringify(Object.entries(target.stateDict()).map(([k, t]) => [k, t.shape])) === shapes, 'the model changed shape');
    for (const p of target.parameters()) ensure(p.dtype === 'float32', `a parameter became ${p.dtype}`);
  };
  return (r) => {
    const k = r.int(10);
    if (k < 3) return { what: 'byte flips', run: load(flipBytes(r, file)) };
    if (k === 3) return { what: 'truncation', run: load(truncate(r, file)) };
    if (k === 4) return { what: 'header length', run: load(corruptLength(r, file, n)) };
    const text = k < 7 ? mutateHeader(r, header) : mutateMetadata(r, header);
    return { what: `header ${text.slice(0, 120)}`, run: load(joinSafetensors(text, bytes)) };
  };
}

/** An IDX file: magic (type code, dim count), big-endian uint32 dims, big-endian values. */
function idxFile(type: number, shape: number[], values: number[], width: number): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + values.length * width);
  const v = new DataView(out.buffer);
  out[2] = type;
  out[3] = shape.length;
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  const put: Record<number, (at: number, x: number) => void> = {
    0x08: (at, x) => v.setUint8(at, x), 0x09: (at, x) => v.setInt8(at, x), 0x0b: (at, x) => v.setInt16(at, x),
    0x0c: (at, x) => v.setInt32(at, x), 0x0d: (at, x) => v.setFloat32(at, x), 0x0e: (at, x) => v.setFloat64(at, x),
  };
  values.forEach((x, i) => put[type](4 + 4 * shape.length + i * width, x));
  return out;
}

const idxSeeds = (): Uint8Array[] => [
  idxFile(0x08, [3, 4, 5], Array.from({ length: 60 }, (_, i) => i * 4), 1),
  idxFile(0x08, [3], [0, 7, 9], 1),
  idxFile(0x0c, [2, 3], [1, -2, 3, 70000, 5, 6], 4),
  idxFile(0x0e, [4], [0.5, -1, 2, 1e300], 8),
  idxFile(0x0d, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8], 4),
  idxFile(0x0b, [1, 1, 1, 3], [1, -1, 300], 2),
];

function mutateIdx(r: Rng, file: Uint8Array): [Uint8Array, string] {
  const k = r.int(8);
  const ndim = file[3];
  if (k < 3) return [flipBytes(r, file), 'byte flips'];
  if (k === 3) return [truncate(r, file), 'truncation'];
  if (k === 4) return [setUint(file, 4 + 4 * r.int(ndim), 4, r.pick(EXTREME_INTS), false), 'a dim'];
  if (k === 5) return [setUint(file, 2, 2, r.int(65536), false), 'type code and dim count'];
  if (k === 6) return [Uint8Array.from([...file, ...Array(1 + r.int(8)).fill(0)]), 'trailing bytes'];
  return [setUint(file, 4, 4, 2 ** 32 - 1, false), 'first dim 2^32 − 1'];
}

function checkIdx(a: data.IdxArray): void {
  ensure(a.shape.every((d) => Number.isSafeInteger(d) && d >= 0), `shape [${a.shape}]`);
  ensure(a.data.length === a.shape.reduce((x, y) => x * y, 1), `data length ${a.data.length} for shape [${a.shape}]`);
}

function idxTarget(): Target {
  const seeds = idxSeeds();
  const labels = idxFile(0x08, [3], [1, 2, 3], 1);
  return (r) => {
    const seed = r.int(seeds.length);
    const [file, what] = mutateIdx(r, seeds[seed]);
    return {
      what: `seed file ${seed}: ${what}`,
      run: () => {
        checkIdx(data.parseIdx(file, 'fuzz.idx'));
        // Image files also go through the MNIST pairing (N, H, W images with N labels).
        if (seed === 0) data.imageSetFromIdx(file, labels, { imagesName: 'fuzz-images.idx', labelsName: 'fuzz-labels.idx' });
      },
    };
  };
}

// The fuzz run's gunzip cap: a bomb (16 MiB of zeros in 16 KiB) must stop at it.
const GZ_LIMIT = 2 ** 20;

function gzipTarget(): Target {
  const plain = idxSeeds()[0];
  const seeds = [gzipSync(plain), gzipSync(Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) & 0xff)), gzipSync(new Uint8Array(16 * 2 ** 20))];
  return (r) => {
    const seed = r.int(seeds.length);
    const file = seeds[seed];
    const k = r.int(8);
    let bytes: Uint8Array, what: string;
    if (k < 3) [bytes, what] = [flipBytes(r, file), 'byte flips'];
    else if (k === 3) [bytes, what] = [truncate(r, file), 'truncation'];
    else if (k === 4) [bytes, what] = [setUint(file, 3, 1, r.int(256), true), 'header flags'];
    else if (k === 5) [bytes, what] = [setUint(file, file.length - 8 + 4 * r.int(2), 4, r.pick(EXTREME_INTS), true), 'trailer CRC or size'];
    else if (k === 6) [bytes, what] = [Uint8Array.from([...file, ...file.subarray(0, r.int(file.length))]), 'a second (partial) member'];
    else [bytes, what] = [file, 'unchanged'];
    return {
      what: `seed ${seed}: ${what}`,
      run: async () => {
        const out = await data.gunzip(bytes, 'fuzz.gz', { maxBytes: GZ_LIMIT });
        ensure(out.length <= GZ_LIMIT, `inflated to ${out.length} bytes past the cap`);
        if (seed === 0) checkIdx(data.parseIdx(out, 'fuzz.idx'));
      },
    };
  };
}

function onnxTarget(): Target {
  const seeds = seedModels();
  return (r) => {
    const seed = r.pick(seeds);
    if (r.next() < 0.1) {
      const bytes = flipBytes(r, encodeModel(seed.model));
      return { what: `${seed.name}: byte flips`, run: () => loadOnnxModel(bytes, 'fuzz.onnx').runValues(seed.feeds) };
    }
    const { model, feeds, what } = mutateModel(r, seed);
    return {
      what,
      run: () => {
        let bytes: Uint8Array;
        try {
          bytes = encodeModel(model);
        } catch {
          return; // a value protobuf cannot encode is not a file anyone could write
        }
        const out = loadOnnxModel(bytes, 'fuzz.onnx').runValues(feeds);
        for (const [name, v] of Object.entries(out)) if (v instanceof Tensor) checkTensor(name, v);
      },
    };
  };
}

/** The target for a loader, built once per run (seed files are made here). */
export function makeTarget(name: LoaderName): Target {
  return { safetensors: safetensorsTarget, checkpoint: checkpointTarget, idx: idxTarget, gzip: gzipTarget, onnx: onnxTarget }[name]();
}
